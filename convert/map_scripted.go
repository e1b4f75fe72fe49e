package convert

import (
	"fmt"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/bash"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
	"github.com/jenkins2actions/jenkins2actions/workflow/condition"
)

// The block steps of scripted pipelines: where the steps run and how they
// group. Their bodies convert in place.
var (
	stepUnstable            = &Construct{Kind: KindStep, Name: "unstable", Status: Converted, Summary: "a warning annotation; the post conditions see the build unstable"}
	stepNode                = &Construct{Kind: KindStep, Name: "node", Status: Converted, Summary: "runs-on of the job through the label map"}
	stepStage               = &Construct{Kind: KindStep, Name: "stage", Status: Converted, Summary: "its steps, in order, in the job"}
	stepParallel            = &Construct{Kind: KindStep, Name: "parallel", Status: Approximated, Summary: "the branches' steps one after another"}
	stepTimestamps          = &Construct{Kind: KindStep, Name: "timestamps", Status: Converted, Summary: "its steps (GitHub logs always have timestamps)"}
	stepAnsiColor           = &Construct{Kind: KindStep, Name: "ansiColor", Status: Converted, Summary: "its steps (GitHub logs render ANSI colours)"}
	stepContainer           = &Construct{Kind: KindStep, Name: "container", Status: Approximated, Summary: "its steps, on the job's runner"}
	stepPodTemplate         = &Construct{Kind: KindStep, Name: "podTemplate", Status: Approximated, Summary: "its steps, on the job's runner"}
	stepWs                  = &Construct{Kind: KindStep, Name: "ws", Status: Converted, Summary: "working-directory on the steps inside"}
	stepCatchError          = &Construct{Kind: KindStep, Name: "catchError", Status: Approximated, Summary: "continue-on-error on the steps inside"}
	stepWarnError           = &Construct{Kind: KindStep, Name: "warnError", Status: Approximated, Summary: "continue-on-error on the steps inside"}
	stepWithDockerContainer = &Construct{Kind: KindStep, Name: "withDockerContainer", Status: Approximated, Summary: "scripts run with docker run in the image"}
	stepDockerImageInside   = &Construct{Kind: KindStep, Name: "docker.image.inside", Status: Approximated, Summary: "scripts run with docker run in the image"}
	stepDockerWithRegistry  = &Construct{Kind: KindStep, Name: "docker.withRegistry", Status: Approximated, Summary: "the docker-login template before the steps inside"}
	stepLock                = &Construct{Kind: KindStep, Name: "lock", Status: Approximated, Summary: "a concurrency group on the job"}
)

func init() {
	stepUnstable.step = mapUnstable
	stepNode.step = mapNode
	stepStage.step = mapStage
	stepParallel.step = mapParallel
	stepTimestamps.step = mapTransparent("GitHub logs always have timestamps")
	stepAnsiColor.step = mapTransparent("GitHub logs render ANSI colours")
	stepContainer.step = mapApproxBlock("the steps run on the job's runner, not in the pod container: give the job a container: if they need its image")
	stepPodTemplate.step = mapApproxBlock("the pod is not created: give the job a container: and services: for its containers")
	stepWs.step = mapDir
	stepCatchError.step = mapCatchError
	stepWarnError.step = mapCatchError
	stepWithDockerContainer.step = mapInside
	stepDockerImageInside.step = mapInside
	stepDockerWithRegistry.step = mapWithRegistry
	stepLock.step = mapLock
}

func mapNode(c *converter, sc *scope, s *pipeline.Step) {
	arg := s.Args.First("label")
	label, ok := valueText(arg)
	switch {
	case arg.Kind == pipeline.Absent:
		// node { } takes any agent.
		c.record(stepNode, Converted, s.Range, "")
	case arg.Ref() != nil && arg.Ref().Name == "POD_LABEL":
		c.record(stepNode, Converted, s.Range, "the pod of the enclosing podTemplate: its containers are the job's")
	case !ok:
		c.manual(stepNode, s.Range, s.Text, "label computed by Groovy: set runs-on by hand")
	case label == "" || sc.job.nodeSet && strings.Join(c.runsOn(label, s.Range), ",") == strings.Join(sc.job.job.RunsOn, ","):
		c.record(stepNode, Converted, s.Range, "")
	case sc.job.nodeSet:
		c.record(stepNode, Approximated, s.Range, "a second node with another label: its steps run on the job's runner; give them a job of their own")
	default:
		sc.job.job.RunsOn = c.runsOn(label, s.Range)
		sc.job.defaultRunner = false
		c.record(stepNode, Converted, s.Range, "")
	}
	sc.job.nodeSet = true
	c.steps(sc, s.Body)
}

