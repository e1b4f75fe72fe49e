package pipeline

import "github.com/jenkins2actions/jenkins2actions/diag"

// JobInfo describes the Jenkins job around a pipeline when it was read from
// a config.xml: its type, where its code comes from, and settings the job
// configuration holds rather than the pipeline.
type JobInfo struct {
	// Type is the job type: freestyle, maven, matrix, pipeline,
	// multibranch, folder.
	Type        string
	Description string
	Disabled    bool
	SCMs        []*SCM
	// ScriptPath is the Jenkinsfile path of a pipeline job whose script
	// comes from SCM (CpsScmFlowDefinition) or of a multibranch project.
	ScriptPath string
	Range      diag.Range
}

// SCM is a source repository a job checks out.
type SCM struct {
	// Kind is git, or the SCM plugin's name for others.
	Kind          string
	URL           string
	Branches      []string
	CredentialsID string
	Submodules    bool
	// Dir is the subdirectory of the workspace the repository is checked
	// out into (git RelativeTargetDirectory), "" for the workspace itself.
	Dir string
	// Refspec is the fetch refspec when it is not the default, as for jobs
	// that build pull requests (+refs/pull/*:refs/remotes/origin/pr/*).
	Refspec string
	Range   diag.Range
}
