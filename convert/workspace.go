package convert

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pattern"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// Files cross jobs in a tar archive uploaded as an artifact: a lone file
// keeps upload-artifact from re-rooting paths at the least common ancestor
// of its patterns and from dropping hidden files, and tar keeps file modes,
// which artifacts lose. Jenkins keeps paths relative to the workspace (or
// the dir() the stash ran in), and so do these.

var (
	directiveWorkspace = &Construct{Kind: KindDirective, Name: "workspace", Status: Approximated,
		Summary: "a Jenkins workspace split across jobs: the later job takes over the earlier one's files through an artifact"}
)

// saveFiles adds the steps that archive the paths listFiles prints (one a
// line, relative to the scope's directory) and upload the archive as the
// artifact name. Unless allowEmpty, an empty list fails the step, as an
// empty stash fails on Jenkins.
func (c *converter) saveFiles(sc *scope, name, listFiles string, allowEmpty bool, src diag.Range) {
	list := `"$RUNNER_TEMP/j2a-` + name + `.list"`
	run := fmt.Sprintf("%s > %s\n", listFiles, list)
	if !allowEmpty {
		run += fmt.Sprintf("if [ ! -s %s ]; then\n  echo '::error::no files to save in %s'\n  exit 1\nfi\n", list, name)
	}
	run += fmt.Sprintf(`tar -cf "$RUNNER_TEMP/j2a-%s.tar" --no-recursion -T %s`, name, list)
	c.emit(sc, &workflow.Step{Name: "Archive " + name, Run: run}, src)
	c.template(sc, "upload-artifact", map[string]string{
		"name": name, "path": "${{ runner.temp }}/j2a-" + name + ".tar", "if-no-files-found": "error", "retention-days": "1", "overwrite": "true",
	}, src)
}

// restoreFiles adds the steps that download the artifact name that
// saveFiles uploaded and extract it into the scope's directory.
func (c *converter) restoreFiles(sc *scope, name string, src diag.Range) {
	c.template(sc, "download-artifact", map[string]string{"name": name, "path": "${{ runner.temp }}/j2a-" + name}, src)
	st := &workflow.Step{Name: "Extract " + name, Run: fmt.Sprintf(`tar -xf "$RUNNER_TEMP/j2a-%s/j2a-%s.tar"`, name, name)}
	if sc.dir != "" {
		// Into dir(), which the extraction creates; the directory goes
		// through env, as it may read values.
		st.Run = `mkdir -p -- "$J2A_DIR"` + "\n" + st.Run + ` -C "$J2A_DIR"`
		st.WorkingDirectory = "."
		st.Env = []workflow.KV{{Key: "J2A_DIR", Value: sc.dir}}
	}
	c.emit(sc, st, src)
}

// takeWorkspace starts job j, which goes on in the Jenkins workspace of
// the earlier job j.from, with that job's files instead of a checkout.
//
// A job of the workspace that may have been skipped (its stage's when)
// left no files: the files come from the jobs before it, each skipped one
// laid over them only when it ran.
func (c *converter) takeWorkspace(j *jobBuilder, sc *scope) {
	from := j.from
	var chain []*jobBuilder
	for f := from; f != nil; f = f.from {
		chain = append([]*jobBuilder{f}, chain...)
		if !c.condJobs[f.job.ID] {
			break
		}
	}
	for _, f := range chain {
		if f.workspaceArtifact == "" {
			f.workspaceArtifact = c.artifactName(f, "workspace")
		}
		fsc := sc
		if c.condJobs[f.job.ID] {
			fsc = sc.child()
			fsc.cond = condition.And(sc.cond, condition.Of(fmt.Sprintf("needs.%s.result == 'success'", f.job.ID)))
		}
		if !slices.Contains(j.job.Needs, f.job.ID) {
			j.job.Needs = append(j.job.Needs, f.job.ID)
		}
		c.restoreFiles(fsc, f.workspaceArtifact, j.job.Source)
	}
	j.checkedOut = true
	c.record(directiveWorkspace, Approximated, j.job.Source,
		"the stages of one Jenkins workspace run in the jobs %q and %q here; the later job takes over the files the earlier one left", from.job.ID, j.job.ID)
}

// saveWorkspace ends a job whose workspace a later job takes over.
func (c *converter) saveWorkspace(j *jobBuilder) {
	if j.workspaceArtifact == "" {
		return
	}
	// Whatever the job's steps tested (a when only steps can test), the
	// next job of the workspace needs the archive.
	c.saveFiles(&scope{job: j}, j.workspaceArtifact, "find . -mindepth 1", true, j.job.Source)
}

// export marks name as an env variable the job sets for the jobs after it.
func (j *jobBuilder) export(name string) {
	if !slices.Contains(j.exports, name) {
		j.exports = append(j.exports, name)
	}
}

// wireEnv carries env variables across jobs: on Jenkins env.X is one value
// for the whole build, so a job reads the variables the jobs it needs set
// or passed on, from their outputs, and passes them on in turn.
func (c *converter) wireEnv() {
	byID := map[string]*jobBuilder{}
	for _, j := range c.builders {
		byID[j.job.ID] = j
	}
	for _, j := range c.builders {
		providers := map[string][]string{}
		var names []string
		for _, n := range j.job.Needs {
			nj := byID[n]
			if nj == nil {
				continue
			}
			for _, x := range nj.exports {
				if len(providers[x]) == 0 {
					names = append(names, x)
				}
				providers[x] = append(providers[x], n)
			}
		}
		for _, x := range names {
			var refs []string
			for _, n := range providers[x] {
				refs = append(refs, "needs."+n+".outputs."+x)
			}
			// A variable the job sets itself before reading it is in
			// $GITHUB_ENV, which wins over the job's env.
			j.job.Env = append([]workflow.KV{{Key: x, Value: "${{ " + strings.Join(refs, " || ") + " }}"}}, j.job.Env...)
			j.export(x)
		}
	}
}

