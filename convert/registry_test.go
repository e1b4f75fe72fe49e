package convert

import "testing"

// TestRegistry checks that every construct can be documented and mapped:
// the support matrix is generated from this table.
func TestRegistry(t *testing.T) {
	kinds := map[Kind]int{}
	for _, k := range Constructs() {
		kinds[k.Kind]++
		if k.Summary == "" {
			t.Errorf("%s has no summary", k.ID())
		}
		if k.Status != Converted && k.Status != Approximated && k.Status != Manual {
			t.Errorf("%s has status %q", k.ID(), k.Status)
		}
		mapped := map[Kind]bool{
			KindStep: k.step != nil, KindOption: k.option != nil, KindTrigger: k.trigger != nil,
			KindCondition: k.condition != nil, KindTool: k.tool != nil,
		}
		if has, ok := mapped[k.Kind]; ok && !has {
			t.Errorf("%s has no mapper", k.ID())
		}
	}
	for _, want := range []Kind{KindAgent, KindOption, KindTrigger, KindTool, KindCondition, KindPost, KindStep} {
		if kinds[want] == 0 {
			t.Errorf("no construct of kind %s", want)
		}
	}
	for _, id := range []string{"step:sh", "step:withCredentials", "option:timeout", "trigger:cron", "when:branch", "post:always", "agent:docker", "tool:jdk"} {
		if registry[id] == nil {
			t.Errorf("%s is not registered", id)
		}
	}
}
