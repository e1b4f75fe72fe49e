package convert

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// Kind groups constructs by where they appear in a pipeline.
type Kind string

// The construct kinds.
const (
	KindAgent      Kind = "agent"
	KindDirective  Kind = "directive"
	KindOption     Kind = "option"
	KindTrigger    Kind = "trigger"
	KindParameter  Kind = "parameter"
	KindCredential Kind = "credential"
	KindTool       Kind = "tool"
	KindCondition  Kind = "when"
	KindPost       Kind = "post"
	KindStep       Kind = "step"
)

// Construct is one Jenkins construct the converter knows, with the function
// that maps it. The registry of constructs is the single source of truth for
// what is supported: reports and the docs' support matrix are made from it.
type Construct struct {
	Kind Kind
	Name string
	// Status is the best outcome the mapper can reach.
	Status Status
	// Summary says in one line what the construct becomes.
	Summary string

	// Exactly one of these is set, matching Kind.
	step      func(c *converter, sc *scope, s *pipeline.Step)
	option    func(c *converter, o *pipeline.Option, target optionTarget)
	trigger   func(c *converter, t *pipeline.Trigger)
	condition func(c *converter, cond *pipeline.Condition) (expr string, status Status, note string)
	tool      func(c *converter, j *jobBuilder, t *pipeline.Tool)
}

// ID is "kind:name", the form used in reports.
func (k *Construct) ID() string { return string(k.Kind) + ":" + k.Name }

var registry = map[string]*Construct{}

func register(cs ...*Construct) {
	for _, k := range cs {
		if _, dup := registry[k.ID()]; dup {
			panic(fmt.Sprintf("convert: construct %q registered twice", k.ID()))
		}
		registry[k.ID()] = k
	}
}

func lookup(kind Kind, name string) *Construct { return registry[string(kind)+":"+name] }

// Constructs lists every registered construct, sorted by kind and name.
func Constructs() []*Construct {
	out := make([]*Construct, 0, len(registry))
	for _, k := range registry {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b *Construct) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return out
}
