// Package jobxml reads a Jenkins job's config.xml into the neutral pipeline
// model.
//
// Freestyle, Maven and matrix jobs become a pipeline with one stage whose
// steps are the job's builders, wrapped by its build wrappers, and whose
// post blocks hold its publishers; pipeline jobs with an inline script are
// read by the Jenkinsfile reader; pipeline jobs whose Jenkinsfile lives in a
// repository, multibranch projects and folders describe the job in
// pipeline.JobInfo. The steps carry the names and arguments a Jenkinsfile
// would use for the same thing, so that the converter needs no second set of
// mappings.
//
// Every element the reader does not interpret is reported with its position,
// never dropped in silence, and no secret Jenkins stores in the file (an
// encrypted {AQAAABAAAA...} value, a password default) is ever copied.
package jobxml

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// The diagnostic codes of this package.
const (
	// CodeUnknownElement marks an element (a plugin's builder, publisher,
	// wrapper, trigger or property, or a job setting) the reader does not
	// understand. Its message names the element and the plugin.
	CodeUnknownElement = "unknown-element"
	// CodeUnusedSetting marks a setting of an understood element that is
	// not carried into the model.
	CodeUnusedSetting = "unused-setting"
	// CodeNeedsPerson marks a construct that was read but whose meaning
	// the model cannot hold (a condition of a conditional step).
	CodeNeedsPerson = "needs-person"
	// CodeSecret marks a secret in the job configuration that was left
	// out; the message names the credential or variable to create.
	CodeSecret = "secret-not-copied"
	// CodeNote marks information about how a setting was read.
	CodeNote = "note"
	// CodeXMLSyntax marks malformed XML.
	CodeXMLSyntax = "xml-syntax"
)

// Job types, the values of pipeline.JobInfo.Type.
const (
	TypeFreestyle   = "freestyle"
	TypeMaven       = "maven"
	TypeMatrix      = "matrix"
	TypePipeline    = "pipeline"
	TypeMultibranch = "multibranch"
	TypeFolder      = "folder"
)

// ScriptFromSCM is the name of the step that stands for a Jenkinsfile the
// job reads from its repository: its scriptPath argument names the file.
// The converter reports it, since the pipeline's content is not in the job.
const ScriptFromSCM = "jenkinsfileFromSCM"

// Read parses a config.xml and reads it into a pipeline named name (the
// job's path). Problems in the file are diagnostics; the pipeline is
// returned as far as it could be read, never nil.
func Read(filename string, src []byte, name string) (*pipeline.Pipeline, diag.Diagnostics) {
	p := &pipeline.Pipeline{Name: name, File: filename, Style: pipeline.StyleFreestyle}
	root, diags := parseTree(filename, src)
	if root == nil || diags.HasErrors() {
		p.Job = &pipeline.JobInfo{}
		if root != nil {
			p.Range = root.Range
		}
		return p, diags
	}
	r := &reader{file: filename, src: src, root: root, p: p}
	p.Range = root.Range
	root.used = true
	switch root.Name {
	case "project":
		r.freestyle(root, TypeFreestyle)
	case "maven2-moduleset":
		r.maven(root)
	case "matrix-project":
		r.matrix(root)
	case "flow-definition":
		r.flow(root)
	case "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject":
		r.multibranch(root)
	case "com.cloudbees.hudson.plugins.folder.Folder":
		r.folder(root)
	default:
		p.Job = &pipeline.JobInfo{Type: root.Name, Range: root.Range}
		r.unknown(root, "job type")
	}
	r.sweep(root)
	r.diags.Sort()
	return r.p, r.diags
}

type reader struct {
	file  string
	src   []byte
	root  *element
	p     *pipeline.Pipeline
	diags diag.Diagnostics
	// post collects the publishers by post condition, in the order the
	// conditions first appear.
	post []*pipeline.PostBlock
	// checkouts are the steps that check out a build job's SCMs, which
	// Jenkins runs after the pre-build cleanup and before the wrappers.
	checkouts []*pipeline.Step
}

func (r *reader) warn(e *element, code, format string, args ...any) {
	r.diags = r.diags.Warnf(r.rangeOf(e), code, format, args...)
}

