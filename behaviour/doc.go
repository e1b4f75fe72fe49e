// Package behaviour holds the behaviour tests: each case under testdata is
// a Jenkinsfile, the events Jenkins would have built it for, and the lines
// its scripts write to a trace file as Jenkins would run them. The tests
// convert the Jenkinsfile as a user would, run the workflow with nektos/act
// on the host (no Docker), actions replaced by local stand-ins, and compare
// what the scripts did with what Jenkins would have done.
//
// The expectations are written from Jenkins semantics (the Pipeline docs
// and the plugins' source), never from the converter's output: a case that
// passes means the workflow behaves as the pipeline did.
package behaviour
