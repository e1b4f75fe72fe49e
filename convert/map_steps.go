package convert

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

var (
	stepEcho             = &Construct{Kind: KindStep, Name: "echo", Status: Converted, Summary: "run: echo"}
	stepSleep            = &Construct{Kind: KindStep, Name: "sleep", Status: Converted, Summary: "run: sleep"}
	stepError            = &Construct{Kind: KindStep, Name: "error", Status: Converted, Summary: "an error annotation and exit 1"}
	stepDeleteDir        = &Construct{Kind: KindStep, Name: "deleteDir", Status: Converted, Summary: "run: delete the current directory's content"}
	stepCleanWs          = &Construct{Kind: KindStep, Name: "cleanWs", Status: Approximated, Summary: "run: delete the workspace's content"}
	stepCheckout         = &Construct{Kind: KindStep, Name: "checkout", Status: Converted, Summary: "the checkout template"}
	stepGit              = &Construct{Kind: KindStep, Name: "git", Status: Converted, Summary: "the checkout template for GitHub URLs, git clone otherwise"}
	stepArchiveArtifacts = &Construct{Kind: KindStep, Name: "archiveArtifacts", Status: Converted, Summary: "the upload-artifact template"}
	stepArchive          = &Construct{Kind: KindStep, Name: "archive", Status: Converted, Summary: "the upload-artifact template, as archiveArtifacts"}
	stepPrint            = &Construct{Kind: KindStep, Name: "print", Status: Converted, Summary: "run: echo"}
	stepPrintln          = &Construct{Kind: KindStep, Name: "println", Status: Converted, Summary: "run: echo"}
	stepJunit            = &Construct{Kind: KindStep, Name: "junit", Status: Converted, Summary: "the junit-report template"}
	stepStash            = &Construct{Kind: KindStep, Name: "stash", Status: Converted, Summary: "upload-artifact with a one-day retention"}
	stepUnstash          = &Construct{Kind: KindStep, Name: "unstash", Status: Converted, Summary: "download-artifact"}
	stepWriteFile        = &Construct{Kind: KindStep, Name: "writeFile", Status: Converted, Summary: "run: printf into the file, its directories created"}
	stepLoad             = &Construct{Kind: KindStep, Name: "load", Status: Converted, Summary: "a file of the repository: its methods inlined where they are called, its top-level statements converted in place"}
)

func init() {
	stepEcho.step = mapEcho
	stepSleep.step = mapSleep
	stepError.step = mapError
	stepDeleteDir.step = mapDeleteDir
	stepCleanWs.step = mapCleanWs
	stepCheckout.step = mapCheckout
	stepGit.step = mapGit
	stepArchiveArtifacts.step = mapArchive
	stepArchive.step = mapArchive
	stepPrint.step = mapEcho
	stepPrintln.step = mapEcho
	stepJunit.step = mapJunit
	stepStash.step = mapStash
	stepUnstash.step = mapUnstash
	stepWriteFile.step = mapWriteFile
	stepLoad.step = mapLoad
}

