package lint

import "github.com/jenkins2actions/jenkins2actions/diag"

// runRules walks the workflow once and gives every active rule each node,
// so that adding a rule adds no traversal. It returns what the rules found.
func runRules(path string, src []byte, opts *Options) diag.Diagnostics {
	w := parseWorkflow(src)
	if w == nil {
		return nil
	}
	rules := activeRules(opts, &source{path: path, src: src})
	for _, r := range rules {
		r.visitWorkflow(w)
	}
	for _, j := range w.jobs {
		for _, r := range rules {
			r.visitJob(w, j)
		}
		for _, s := range j.steps {
			for _, r := range rules {
				r.visitStep(w, j, s)
			}
		}
	}
	var ds diag.Diagnostics
	for _, r := range rules {
		ds = append(ds, r.base().ds...)
	}
	return ds
}