func (r *reader) info(e *element, code, format string, args ...any) {
	r.diags = append(r.diags, &diag.Diagnostic{Severity: diag.Info, Code: code, Subject: r.rangeOf(e), Message: fmt.Sprintf(format, args...)})
}

// unknown reports an element the reader does not understand, as a whole,
// and marks it so that the final sweep does not report its content again.
func (r *reader) unknown(e *element, what string) {
	e.markAll()
	msg := fmt.Sprintf("unknown %s %q", what, e.class())
	if e.attr("class") != "" && e.attr("class") != e.Name {
		msg += fmt.Sprintf(" in %q", e.Name)
	}
	if pl := e.plugin(); pl != "" {
		msg += fmt.Sprintf(" (plugin %q)", pl)
	}
	r.diags = append(r.diags, &diag.Diagnostic{Severity: diag.Warning, Code: CodeUnknownElement, Subject: e.Range,
		Message: msg, Detail: "port what it does by hand"})
}

// opaque keeps a builder or publisher the reader does not understand in
// the model as a step named by its class, with its XML as the text, so that
// the converter counts it among the manual tasks.
func (r *reader) opaque(e *element) *pipeline.Step {
	text := ""
	if s, end := e.Range.Start.Offset, e.Range.End.Offset; s >= 0 && s <= end && end <= len(r.src) {
		text = string(r.src[s:end])
	}
	return &pipeline.Step{Name: e.class(), Text: text, Range: e.Range}
}

// sweep reports every element left unused under an element the reader
// interpreted: unknown job settings as warnings, settings of understood
// plugins that the model does not carry as information.
func (r *reader) sweep(e *element) {
	for _, c := range e.Children {
		if c.used {
			r.sweep(c)
			continue
		}
		c.markAll()
		if e == r.root {
			r.unknown(c, "job setting")
			continue
		}
		r.info(c, CodeUnusedSetting, "setting %q of %q is not carried over", c.Name, e.class())
	}
}

// addPost adds steps to the post block of condition cond.
func (r *reader) addPost(cond string, e *element, steps ...*pipeline.Step) {
	for _, pb := range r.post {
		if pb.Condition == cond {
			pb.Steps = append(pb.Steps, steps...)
			return
		}
	}
	r.post = append(r.post, &pipeline.PostBlock{Condition: cond, Steps: steps, Range: e.Range})
}

func (r *reader) option(name string, a pipeline.Args, e *element) {
	for _, o := range r.p.Options {
		if o.Name == name {
			return
		}
	}
	r.p.Options = append(r.p.Options, &pipeline.Option{Name: name, Args: a, Range: e.Range})
}

func (r *reader) tool(typ, name string, e *element) {
	name = strings.TrimSpace(name)
	if name == "" || name == "(Default)" || name == "(System)" || name == "(Inherit From Job)" {
		return
	}
	for _, t := range r.p.Tools {
		if t.Type == typ && t.Name.Str() == name {
			return
		}
	}
	r.p.Tools = append(r.p.Tools, &pipeline.Tool{Type: typ, Name: str(name, e), Range: e.Range})
}

// jobInfo reads what every job type shares: description, disabled flag, and
// the UI settings that mean nothing outside Jenkins.
func (r *reader) jobInfo(root *element, typ string) {
	r.p.Job = &pipeline.JobInfo{
		Type:        typ,
		Description: strings.TrimSpace(root.raw("description")),
		Disabled:    root.flag("disabled"),
		Range:       root.Range,
	}
	root.ignore("actions", "keepDependencies", "displayName", "healthMetrics", "icon", "folderViews", "views", "viewsTabBar", "primaryView")
	if typ == TypeFolder || typ == TypeMultibranch {
		// Job generators write the settings of build jobs into folders
		// too, empty.
		for _, c := range root.Children {
			switch c.Name {
			case "blockBuildWhenDownstreamBuilding", "blockBuildWhenUpstreamBuilding", "concurrentBuild", "canRoam",
				"scm", "publishers", "buildWrappers", "builders":
				if t := strings.TrimSpace(c.Text); len(c.Children) == 0 && (t == "" || t == "false" || c.Name == "canRoam") {
					c.used = true
				}
			}
		}
	}
	if d := root.child("disabled"); d != nil && r.p.Job.Disabled {
		r.info(d, CodeNote, "the job is disabled: disable the workflow too (gh workflow disable)")
	}
}