// manualSteps are steps the converter knows but cannot translate yet: each
// says what a person should do.
func manualSteps() []*Construct {
	var ks []*Construct
	for name, why := range map[string]string{
		"milestone":          "milestones: use concurrency with cancel-in-progress",
		"withDockerRegistry": "log in with the docker-login template",
		"tool":               "install the tool with a setup action",
		"readJSON":           "read the file with jq in a run step",
		"readYaml":           "read the file with yq in a run step",
		"readProperties":     "read the file in a run step",
		"readFile":           "read the file in a run step",
		"publishHTML":        "upload the report with the upload-artifact template or publish it to Pages",
		"withMaven":          "use the setup-java template with cache: maven",
		"withSonarQubeEnv":   "use the SonarQube scan action with SONAR_TOKEN and SONAR_HOST_URL",
		"waitForQualityGate": "use the SonarQube quality gate action",
		"copyArtifacts":      "download the artifact with download-artifact from the other workflow's run",
		"jenkinsfileFromSCM": "the pipeline is the Jenkinsfile in the repository: convert it with jenkins2actions convert in a checkout",
		"gitPush":            "pushing from the build needs a token with contents: write and persist-credentials; do it in a run step",
		"recordIssues":       "publish the analysis report as a SARIF upload (github/codeql-action/upload-sarif) or an artifact",
		"jacoco":             "upload the coverage report with the codecov template or as an artifact",
		"cobertura":          "upload the coverage report with the codecov template or as an artifact",
		"httpRequest":        "call the URL with curl in a run step",
	} {
		k := &Construct{Kind: KindStep, Name: name, Status: Manual, Summary: why}
		k.step = func(c *converter, sc *scope, s *pipeline.Step) {
			c.manual(k, s.Range, s.Text, "%s", why)
			c.inner(sc, s)
		}
		ks = append(ks, k)
	}
	return ks
}

func mapEcho(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Args.First("message")
	if v.Kind != pipeline.String || !c.resolves(sc, v) {
		st, why := c.computeStep(sc, stepName("", "echo "+firstLine(v.Text)), v, func(word string) string { return "echo " + word })
		if why != "" {
			c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "message computed by Groovy: %s", why)
			return
		}
		c.emit(sc, st, s.Range)
		c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "the message is computed in bash: check the translation")
		return
	}
	unresolved := c.echo(sc, stepName("", "echo "+v.Str()), v, "", s.Range)
	c.recordScript(constructFor(KindStep, s.Name), s, unresolved)
}

// echo emits a step that echoes a Jenkins string, followed by redirect
// (">> file" or ""), and returns the Groovy it could not translate.
func (c *converter) echo(sc *scope, name string, v pipeline.Value, redirect string, src diag.Range) []string {
	word, unresolved := c.shellWord(sc, v)
	run := "echo " + word + redirect
	st := &workflow.Step{Name: name, Run: withDirective(c.directive(run, src), run)}
	if st.Run == run && redirect == "" {
		// The echo line names the step well enough.
		st.Name = ""
	}
	c.emit(sc, st, src)
	return unresolved
}

func mapSleep(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Args.First("time")
	var n int
	if _, err := fmt.Sscanf(v.Str(), "%d", &n); err != nil {
		unit := strings.ToUpper(s.Args.Get("unit").Str())
		st, why := c.computeStep(sc, "Sleep", v, func(word string) string { return "sleep " + word })
		if unit != "" && unit != "SECONDS" {
			why = "a computed duration in " + unit
		}
		if why != "" {
			c.manual(stepSleep, s.Range, s.Text, "duration computed by Groovy: %s", why)
			return
		}
		c.emit(sc, st, s.Range)
		c.record(stepSleep, Approximated, s.Range, "the duration is computed in bash: check the translation")
		return
	}
	mult := map[string]int{"": 1, "SECONDS": 1, "MINUTES": 60, "HOURS": 3600, "DAYS": 86400, "MILLISECONDS": 0}[strings.ToUpper(s.Args.Get("unit").Str())]
	secs := n * mult
	if mult == 0 {
		secs = (n + 999) / 1000
	}
	c.emit(sc, &workflow.Step{Name: fmt.Sprintf("Sleep %ds", secs), Run: fmt.Sprintf("sleep %d", secs)}, s.Range)
	c.record(stepSleep, Converted, s.Range, "")
}

func mapError(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Args.First("message")
	word, unresolved := c.shellWord(sc, v)
	run := "echo \"::error::\"" + word + "\nexit 1"
	c.emit(sc, &workflow.Step{Name: "Fail", Run: withDirective(c.directive(run, s.Range), run)}, s.Range)
	c.recordScript(stepError, s, unresolved)
}

