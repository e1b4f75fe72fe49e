// Package source lists the Jenkins jobs to convert, wherever they live: a
// JENKINS_HOME directory, a live Jenkins server, or a directory of
// repositories with Jenkinsfiles.
//
// Sources stream: they send one job at a time on a channel, and a job's
// configuration is read only when it is about to be sent, so that memory
// stays bounded however many jobs there are.
package source

import (
	"bytes"
	"context"
)

// Kind says what a job is to the audit: something to convert, or a
// container whose children are the jobs.
type Kind string

// The kinds of job.
const (
	// KindJob is a job with a build of its own (freestyle, Maven, matrix,
	// pipeline) or a Jenkinsfile.
	KindJob Kind = "job"
	// KindFolder is a folder or organisation folder: it holds jobs and
	// builds nothing, so it is reported but not converted.
	KindFolder Kind = "folder"
	// KindMultibranch is a multibranch project: its branches are built
	// from one Jenkinsfile, so the project is converted once and its
	// branches are listed in Branches.
	KindMultibranch Kind = "multibranch"
)

// Format is the kind of content a job carries.
type Format string

// The content formats.
const (
	FormatConfigXML   Format = "config.xml"
	FormatJenkinsfile Format = "Jenkinsfile"
)

// Job is one job a source found.
type Job struct {
	// Path is the job's full name, folders included: folder/sub/name.
	Path string
	Kind Kind
	// Class is the Jenkins class of the job (the _class of the API, the
	// root element of config.xml), "" for Jenkinsfiles.
	Class  string
	Format Format
	// File names where Content came from, for reports: a path under
	// JENKINS_HOME or the repositories directory, or the URL path on the
	// server.
	File    string
	Content []byte
	// Checkout is the file's path on disk when it is a Jenkinsfile in a
	// checked-out repository, where the files it loads are; "" otherwise.
	Checkout string
	// Branches are the branch jobs of a multibranch project, sorted.
	Branches []string
	// Builds are the job's past builds, by number, when the source was
	// asked for them.
	Builds []Build
	// Err is set when the job was found but could not be read; the other
	// jobs go on.
	Err error
}

// Source lists jobs.
type Source interface {
	// Jobs sends every job on out and returns when all are sent, when ctx
	// is done, or at the first error that stops the listing as a whole
	// (bad credentials, an unreadable root). It does not close out.
	Jobs(ctx context.Context, out chan<- *Job) error
}

// List is a Source of the jobs it holds, for one file given on the
// command line and for tests.
type List []*Job

// Jobs sends each job in order.
func (l List) Jobs(ctx context.Context, out chan<- *Job) error {
	for _, j := range l {
		if err := send(ctx, out, j); err != nil {
			return err
		}
	}
	return nil
}

// Checker is a Source that can tell, before it is read, that what the user
// named is not what it reads.
type Checker interface {
	Check() error
}

// InputError is a source the user named wrong: a mistake of theirs, not a
// failure of the tool.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// Counter is a Source that can count its jobs cheaply before it reads
// them, so that progress can show a total and the time left.
type Counter interface {
	Count() int
}

// Class names of the containers the sources tell apart.
const (
	classFolder       = "com.cloudbees.hudson.plugins.folder.Folder"
	classOrganization = "jenkins.branch.OrganizationFolder"
	classMultibranch  = "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
)

// kindOf classifies a Jenkins class name.
func kindOf(class string) Kind {
	switch class {
	case classFolder, classOrganization:
		return KindFolder
	case classMultibranch:
		return KindMultibranch
	}
	return KindJob
}

// rootElement returns the name of the root element of a config.xml,
// reading only as far as it; "" when there is none. It scans rather than
// decodes, since Jenkins writes XML 1.1, which encoding/xml refuses.
func rootElement(src []byte) string {
	for {
		i := bytes.IndexByte(src, '<')
		if i < 0 || i+1 >= len(src) {
			return ""
		}
		src = src[i+1:]
		if src[0] == '?' || src[0] == '!' {
			continue
		}
		end := bytes.IndexAny(src, " \t\r\n/>")
		if end < 0 {
			return ""
		}
		return string(src[:end])
	}
}

// joinPath joins the names of a job's folders and its own name.
func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

// send sends j on out unless ctx is done first.
func send(ctx context.Context, out chan<- *Job, j *Job) error {
	select {
	case out <- j:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
