package convert

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/diag"
	"github.com/jenkins2actions/jenkins2actions/pipeline"
	"github.com/jenkins2actions/jenkins2actions/workflow"
)

var (
	agentAny        = &Construct{Kind: KindAgent, Name: "any", Status: Converted, Summary: "the default runner"}
	agentNone       = &Construct{Kind: KindAgent, Name: "none", Status: Converted, Summary: "stages pick their runners"}
	agentLabel      = &Construct{Kind: KindAgent, Name: "label", Status: Converted, Summary: "runs-on through the label map; unknown labels become self-hosted runner labels"}
	agentNode       = &Construct{Kind: KindAgent, Name: "node", Status: Converted, Summary: "runs-on through the label map; customWorkspace becomes the working directory"}
	agentDocker     = &Construct{Kind: KindAgent, Name: "docker", Status: Converted, Summary: "a job container"}
	agentDockerfile = &Construct{Kind: KindAgent, Name: "dockerfile", Status: Manual, Summary: "build and push the image, then use it as the job container"}
	agentKubernetes = &Construct{Kind: KindAgent, Name: "kubernetes", Status: Approximated, Summary: "the build container of the pod spec as the job container, the others as services"}
	agentSelfHosted = &Construct{Kind: KindAgent, Name: "self-hosted", Status: Approximated, Summary: "a job on a self-hosted runner skips pull requests from forks, which Jenkins could build for trusted contributors"}
)

// recordAgent records an agent directive once, where it is written.
func (c *converter) recordAgent(a *pipeline.Agent) {
	construct := constructFor(KindAgent, string(a.Kind))
	switch a.Kind {
	case pipeline.AgentDockerfile:
		c.manual(construct, a.Range, "", "build the image from the Dockerfile, push it to a registry and use it as the job container")
	case pipeline.AgentKubernetes:
		if a.YAML == "" {
			c.manual(construct, a.Range, "", "pod spec in a file or computed by Groovy: run the build container as the job container and the others as services")
			return
		}
		c.record(construct, Approximated, a.Range, "the pod's build container is the job container and its other containers are services; resources, volumes and node selection are not carried over")
	case pipeline.AgentUnknown:
		c.manual(construct, a.Range, "", "unrecognised agent: set runs-on by hand")
	default:
		c.record(construct, Converted, a.Range, "")
	}
}

// applyAgent sets where a job runs.
func (c *converter) applyAgent(j *jobBuilder, a *pipeline.Agent) {
	// The pipeline's agent is recorded by run; a stage agent shared by
	// several jobs (a matrix's) once.
	if a != nil && a != c.p.Agent && !c.seenAgents[a] {
		c.seenAgents[a] = true
		c.recordAgent(a)
	}
	j.job.RunsOn = c.cfg.DefaultRunner
	j.defaultRunner = true
	if a == nil {
		return
	}
	if a.Label != "" {
		if axis := c.axisRef(j, pipeline.StringValue(a.Label, a.Range)); axis != "" {
			j.job.RunsOn = []string{c.axisRunsOn(j, axis, a.Range)}
		} else {
			j.job.RunsOn = c.runsOn(a.Label, a.Range)
		}
		j.defaultRunner = false
	}
	if a.CustomWorkspace != "" {
		j.job.WorkingDirectory = a.CustomWorkspace
	}
	if a.Kind == pipeline.AgentKubernetes && a.YAML != "" {
		c.podAgent(j, a)
	}
	if a.Kind == pipeline.AgentDocker && a.Image != "" {
		img := a.Image
		if a.RegistryURL != "" && !strings.Contains(strings.SplitN(img, "/", 2)[0], ".") {
			host := strings.TrimPrefix(strings.TrimPrefix(a.RegistryURL, "https://"), "http://")
			img = strings.TrimSuffix(host, "/") + "/" + img
		}
		j.job.Container = &workflow.Container{Image: img, Options: a.Args}
		if a.RegistryCredentialsID != "" {
			name := c.secretFor(a.RegistryCredentialsID)
			c.addSecret(name+"_USR", a.RegistryCredentialsID, "username", a.Range)
			c.addSecret(name+"_PSW", a.RegistryCredentialsID, "password", a.Range)
			j.job.Container.Username = secretRef(name + "_USR")
			j.job.Container.Password = secretRef(name + "_PSW")
		}
	}
}