// mapDeleteDir deletes the current directory, as Jenkins does; the
// workspace itself only loses its content, which is all a runner allows.
// A step that runs in the directory afterwards recreates it, as Jenkins
// does when a step needs it.
func mapDeleteDir(c *converter, sc *scope, s *pipeline.Step) {
	if sc.dir == "" {
		c.emit(sc, &workflow.Step{Name: "Delete the workspace content", Run: "find . -mindepth 1 -delete"}, s.Range)
	} else {
		c.emit(sc, &workflow.Step{Name: "Delete the directory", Run: `rm -rf -- "$J2A_DIR"`, WorkingDirectory: ".",
			Env: []workflow.KV{{Key: "J2A_DIR", Value: sc.dir}}}, s.Range)
		sc.dirGone = true
	}
	c.record(stepDeleteDir, Converted, s.Range, "")
}

func mapCleanWs(c *converter, sc *scope, s *pipeline.Step) {
	c.emit(sc, &workflow.Step{Name: "Clean workspace", Run: `find "$GITHUB_WORKSPACE" -mindepth 1 -delete`}, s.Range)
	c.record(stepCleanWs, Approximated, s.Range, "GitHub-hosted runners start with an empty workspace; the step matters on self-hosted runners only")
}

// checkout adds the job's implicit checkout, as Jenkins does for every
// agent of a declarative pipeline.
func (c *converter) checkout(j *jobBuilder, sc *scope) {
	c.template(sc, "checkout", map[string]string{"fetch-depth": "0"}, j.job.Source)
	j.checkedOut = true
	j.checkoutAt = len(j.job.Steps)
}

func mapCheckout(c *converter, sc *scope, s *pipeline.Step) {
	arg := s.Args.First("scm")
	if arg.Kind == pipeline.Absent && s.Args.Has("$class") {
		// checkout([$class: 'GitSCM', ...]) reads as named arguments.
		arg = pipeline.Value{Kind: pipeline.Map, Map: s.Args.Named, Range: s.Range, Text: s.Text}
	}
	switch {
	case arg.Ref() != nil && arg.Ref().Name == "scm":
		if sc.job.checkedOut && sc.dir == "" && len(sc.job.job.Steps) == sc.job.checkoutAt {
			c.record(stepCheckout, Converted, s.Range, "the job already checks out the repository")
			return
		}
		// A clone as Jenkins makes it: all history and tags, and the
		// files earlier steps left stay.
		in := map[string]string{"fetch-depth": "0"}
		if sc.job.checkedOut {
			in["clean"] = "false"
		}
		if sc.dir != "" {
			in["path"] = sc.dir
		}
		c.template(sc, "checkout", in, s.Range)
		sc.job.checkedOut = true
		c.record(stepCheckout, Converted, s.Range, "")
	default:
		url, branch := gitSCM(arg)
		if repo, ok := githubRepo(url); ok {
			c.template(sc, "checkout", map[string]string{"repository": workflow.Literal(repo), "ref": workflow.Literal(branch), "path": workflow.Literal(sc.dir)}, s.Range)
			c.record(stepCheckout, Approximated, s.Range, "GitSCM extensions other than the URL and branch are not carried over")
			return
		}
		if c.gitFetch(sc, url, branch, s) {
			c.record(stepCheckout, Approximated, s.Range, "a repository outside GitHub is fetched with git in a run step; a private one needs credentials from secrets, and GitSCM extensions are not carried over")
			return
		}
		c.manual(stepCheckout, s.Range, s.Text, "checkout of a repository outside GitHub: clone it in a run step with a token from secrets")
	}
}

// envRef matches a value that is one environment variable, as Jenkins'
// git plugin expands in branch names (${GERRIT_REFSPEC}).
var envRef = regexp.MustCompile(`^\$\{?([A-Za-z_]\w*)\}?$`)

