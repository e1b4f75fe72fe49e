package migrate

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/convert"
	"github.com/jenkins2actions/jenkins2actions/engine"
	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jenkinsfile"
	"github.com/jenkins2actions/jenkins2actions/jenkins/jobxml"
)

// FromSCM tells whether the conversion c is of a job whose pipeline is a
// Jenkinsfile in its repository (a pipeline job from SCM, a multibranch
// project), and returns the repository's URL and the Jenkinsfile's path.
func FromSCM(c *engine.Conversion) (scmURL, script string, ok bool) {
	p := c.Pipeline
	if p == nil || p.Job == nil {
		return "", "", false
	}
	if len(p.Job.SCMs) > 0 {
		scmURL = p.Job.SCMs[0].URL
	}
	ok = p.Job.ScriptPath != "" && len(p.Stages) == 1 && len(p.Stages[0].Steps) == 1 && p.Stages[0].Steps[0].Name == jobxml.ScriptFromSCM
	return scmURL, p.Job.ScriptPath, ok
}

// ConvertFromRepo reads the Jenkinsfile at script on the default branch of
// repo (owner/name) and converts it as the pipeline name, the files it
// loads read from the repository too. A Jenkinsfile that is not there
// gives no conversion and the reason; the error is for the tool's and
// GitHub's failures.
func ConvertFromRepo(ctx context.Context, client *github.Client, repo, script, name string, copts convert.Options, dir string) (*engine.Conversion, string, error) {
	owner, rname, err := ParseRepo(repo)
	if err != nil {
		return nil, err.Error(), nil
	}
	src, ok, err := client.FileContent(ctx, owner, rname, script, "")
	if err != nil {
		if github.ReasonOf(err) == github.BadCredentials {
			return nil, "", err
		}
		return nil, fmt.Sprintf("could not read %s from %s: %v", script, repo, describe(err)), nil
	}
	if !ok {
		return nil, fmt.Sprintf("no %s on the default branch of %s", script, repo), nil
	}
	sources := jenkinsfile.Sources{Load: func(rel string) (string, []byte, bool) {
		clean := path.Clean(strings.ReplaceAll(rel, "\\", "/"))
		if path.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
			return "", nil, false // outside the repository
		}
		b, ok, err := client.FileContent(ctx, owner, rname, clean, "")
		return clean, b, ok && err == nil
	}}
	// The library checkouts of the config are the same for every job.
	sources.LibraryVars = engine.SourcesIn(".", copts.Config).LibraryVars
	c, err := engine.ConvertWith(script, src, name, copts, dir, sources)
	return c, "", err
}

// describe is err as a summary line says it: a refusal of GitHub by its
// reason and what to do.
func describe(err error) string {
	var e *github.Error
	if errors.As(err, &e) {
		return e.Describe()
	}
	return err.Error()
}
