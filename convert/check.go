package convert

import (
	"regexp"
	"slices"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// Check runs the semantic checks on a conversion result, which catch
// converter mistakes that lint cannot see: the job graph refers to real
// jobs without cycles, every artifact download has an upload before it,
// and every secret the workflow reads is in the list of secrets to create.
// Findings point at the Jenkins source of the job or step.
func Check(res *Result) diag.Diagnostics {
	var ds diag.Diagnostics
	w := res.Workflow
	jobs := map[string]*workflow.Job{}
	for _, j := range w.Jobs {
		jobs[j.ID] = j
	}
	for _, j := range w.Jobs {
		for _, n := range j.Needs {
			if jobs[n] == nil {
				ds = ds.Errorf(j.Source, "check-needs", "job %q needs the job %q, which does not exist", j.ID, n)
			}
		}
		if slices.Contains(ancestors(jobs, j.ID), j.ID) {
			ds = ds.Errorf(j.Source, "check-needs", "job %q needs itself through its needs", j.ID)
		}
	}
	for _, j := range w.Jobs {
		uploaded := map[string]bool{}
		for _, a := range ancestors(jobs, j.ID) {
			if aj := jobs[a]; aj != nil {
				for _, s := range aj.Steps {
					if name, ok := artifactStep(s, "upload-artifact"); ok {
						uploaded[name] = true
					}
				}
			}
		}
		for _, s := range j.Steps {
			if name, ok := artifactStep(s, "upload-artifact"); ok {
				uploaded[name] = true
			}
			if name, ok := artifactStep(s, "download-artifact"); ok && !uploaded[name] {
				ds = ds.Errorf(s.Source, "check-artifacts", "job %q downloads the artifact %q, which no job before it uploads (the stash happens later or in a job that does not run first)", j.ID, name)
			}
		}
	}
	known := map[string]bool{}
	for _, s := range res.Secrets {
		known[s.Name] = true
	}
	for _, j := range w.Jobs {
		for _, name := range secretRefs(j) {
			if !known[name] {
				ds = ds.Errorf(j.Source, "check-secrets", "job %q reads the secret %s, which is not in the list of secrets to create", j.ID, name)
			}
		}
	}
	return ds
}

// ancestors lists the jobs a job needs, directly or not.
func ancestors(jobs map[string]*workflow.Job, id string) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		j := jobs[id]
		if j == nil {
			return
		}
		for _, n := range j.Needs {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
				walk(n)
			}
		}
	}
	walk(id)
	return out
}

// artifactStep returns the artifact name of an upload-artifact or
// download-artifact step.
func artifactStep(s *workflow.Step, action string) (string, bool) {
	if !strings.HasPrefix(s.Uses, "actions/"+action+"@") {
		return "", false
	}
	for _, kv := range s.With {
		if kv.Key == "name" {
			return kv.Value, true
		}
	}
	return "", false
}

var secretUse = regexp.MustCompile(`secrets\.([A-Za-z_][A-Za-z0-9_]*)`)

// secretRefs lists the secrets a job reads, except GITHUB_TOKEN, which
// GitHub provides.
func secretRefs(j *workflow.Job) []string {
	var texts []string
	kvs := func(list []workflow.KV) {
		for _, kv := range list {
			texts = append(texts, kv.Value)
		}
	}
	kvs(j.Env)
	kvs(j.With)
	if j.Container != nil {
		texts = append(texts, j.Container.Username, j.Container.Password)
	}
	for _, s := range j.Steps {
		kvs(s.Env)
		kvs(s.With)
		texts = append(texts, s.Run, s.If)
	}
	var out []string
	for _, t := range texts {
		for _, m := range secretUse.FindAllStringSubmatch(t, -1) {
			if m[1] != "GITHUB_TOKEN" && !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	return out
}