// gitFetch checks out a commit of a repository outside GitHub into the
// scope's directory with plain git, and reports whether it could: the URL
// must be literal.
func (c *converter) gitFetch(sc *scope, url, branch string, s *pipeline.Step) bool {
	if url == "" || strings.Contains(url, "${") {
		return false
	}
	ref := "HEAD"
	env := []workflow.KV{{Key: "GIT_URL", Value: url}}
	switch m := envRef.FindStringSubmatch(branch); {
	case m != nil:
		ref = `"${` + m[1] + `}"`
		c.useVar(sc, m[1])
	case branch != "" && !strings.Contains(branch, "$"):
		env = append(env, workflow.KV{Key: "GIT_REF", Value: branch})
		ref = `"$GIT_REF"`
	case branch != "":
		return false
	}
	// The directory goes through env: it may be an expression.
	dir := "."
	if sc.dir != "" {
		dir = sc.dir
	}
	env = append(env, workflow.KV{Key: "GIT_DIR_PATH", Value: dir})
	run := fmt.Sprintf("mkdir -p \"$GIT_DIR_PATH\"\ncd \"$GIT_DIR_PATH\"\ngit init -q .\ngit fetch -q --depth=1 \"$GIT_URL\" %s\ngit checkout -q FETCH_HEAD\n", ref)
	c.emit(sc, &workflow.Step{Name: "Fetch " + url, Run: run, Env: env, WorkingDirectory: "."}, s.Range)
	return true
}

// gitSCM digs the first remote URL and branch out of a GitSCM map or scmGit
// call.
func gitSCM(v pipeline.Value) (url, branch string) {
	var walk func(v pipeline.Value)
	walk = func(v pipeline.Value) {
		switch v.Kind {
		case pipeline.Map:
			for _, n := range v.Map {
				switch {
				case n.Name == "url" && url == "":
					url = n.Value.Str()
				case n.Name == "name" && branch == "" && n.Value.IsLiteral():
					branch = n.Value.Str()
				default:
					walk(n.Value)
				}
			}
		case pipeline.List:
			for _, e := range v.List {
				walk(e)
			}
		case pipeline.Call:
			walk(pipeline.Value{Kind: pipeline.Map, Map: v.Call.Args.Named})
			for _, p := range v.Call.Args.Positional {
				walk(p)
			}
		}
	}
	walk(v)
	branch = strings.TrimPrefix(strings.TrimPrefix(branch, "*/"), "refs/heads/")
	return url, branch
}

var githubURL = regexp.MustCompile(`^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+/[\w.-]+?)(?:\.git)?/?$`)

// githubRepo returns owner/repo for a github.com URL.
func githubRepo(url string) (string, bool) {
	m := githubURL.FindStringSubmatch(url)
	if m == nil {
		return "", false
	}
	return m[1], true
}

func mapGit(c *converter, sc *scope, s *pipeline.Step) {
	url := s.Args.First("url").Str()
	branch := s.Args.Get("branch").Str()
	if repo, ok := githubRepo(url); ok {
		c.template(sc, "checkout", map[string]string{"repository": workflow.Literal(repo), "ref": workflow.Literal(branch), "path": workflow.Literal(sc.dir)}, s.Range)
		if s.Args.Has("credentialsId") {
			c.record(stepGit, Approximated, s.Range, "a private repository needs a token with read access in the checkout's token input")
			return
		}
		c.record(stepGit, Converted, s.Range, "")
		return
	}
	c.manual(stepGit, s.Range, s.Text, "clone of a repository outside GitHub: clone it in a run step with a token from secrets")
}

// artifactName returns a name unique within the workflow run, as
// upload-artifact v4 and later require.
func (c *converter) artifactName(j *jobBuilder, base string) string {
	name := j.job.ID + "-" + base
	c.artifacts[name]++
	if n := c.artifacts[name]; n > 1 {
		name = fmt.Sprintf("%s-%d", name, n)
	}
	return name
}

// artifactPaths turns Jenkins' comma-separated include and exclude patterns
// into upload-artifact's path lines, under the scope's directory.
func artifactPaths(sc *scope, includes, excludes string) string {
	var paths []string
	for _, p := range splitList(includes) {
		paths = append(paths, joinPath(sc.dir, p))
	}
	for _, p := range splitList(excludes) {
		paths = append(paths, "!"+joinPath(sc.dir, p))
	}
	return strings.Join(paths, "\n")
}