// runsOn maps a Jenkins label expression to runs-on labels. Known labels
// go through the label map; anything else asks for a self-hosted runner
// that carries the same labels.
func (c *converter) runsOn(label string, rng diag.Range) []string {
	label = strings.TrimSpace(label)
	if strings.Contains(label, "${") {
		c.manual(agentLabel, rng, label, "label computed by Groovy: set runs-on by hand")
		return c.cfg.DefaultRunner
	}
	labels, known := c.labels(label)
	if known {
		return labels
	}
	// A repository or organisation variable can point the job at any
	// runner without editing the workflow; until it is set, the job asks
	// for a self-hosted runner with the Jenkins labels.
	variable := "RUNS_ON_" + strings.ToUpper(slug(strings.Join(labels[1:], "_"), "_"))
	runsOn := []string{fmt.Sprintf("${{ fromJSON(vars.%s || %s) }}", variable, exprString(jsonList(labels)))}
	c.selfHosted(label, labels, variable, rng)
	return runsOn
}

// labels maps a Jenkins label expression through the label map. An
// unknown label gives the self-hosted runner labels it asks for and false.
func (c *converter) labels(label string) ([]string, bool) {
	if r, ok := c.cfg.Labels[label]; ok {
		return r, true
	}
	if r, ok := c.cfg.Labels[strings.ToLower(label)]; ok {
		return r, true
	}
	alts := strings.Split(label, "||")
	expr := strings.Trim(strings.TrimSpace(alts[0]), "()")
	var labels []string
	for _, l := range strings.Split(expr, "&&") {
		l = strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "()"))
		if l == "" || strings.HasPrefix(l, "!") {
			continue
		}
		labels = append(labels, l)
	}
	if len(labels) == 1 {
		if r, ok := c.cfg.Labels[labels[0]]; ok {
			return r, true
		}
	}
	return append([]string{"self-hosted"}, labels...), false
}

// selfHosted reports, once per label, the self-hosted runner to provide.
func (c *converter) selfHosted(label string, labels []string, variable string, rng diag.Range) {
	if _, seen := c.runners[label]; seen {
		return
	}
	c.runners[label] = &Runner{Label: label, RunsOn: labels, Variable: variable, Source: rng}
	note := fmt.Sprintf("provide a self-hosted runner with the labels %s", strings.Join(labels, ", "))
	if variable != "" {
		note += fmt.Sprintf(", set the variable %s to a JSON list of runner labels,", variable)
	}
	note += " or map the label in .jenkins2actions.yaml"
	if strings.Contains(label, "||") || strings.Contains(label, "!") {
		note += "; the label expression was reduced to its first alternative"
		c.manual(agentLabel, rng, label, "%s", note)
		return
	}
	// The job runs as written once a runner carries the labels: like a
	// secret to create, the runner is listed in the report.
	c.record(agentLabel, Approximated, rng, "%s", note)
}

// jsonList writes labels as a JSON array.
func jsonList(labels []string) string {
	quoted := make([]string, len(labels))
	for i, l := range labels {
		quoted[i] = strconv.Quote(l)
	}
	return "[" + strings.Join(quoted, ",") + "]"
}

// podSpec is the part of a Kubernetes pod the converter reads.
type podSpec struct {
	Spec struct {
		Containers []struct {
			Name  string `yaml:"name"`
			Image string `yaml:"image"`
			Env   []struct {
				Name  string `yaml:"name"`
				Value string `yaml:"value"`
			} `yaml:"env"`
		} `yaml:"containers"`
	} `yaml:"spec"`
}

// podAgent runs a job in the build container of a Kubernetes pod agent:
// defaultContainer, or the first container that is not the Jenkins agent
// (jnlp); the other containers become services.
func (c *converter) podAgent(j *jobBuilder, a *pipeline.Agent) {
	var pod podSpec
	if err := yaml.Unmarshal([]byte(a.YAML), &pod); err != nil {
		// Without the pod's containers the job would run on a bare
		// runner: the work is left to a person, not dropped in silence.
		c.manual(agentKubernetes, a.Range, "", "the pod YAML does not parse (%s): fix it, or give the job's container and services by hand", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	build := a.DefaultContainer
	if build == "" || build == "jnlp" {
		build = ""
		for _, ct := range pod.Spec.Containers {
			if ct.Name != "jnlp" && ct.Image != "" {
				build = ct.Name
				break
			}
		}
	}
	for _, ct := range pod.Spec.Containers {
		if ct.Name == "jnlp" || ct.Image == "" {
			continue
		}
		if ct.Name == build {
			j.job.Container = &workflow.Container{Image: ct.Image}
			continue
		}
		svc := &workflow.Service{Name: slug(ct.Name, "-"), Image: ct.Image}
		for _, e := range ct.Env {
			svc.Env = append(svc.Env, workflow.KV{Key: e.Name, Value: e.Value})
		}
		j.job.Services = append(j.job.Services, svc)
	}
}