func mapStage(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	inner.stage = s.Args.First("name").Str()
	c.record(stepStage, Converted, s.Range, "")
	c.steps(inner, s.Body)
}

func mapParallel(c *converter, sc *scope, s *pipeline.Step) {
	c.record(stepParallel, Approximated, s.Range, "the branches run one after another in this job; split them into jobs to run them at the same time")
	for _, n := range s.Args.Named {
		if n.Value.Kind == pipeline.Closure {
			c.steps(sc, n.Value.Steps)
		}
	}
	for _, v := range s.Args.Positional {
		if v.Kind == pipeline.Map {
			for _, n := range v.Map {
				if n.Value.Kind == pipeline.Closure {
					c.steps(sc, n.Value.Steps)
				}
			}
		}
	}
	if len(s.Args.Named) == 0 && len(s.Args.Positional) > 0 && s.Args.Positional[0].Kind != pipeline.Map {
		if name := refName(s.Args.Positional[0]); c.branchMaps[name] {
			c.record(stepParallel, Approximated, s.Range, "the branches of %s ran where the map was filled, one after the other", name)
			return
		}
		c.manual(stepParallel, s.Range, s.Text, "branches built by Groovy: write one job per branch")
		c.inner(sc, s)
	}
}

func mapTransparent(note string) func(c *converter, sc *scope, s *pipeline.Step) {
	return func(c *converter, sc *scope, s *pipeline.Step) {
		c.record(constructFor(KindStep, s.Name), Converted, s.Range, "%s", note)
		c.steps(sc, s.Body)
	}
}

func mapApproxBlock(note string) func(c *converter, sc *scope, s *pipeline.Step) {
	return func(c *converter, sc *scope, s *pipeline.Step) {
		c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "%s", note)
		c.steps(sc, s.Body)
	}
}

// caught says how catchError treats a failure inside it.
type caught struct {
	// result is the build result Jenkins sets when a step inside fails:
	// FAILURE (catchError's default; the job fails at its end), UNSTABLE
	// (warnError) or SUCCESS.
	result string
	// flag is the env variable set once a step inside failed: the
	// block's later steps are skipped, as Jenkins leaves the block at
	// its first error.
	flag string
	// also is another variable set when a step inside fails: the
	// failure of any branch of a parallel.
	also string
	// scriptsOnly is set for a try body, where a failing action is not
	// caught: continue-on-error would hide it from the catch steps.
	scriptsOnly bool
}

func mapCatchError(c *converter, sc *scope, s *pipeline.Step) {
	inner := sc.child()
	result := strings.ToUpper(s.Args.Get("buildResult").Str())
	switch {
	case s.Name == "warnError":
		result = "UNSTABLE"
	case result == "":
		result = "FAILURE"
	}
	c.caughtBlocks++
	inner.caught = &caught{result: result, flag: fmt.Sprintf("J2A_CAUGHT_%d", c.caughtBlocks)}
	inner.cond = condition.And(sc.cond, condition.Of(fmt.Sprintf("env.%s != 'true'", inner.caught.flag)))
	note := "a failing script inside leaves a warning, the block's later steps are skipped and the job goes on"
	switch result {
	case "FAILURE":
		note += "; the job fails at its end, as Jenkins marked the build failed"
	case "UNSTABLE":
		note += "; the build is marked unstable for the post conditions"
	}
	c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "%s", note)
	c.steps(inner, s.Body)
}

func mapUnstable(c *converter, sc *scope, s *pipeline.Step) {
	msg := s.Args.First("message")
	c.markResult(sc, "UNSTABLE", msg.Str(), s.Range)
	status := Converted
	if !msg.IsLiteral() {
		status = Approximated
	}
	c.record(stepUnstable, status, s.Range, "")
}