func mapArchive(c *converter, sc *scope, s *pipeline.Step) {
	arg := s.Args.First("artifacts")
	if s.Name == "archive" && s.Args.Has("includes") {
		// The old archive step names its pattern includes.
		arg = s.Args.Get("includes")
	}
	pat, ok := valueText(arg)
	if !ok {
		// Patterns that read variables are resolved by a step, whose
		// output upload-artifact reads.
		words, wok := c.globWords(sc, arg)
		if !wok {
			c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "artifact pattern computed by Groovy")
			return
		}
		id := sc.job.stepID("artifact-paths")
		lines := strings.Join(slices.Collect(func(yield func(string) bool) {
			for _, w := range words {
				if !yield("  printf '%s\\n' " + strings.NewReplacer("*", "'*'", "?", "'?'").Replace(w)) {
					return
				}
			}
		}), "\n")
		c.emit(sc, &workflow.Step{ID: id, Name: "Resolve the artifact paths",
			Run: "{\n  echo 'value<<J2A_EOF'\n" + lines + "\n  echo 'J2A_EOF'\n} >> \"$GITHUB_OUTPUT\""}, s.Range)
		pat = "${{ steps." + id + ".outputs.value }}"
	} else if pat == "" {
		c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "artifact pattern computed by Groovy")
		return
	}
	missing := "error"
	if s.Args.Get("allowEmptyArchive").Truthy() {
		missing = "warn"
	}
	in := map[string]string{"name": c.artifactName(sc.job, "artifacts"), "path": workflow.Literal(artifactPaths(sc, pat, s.Args.Get("excludes").Str())), "if-no-files-found": missing}
	inner := sc
	if s.Args.Get("onlyIfSuccessful").Truthy() {
		inner = sc.child()
		inner.cond = condition.And(condition.Of("success()"), sc.cond)
	}
	c.template(inner, "upload-artifact", in, s.Range)
	var notes []string
	if s.Args.Has("fingerprint") {
		notes = append(notes, "fingerprints are not kept; GitHub records each artifact's digest")
	}
	if strings.Contains(in["path"], "/") {
		notes = append(notes, "the artifact holds the files relative to the directory their patterns share, not to the workspace as Jenkins shows them")
	}
	if len(notes) > 0 {
		c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "%s", strings.Join(notes, "; "))
		return
	}
	c.record(constructFor(KindStep, s.Name), Converted, s.Range, "")
}

func mapJunit(c *converter, sc *scope, s *pipeline.Step) {
	pat, ok := valueText(s.Args.First("testResults"))
	if !ok || pat == "" {
		c.manual(stepJunit, s.Range, s.Text, "report pattern computed by Groovy")
		return
	}
	var paths []string
	for _, p := range splitList(pat) {
		paths = append(paths, joinPath(sc.dir, p))
	}
	in := map[string]string{"report_paths": workflow.Literal(strings.Join(paths, ","))}
	if !s.Args.Get("allowEmptyResults").Truthy() {
		in["require_tests"] = "true"
	}
	steps := c.template(sc, "junit-report", in, s.Range)
	if len(steps) == 1 {
		// Failed tests make a Jenkins build unstable, not failed: the
		// post conditions and skipStagesAfterUnstable see it.
		id := sc.job.stepID("junit")
		steps[0].ID = id
		sc.job.export(unstableVar)
		c.emit(sc, &workflow.Step{Name: "Mark the build unstable when tests failed", If: fmt.Sprintf("${{ !cancelled() && steps.%s.outputs.failed != '' && steps.%s.outputs.failed != '0' }}", id, id),
			Run: "echo '::warning::tests failed: the build is unstable'\necho \"J2A_UNSTABLE=true\" >> \"$GITHUB_ENV\""}, s.Range)
	}
	c.record(stepJunit, Converted, s.Range, "")
}