// exportEnv gives the job an output for every variable it sets or passes
// on, written by a last step that runs whatever happened before it.
func (c *converter) exportEnv(j *jobBuilder) {
	if len(j.exports) == 0 || !c.readLater(j) {
		return
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, x := range j.exports {
		fmt.Fprintf(&b, "  printf '%s<<J2A_EOF\\n%%s\\nJ2A_EOF\\n' \"${%s-}\"\n", x, x)
		j.job.Outputs = append(j.job.Outputs, workflow.KV{Key: x, Value: "${{ steps.j2a-env.outputs." + x + " }}"})
	}
	b.WriteString("} >> \"$GITHUB_OUTPUT\"\n")
	j.job.Steps = append(j.job.Steps, &workflow.Step{ID: "j2a-env", Name: "Pass env values on to later jobs", If: "always()", Run: strings.TrimSuffix(b.String(), "\n")})
}

// readLater reports whether a job needs j.
func (c *converter) readLater(j *jobBuilder) bool {
	for _, k := range c.builders {
		if slices.Contains(k.job.Needs, j.job.ID) {
			return true
		}
	}
	return false
}

// antDefaultExcludes are the patterns Ant, and so Jenkins' stash and
// archiveArtifacts, leave out unless useDefaultExcludes is false.
var antDefaultExcludes = []string{
	"**/*~", "**/#*#", "**/.#*", "**/%*%", "**/._*",
	"**/CVS", "**/CVS/**", "**/.cvsignore", "**/SCCS", "**/SCCS/**", "**/vssver.scc",
	"**/.svn", "**/.svn/**", "**/.DS_Store",
	"**/.git", "**/.git/**", "**/.gitattributes", "**/.gitignore", "**/.gitmodules",
	"**/.hg", "**/.hg/**", "**/.hgignore", "**/.hgsub", "**/.hgsubstate", "**/.hgtags",
	"**/.bzr", "**/.bzr/**", "**/.bzrignore",
}

// antFileList is a shell pipeline that prints the files under the current
// directory that Ant's includes and excludes select, as Jenkins selects
// them: relative paths, hidden files included.
func antFileList(includes, excludes []string, defaultExcludes bool) string {
	if defaultExcludes {
		excludes = append(slices.Clip(excludes), antDefaultExcludes...)
	}
	grep := func(flags string, patterns []string) string {
		var b strings.Builder
		b.WriteString("{ grep " + flags)
		for _, p := range patterns {
			if strings.HasSuffix(p, "/") {
				p += "**"
			}
			b.WriteString(" -e " + bash.Quote(pattern.AntToERE(strings.TrimPrefix(p, "./"))))
		}
		b.WriteString(" || true; }")
		return b.String()
	}
	cmd := `find . -mindepth 1 \( -type f -o -type l \) | cut -c3-`
	if len(includes) > 0 {
		cmd += " | " + grep("-E", includes)
	}
	if len(excludes) > 0 {
		cmd += " | " + grep("-v -E", excludes)
	}
	return cmd
}

// globWords turns comma-separated Ant patterns that read variables into
// bash glob words: the variables expand when the step runs, their values
// quoted, and the pattern characters stay globs (globstar's ** is Ant's).
func (c *converter) globWords(sc *scope, v pipeline.Value) ([]string, bool) {
	var words []string
	var cur strings.Builder
	flush := func() {
		if w := strings.TrimSpace(cur.String()); w != "" {
			if strings.HasSuffix(w, "/") {
				w += "**"
			}
			words = append(words, w)
		}
		cur.Reset()
	}
	if v.Kind != pipeline.String {
		return nil, false
	}
	for _, p := range v.Parts {
		if p.Ref != nil {
			name, ok := c.refVar(sc, p.Ref)
			if !ok {
				return nil, false
			}
			c.useVar(sc, name)
			cur.WriteString(`"${` + name + `}"`)
			continue
		}
		for i, seg := range strings.Split(p.Lit, ",") {
			if i > 0 {
				flush()
			}
			cur.WriteString(globQuote(strings.TrimSpace(seg)))
		}
	}
	flush()
	return words, len(words) > 0
}

// globQuote quotes a literal piece of a glob but its * and ?.
func globQuote(s string) string {
	var b strings.Builder
	for s != "" {
		i := strings.IndexAny(s, "*?")
		if i < 0 {
			b.WriteString(bash.Quote(s))
			break
		}
		if i > 0 {
			b.WriteString(bash.Quote(s[:i]))
		}
		b.WriteByte(s[i])
		s = s[i+1:]
	}
	return b.String()
}

// antGlobList is antFileList for include patterns given as bash glob
// words.
func antGlobList(words, excludes []string, defaultExcludes bool) string {
	cmd := "shopt -s globstar dotglob nullglob\n"
	if slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(w, "$") }) {
		cmd += "# shellcheck disable=SC2086 # a computed pattern, globbed\n"
	}
	cmd += "for f in " + strings.Join(words, " ") + `; do [ -d "$f" ] || printf '%s\n' "${f#./}"; done | sort -u`
	if defaultExcludes {
		excludes = append(slices.Clip(excludes), antDefaultExcludes...)
	}
	if len(excludes) > 0 {
		var b strings.Builder
		b.WriteString(" | { grep -v -E")
		for _, p := range excludes {
			b.WriteString(" -e " + bash.Quote(pattern.AntToERE(strings.TrimPrefix(p, "./"))))
		}
		b.WriteString(" || true; }")
		cmd += b.String()
	}
	return cmd
}