func mapInside(c *converter, sc *scope, s *pipeline.Step) {
	img, ok := valueText(s.Args.Get("image"))
	if s.Name == "withDockerContainer" {
		img, ok = valueText(s.Args.First("image"))
	}
	inner := sc.child()
	if !ok || img == "" {
		c.manual(constructFor(KindStep, s.Name), s.Range, s.Text, "image computed by Groovy: run the steps in a job container")
	} else {
		inner.image = img
		inner.imageArgs = s.Args.Get("args").Str()
		if len(s.Args.Positional) > 0 && s.Name == "docker.image.inside" {
			inner.imageArgs = s.Args.Positional[0].Str()
		}
		c.record(constructFor(KindStep, s.Name), Approximated, s.Range, "each script runs in its own docker run of %s with the workspace mounted; a job container: is simpler when all steps use the image", img)
	}
	c.steps(inner, s.Body)
}

// dockerRun wraps a script so that it runs in image with the workspace
// mounted at the same path and the step's env passed on, as Jenkins'
// inside() does.
func dockerRun(image, args, script string) string {
	var b strings.Builder
	// The build's whole environment, as inside() passes it, but what
	// belongs to the host.
	b.WriteString("j2a_env=()\nwhile IFS= read -r name; do j2a_env+=(-e \"$name\"); done < <(compgen -e | grep -vxE 'PATH|HOME|HOSTNAME|PWD|OLDPWD|SHLVL|_|TMPDIR|USER|SHELL|LANG')\n")
	b.WriteString(`docker run --rm -v "$GITHUB_WORKSPACE:$GITHUB_WORKSPACE" -w "$PWD" "${j2a_env[@]}"`)
	if args != "" {
		b.WriteString(" " + args)
	}
	fmt.Fprintf(&b, " %s sh -ec %s", bash.Quote(image), bash.Quote(script))
	return b.String()
}

func mapWithRegistry(c *converter, sc *scope, s *pipeline.Step) {
	url, ok1 := valueText(s.Args.First("url"))
	id, ok2 := valueText(s.Args.Get("credentialsId"))
	if len(s.Args.Positional) > 1 {
		id, ok2 = valueText(s.Args.Positional[1])
	}
	if !ok1 || !ok2 {
		c.manual(stepDockerWithRegistry, s.Range, s.Text, "registry or credentials computed by Groovy: log in with the docker-login template")
		c.steps(sc, s.Body)
		return
	}
	in := map[string]string{}
	if host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://"), "/"); host != "" && host != "index.docker.io/v1" {
		in["registry"] = host
	}
	if id != "" {
		name := c.secretFor(id)
		c.addSecret(name+"_USR", id, "username", s.Range)
		c.addSecret(name+"_PSW", id, "password", s.Range)
		in["username"], in["password"] = secretRef(name+"_USR"), secretRef(name+"_PSW")
		c.template(sc, "docker-login", in, s.Range)
	}
	c.record(stepDockerWithRegistry, Approximated, s.Range, "the login lasts for the rest of the job, not only the block")
	c.steps(sc, s.Body)
}

// onlyParams reports whether every reference in a string is a declared
// build parameter.
func (c *converter) onlyParams(v pipeline.Value) bool {
	for _, p := range v.Parts {
		if p.Ref != nil && (p.Ref.Scope != pipeline.RefParam || c.params[p.Ref.Name] == nil) {
			return false
		}
	}
	return true
}

func mapLock(c *converter, sc *scope, s *pipeline.Step) {
	v := s.Args.First("resource")
	res, ok := valueText(v)
	if !ok && v.Kind == pipeline.String && c.onlyParams(v) {
		// A resource named after parameters: the group reads the inputs,
		// which concurrency may use.
		res, ok = c.exprValue(v, nil), true
	}
	if !ok || res == "" {
		c.manual(stepLock, s.Range, s.Text, "resource computed by Groovy or a label lock: use a concurrency group")
		c.steps(sc, s.Body)
		return
	}
	sc.job.job.Concurrency = &workflow.Concurrency{Group: res}
	c.record(stepLock, Approximated, s.Range, "the whole job holds the concurrency group %q, not only the block", res)
	c.steps(sc, s.Body)
}