func mapStash(c *converter, sc *scope, s *pipeline.Step) {
	name, ok := valueText(s.Args.First("name"))
	if !ok || name == "" {
		c.manual(stepStash, s.Range, s.Text, "stash name computed by Groovy")
		return
	}
	defaultExcludes := !s.Args.Has("useDefaultExcludes") || s.Args.Get("useDefaultExcludes").Truthy()
	excludes := s.Args.Get("excludes")
	if !excludes.IsLiteral() && excludes.Kind != pipeline.Absent {
		c.manual(stepStash, s.Range, s.Text, "exclude patterns computed by Groovy: list the files in a run step")
		return
	}
	var list string
	if inc := s.Args.Get("includes"); inc.IsLiteral() || inc.Kind == pipeline.Absent {
		includes := splitList(inc.Str())
		if slices.Contains(includes, "**") || slices.Contains(includes, "**/*") {
			includes = nil
		}
		list = antFileList(includes, splitList(excludes.Str()), defaultExcludes)
	} else {
		words, ok := c.globWords(sc, inc)
		if !ok {
			// A pattern Groovy computes (vsix[0].path): a step computes
			// it, and the stash's step globs its value.
			name := fmt.Sprintf("J2A_STASH_%s", strings.ToUpper(slug(s.Args.First("name").Str(), "_")))
			if why := c.computeEnv(sc, name, inc, inc.Range); why == "" {
				words, ok = []string{"$" + name}, true
			}
		}
		if !ok {
			c.manual(stepStash, s.Range, s.Text, "include patterns computed by Groovy: list the files in a run step")
			return
		}
		list = antGlobList(words, splitList(excludes.Str()), defaultExcludes)
	}
	c.saveFiles(sc, "stash-"+slug(name, "-"), list, s.Args.Get("allowEmpty").Truthy(), s.Range)
	c.record(stepStash, Converted, s.Range, "")
}

func mapUnstash(c *converter, sc *scope, s *pipeline.Step) {
	name, ok := valueText(s.Args.First("name"))
	if !ok || name == "" {
		c.manual(stepUnstash, s.Range, s.Text, "stash name computed by Groovy")
		return
	}
	c.restoreFiles(sc, "stash-"+slug(name, "-"), s.Range)
	c.record(stepUnstash, Converted, s.Range, "")
}

// mapWriteFile writes the text as Jenkins does: into the file under the
// current directory, creating its directories, without a newline added.
// mapLoad converts a load of a Groovy file the reader found in the
// repository: its top-level statements run here, and its methods are
// inlined at their calls like the Jenkinsfile's own.
func mapLoad(c *converter, sc *scope, s *pipeline.Step) {
	path := s.Args.First("path").Str()
	file := s.Args.Get("file").Str()
	if file == "" {
		c.manual(stepLoad, s.Range, s.Text, "%s is not in the repository being converted (or is computed): port the code it loads", path)
		return
	}
	c.record(stepLoad, Converted, s.Range, "%s is read: its methods are inlined where they are called", file)
	c.steps(sc, s.Body)
}

func mapWriteFile(c *converter, sc *scope, s *pipeline.Step) {
	file, ok := valueText(s.Args.First("file"))
	if !ok || file == "" {
		c.manual(stepWriteFile, s.Range, s.Text, "file name computed by Groovy: write the file in a run step")
		return
	}
	target := bash.Quote(file)
	st, why := c.computeStep(sc, "Write "+file, s.Args.Get("text"), func(word string) string {
		return fmt.Sprintf("mkdir -p -- \"$(dirname -- %s)\"\nprintf '%%s' %s > %s", target, word, target)
	})
	if why != "" {
		c.manual(stepWriteFile, s.Range, s.Text, "text computed by Groovy: %s (write the file in a run step)", why)
		return
	}
	c.emit(sc, st, s.Range)
	c.record(stepWriteFile, Converted, s.Range, "")
}
