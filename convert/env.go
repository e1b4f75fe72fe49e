package convert

import (
	"regexp"
	"slices"

	"github.com/jenkins2actions/jenkins2actions/workflow"
)

// stepOnlyContext matches expressions that read the env or runner
// contexts, which GitHub allows in step env but not in workflow or job env
// (nor in a job's if).
var stepOnlyContext = regexp.MustCompile(`\$\{\{(?:[^}]|\}[^}])*\b(env|runner|steps)\.`)

// placeEnv moves env entries that read env or runner down to where GitHub
// lets them: from the workflow to the jobs, and from the jobs to their
// steps. Jenkins had no such levels, so the move changes nothing a script
// sees.
func (c *converter) placeEnv() {
	var wfStep []workflow.KV
	c.wf.Env = slices.DeleteFunc(c.wf.Env, func(kv workflow.KV) bool {
		if stepOnlyContext.MatchString(kv.Value) {
			wfStep = append(wfStep, kv)
			return true
		}
		return false
	})
	for _, j := range c.wf.Jobs {
		var stepEnv []workflow.KV
		stepEnv = append(stepEnv, wfStep...)
		j.Env = slices.DeleteFunc(j.Env, func(kv workflow.KV) bool {
			if stepOnlyContext.MatchString(kv.Value) {
				stepEnv = append(stepEnv, kv)
				return true
			}
			return false
		})
		if len(stepEnv) == 0 {
			continue
		}
		for _, st := range j.Steps {
			env := slices.Clone(stepEnv)
			for _, kv := range st.Env {
				env = setKV(env, kv)
			}
			st.Env = env
		}
	}
}
