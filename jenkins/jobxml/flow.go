package jobxml

import (
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// flow reads a pipeline job (flow-definition). An inline script goes
// through the Jenkinsfile reader; a script from SCM is only named.
func (r *reader) flow(root *element) {
	r.jobInfo(root, TypePipeline)
	r.properties(root.child("properties"))
	r.p.Triggers = append(r.p.Triggers, r.triggers(root.child("triggers"))...)
	r.settings(root)
	def := root.child("definition")
	if def == nil {
		r.warn(root, CodeNeedsPerson, "the pipeline job has no definition")
		return
	}
	switch def.class() {
	case "org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition":
		def.ignore("sandbox")
		script := def.child("script")
		if script == nil || strings.TrimSpace(script.Text) == "" {
			r.warn(def, CodeNeedsPerson, "the pipeline job's script is empty")
			return
		}
		p, diags := jenkinsfile.Read(r.file, []byte(script.Text), r.p.Name)
		r.remap(script, p, diags)
		r.diags = append(r.diags, diags...)
		r.merge(p)
	case "org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition":
		r.scm(def.child("scm"), false)
		path := firstNonEmpty(def.text("scriptPath"), "Jenkinsfile")
		def.ignore("lightweight", "sandbox")
		r.fromSCM(def, path)
	default:
		r.unknown(def, "pipeline definition")
	}
}

// fromSCM makes the pipeline of a job whose Jenkinsfile lives in its
// repository: a stage with one step that names the file, for the converter
// to report.
func (r *reader) fromSCM(at *element, path string) {
	r.p.Style = ""
	r.p.Job.ScriptPath = path
	r.p.Stages = []*pipeline.Stage{{Name: stageName, Range: at.Range,
		Steps: []*pipeline.Step{newStep(ScriptFromSCM, args(arg("scriptPath", str(path, at))), at)}}}
	r.info(at, CodeNote, "the pipeline is the Jenkinsfile %q in the job's repository: convert that file", path)
}

// merge makes p, read from the inline script, the job's pipeline, with the
// job settings read from the XML added where the script does not declare
// them itself (a declarative pipeline's parameters and triggers are saved
// in the job's properties too).
func (r *reader) merge(p *pipeline.Pipeline) {
	job := r.p
	p.Job = job.Job
	for _, prm := range job.Parameters {
		if !slices.ContainsFunc(p.Parameters, func(x *pipeline.Parameter) bool { return x.Name == prm.Name }) {
			p.Parameters = append(p.Parameters, prm)
		}
	}
	for _, t := range job.Triggers {
		if !slices.ContainsFunc(p.Triggers, func(x *pipeline.Trigger) bool { return x.Kind == t.Kind }) {
			p.Triggers = append(p.Triggers, t)
		}
	}
	for _, o := range job.Options {
		if !slices.ContainsFunc(p.Options, func(x *pipeline.Option) bool { return x.Name == o.Name }) {
			p.Options = append(p.Options, o)
		}
	}
	for _, e := range job.Environment {
		if !slices.ContainsFunc(p.Environment, func(x *pipeline.EnvVar) bool { return x.Name == e.Name }) {
			p.Environment = append(p.Environment, e)
		}
	}
	p.Libraries = append(p.Libraries, job.Libraries...)
	r.p = p
}

// multibranch reads a multibranch project: its branch sources become the
// job's SCMs and the events that start the workflow; the Jenkinsfile is
// in the repository.
func (r *reader) multibranch(root *element) {
	r.jobInfo(root, TypeMultibranch)
	r.properties(root.child("properties"))
	r.p.Triggers = append(r.p.Triggers, r.triggers(root.child("triggers"))...)
	root.ignore("orphanedItemStrategy")
	var push, pulls, tags bool
	var at *element
	if src := root.child("sources"); src != nil {
		src.ignore("owner")
		at = src
		for _, bs := range src.kids("data") {
			bs.used = true
			bs.ignore("strategy")
			s := bs.child("source")
			if s == nil {
				continue
			}
			scm, traits := r.branchSource(s)
			if scm != nil {
				r.p.Job.SCMs = append(r.p.Job.SCMs, scm)
			}
			for _, t := range traits {
				push = push || t == "branches"
				pulls = pulls || t == "pulls"
				tags = tags || t == "tags"
			}
		}
	}
	if at == nil {
		at = root
	}
	if push {
		a := pipeline.Args{}
		if tags {
			a.Named = append(a.Named, pipeline.Named{Name: "tags", Value: boolean(true, at)})
		}
		r.p.Triggers = append(r.p.Triggers, &pipeline.Trigger{Kind: "githubPush", Args: a, Range: at.Range})
	}
	if pulls {
		r.p.Triggers = append(r.p.Triggers, &pipeline.Trigger{Kind: "githubPullRequest", Range: at.Range})
	}
	path := "Jenkinsfile"
	f := root.child("factory")
	if f != nil {
		f.ignore("owner")
		if shortClass(f.class()) == "WorkflowBranchProjectFactory" {
			path = firstNonEmpty(f.text("scriptPath"), path)
		} else {
			r.unknown(f, "branch project factory")
		}
	}
	r.fromSCM(r.orRoot(f), path)
}

// branchSource reads a branch source into an SCM and the kinds of heads it
// discovers: branches, pulls, tags.
func (r *reader) branchSource(s *element) (*pipeline.SCM, []string) {
	s.used = true
	s.ignore("id", "traits", "apiUri", "configuredByUrl", "repositoryUrl")
	var traits []string
	for _, t := range s.kids("traits") {
		switch shortClass(t.class()) {
		case "BranchDiscoveryTrait":
			traits = append(traits, "branches")
		case "OriginPullRequestDiscoveryTrait", "ForkPullRequestDiscoveryTrait":
			traits = append(traits, "pulls")
		case "TagDiscoveryTrait":
			traits = append(traits, "tags")
		}
	}
	scm := &pipeline.SCM{Kind: "git", CredentialsID: s.text("credentialsId"), Range: s.Range}
	switch shortClass(s.class()) {
	case "GitHubSCMSource":
		scm.URL = gitHubSourceURL(s.text("repositoryUrl"), s.text("apiUri"), s.text("repoOwner"), s.text("repository"))
	case "GitSCMSource":
		scm.URL = s.text("remote")
		if len(traits) == 0 {
			// A plain git source discovers branches unless traits say
			// otherwise.
			traits = append(traits, "branches")
		}
	default:
		r.unknown(s, "branch source")
		return nil, nil
	}
	return scm, traits
}

// gitHubSourceURL is the clone URL of a GitHub branch source: the
// repositoryUrl newer versions of the plugin keep, else the repository on
// the host of apiUri (a GitHub Enterprise Server's
// https://ghe.example.com/api/v3), else on github.com.
func gitHubSourceURL(repositoryURL, apiURI, owner, repo string) string {
	if repositoryURL != "" {
		return strings.TrimSuffix(repositoryURL, ".git") + ".git"
	}
	host := "github.com"
	if u, err := url.Parse(apiURI); err == nil && u.Host != "" && u.Host != "api.github.com" {
		host = u.Host
	}
	return "https://" + host + "/" + owner + "/" + repo + ".git"
}

// folder reads a folder: no pipeline, only its properties (credentials,
// libraries) and JobInfo.
func (r *reader) folder(root *element) {
	r.jobInfo(root, TypeFolder)
	r.p.Style = ""
	r.properties(root.child("properties"))
}

// remap moves the positions of a pipeline read from the inline script of
// element script, and of the reader's diagnostics, to their place in the
// XML file: the script's lines start inside the file, and entities such as
// &quot; make the file longer than the script.
func (r *reader) remap(script *element, p *pipeline.Pipeline, diags diag.Diagnostics) {
	m := newOffsetMap(r.src[script.contentStart:script.contentEnd], script.contentStart)
	lines := newLineIndex(r.src)
	fix := func(rg *diag.Range) {
		for _, pos := range []*diag.Pos{&rg.Start, &rg.End} {
			if pos.IsValid() {
				*pos = lines.pos(m.raw(pos.Offset))
			}
		}
		rg.File = r.file
	}
	seen := map[uintptr]bool{}
	walkRanges(reflect.ValueOf(p), fix, seen)
	for _, d := range diags {
		fix(&d.Subject)
	}
}

var rangeType = reflect.TypeFor[diag.Range]()

// walkRanges calls fix on every diag.Range reachable from v, once each.
func walkRanges(v reflect.Value, fix func(*diag.Range), seen map[uintptr]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		walkRanges(v.Elem(), fix, seen)
	case reflect.Struct:
		if v.Type() == rangeType {
			if v.CanAddr() {
				fix(v.Addr().Interface().(*diag.Range))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkRanges(v.Field(i), fix, seen)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkRanges(v.Index(i), fix, seen)
		}
	}
}

// offsetMap maps byte offsets in decoded element text back to offsets in
// the raw XML: checkpoints where the two stop running in step (entities,
// CDATA markers, CR LF pairs), one to one in between.
type offsetMap struct {
	dec, src []int
}

func newOffsetMap(raw []byte, base int) *offsetMap {
	m := &offsetMap{dec: []int{0}, src: []int{base}}
	mark := func(d, i int) {
		m.dec = append(m.dec, d)
		m.src = append(m.src, base+i)
	}
	d := 0
	for i := 0; i < len(raw); {
		switch {
		case raw[i] == '&':
			end := strings.IndexByte(string(raw[i:min(len(raw), i+12)]), ';')
			if end < 0 {
				i++
				d++
				continue
			}
			d += entityLen(string(raw[i+1 : i+end]))
			i += end + 1
			mark(d, i)
		case strings.HasPrefix(string(raw[i:min(len(raw), i+9)]), "<![CDATA["):
			i += 9
			mark(d, i)
			for i < len(raw) && !strings.HasPrefix(string(raw[i:min(len(raw), i+3)]), "]]>") {
				if raw[i] == '\r' && i+1 < len(raw) && raw[i+1] == '\n' {
					i += 2
					d++
					mark(d, i)
					continue
				}
				i++
				d++
			}
			i += 3
			mark(d, i)
		case raw[i] == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
			i += 2
			d++
			mark(d, i)
		default:
			i++
			d++
		}
	}
	return m
}

// entityLen is the length in bytes of what an entity decodes to.
func entityLen(name string) int {
	if strings.HasPrefix(name, "#") {
		if r, ok := charRef(name[1:]); ok {
			return utf8.RuneLen(r)
		}
	}
	return 1
}

// raw returns the raw offset of decoded offset d.
func (m *offsetMap) raw(d int) int {
	i := sort.Search(len(m.dec), func(i int) bool { return m.dec[i] > d }) - 1
	if i < 0 {
		i = 0
	}
	return m.src[i] + d - m.dec[i]
}
