package convert

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

var (
	toolJDK       = &Construct{Kind: KindTool, Name: "jdk", Status: Converted, Summary: "the setup-java template; the version is read from the installation name"}
	toolMaven     = &Construct{Kind: KindTool, Name: "maven", Status: Approximated, Summary: "Maven from the runner image; setup-java caches its dependencies"}
	toolAnt       = &Construct{Kind: KindTool, Name: "ant", Status: Approximated, Summary: "Ant from the runner image"}
	toolGradle    = &Construct{Kind: KindTool, Name: "gradle", Status: Converted, Summary: "the setup-gradle template"}
	toolNodeJS    = &Construct{Kind: KindTool, Name: "nodejs", Status: Converted, Summary: "the setup-node template"}
	toolGo        = &Construct{Kind: KindTool, Name: "go", Status: Converted, Summary: "the setup-go template"}
	toolPython    = &Construct{Kind: KindTool, Name: "python", Status: Converted, Summary: "the setup-python template"}
	toolDotnetSDK = &Construct{Kind: KindTool, Name: "dotnetsdk", Status: Converted, Summary: "the setup-dotnet template"}
)

func init() {
	toolJDK.tool = mapToolJDK
	toolMaven.tool = mapToolMaven
	toolAnt.tool = mapToolFromImage("Ant")
	toolGradle.tool = mapToolGradle
	toolNodeJS.tool = mapToolVersioned("setup-node", "node-version", "lts/*")
	toolGo.tool = mapToolVersioned("setup-go", "go-version", "stable")
	toolPython.tool = mapToolVersioned("setup-python", "python-version", "3.x")
	toolDotnetSDK.tool = mapToolVersioned("setup-dotnet", "dotnet-version", "8.0.x")
}

// mapTool installs a tool of a tools block at the start of a job.
func (c *converter) mapTool(j *jobBuilder, t *pipeline.Tool) {
	k := lookup(KindTool, t.Type)
	if k == nil {
		c.manual(constructFor(KindTool, t.Type), t.Range, "", "unknown tool type %q: install it with a setup action", t.Type)
		return
	}
	k.tool(c, j, t)
}

// versionIn finds a version number in a tool installation name
// ("jdk_17_latest" → 17, "NodeJS 18.16" → 18.16).
var versionIn = regexp.MustCompile(`\d+(?:\.\d+)*`)

func toolVersion(t *pipeline.Tool) (string, bool) {
	if !t.Name.IsLiteral() {
		return "", false
	}
	v := versionIn.FindString(t.Name.Str())
	return v, v != ""
}

// matrixVersion reads the tool version of each value of a matrix axis
// the tool name refers to (jdk "${JAVA}" in a matrix).
func (c *converter) matrixVersion(j *jobBuilder, t *pipeline.Tool) (string, bool) {
	axis := c.axisRef(j, t.Name)
	if axis == "" {
		return "", false
	}
	return c.axisKey(j, axis, t.Type+"-version", func(v string) (string, bool) {
		ver := versionIn.FindString(v)
		return ver, ver != ""
	})
}

func mapToolJDK(c *converter, j *jobBuilder, t *pipeline.Tool) {
	v, ok := toolVersion(t)
	if !ok {
		v, ok = c.matrixVersion(j, t)
	}
	status, note := Converted, ""
	if !ok {
		v, status, note = "21", Approximated, "no version in the installation name "+t.Name.Text+": Java 21 assumed"
	}
	dist := c.cfg.JavaDistribution
	if d, ok := javaDistribution(dist, v); !ok && !strings.Contains(v, "${{") {
		dist = d
		status = Approximated
		note = strings.TrimPrefix(note+"; ", "; ") + fmt.Sprintf("%s ships no Java %s: %s does", c.cfg.JavaDistribution, v, d)
	}
	c.template(c.jobScope(j), "setup-java", map[string]string{
		"java-version": v, "distribution": dist, "cache": j.cache,
	}, t.Range)
	c.record(toolJDK, status, t.Range, "%s", note)
}

// temurinMajors are the Java versions Eclipse Temurin builds: 8, 11, and
// every release from 16 on. Zulu builds every version from 6 on.
var temurinMajors = regexp.MustCompile(`^(1\.)?(8|11|1[6-9]|[2-9]\d)(\.|$)`)

// javaDistribution returns dist when it ships Java version v, and a
// distribution that does (Zulu) and false when it does not.
func javaDistribution(dist, v string) (string, bool) {
	if dist == "temurin" && !temurinMajors.MatchString(v) {
		return "zulu", false
	}
	return dist, true
}

func mapToolMaven(c *converter, j *jobBuilder, t *pipeline.Tool) {
	c.record(toolMaven, Approximated, t.Range, "Maven comes with the runner image; the installation %s is not pinned", t.Name.Text)
}

// toolFromImage records a tool the GitHub-hosted runner images already
// have.
func mapToolFromImage(name string) func(c *converter, j *jobBuilder, t *pipeline.Tool) {
	return func(c *converter, j *jobBuilder, t *pipeline.Tool) {
		c.record(constructFor(KindTool, t.Type), Approximated, t.Range, "%s comes with the runner image; the installation %s is not pinned", name, t.Name.Text)
	}
}

func mapToolGradle(c *converter, j *jobBuilder, t *pipeline.Tool) {
	c.template(c.jobScope(j), "setup-gradle", nil, t.Range)
	c.record(toolGradle, Converted, t.Range, "")
}

func mapToolVersioned(template, input, fallback string) func(c *converter, j *jobBuilder, t *pipeline.Tool) {
	return func(c *converter, j *jobBuilder, t *pipeline.Tool) {
		v, ok := toolVersion(t)
		if !ok {
			v, ok = c.matrixVersion(j, t)
		}
		status, note := Converted, ""
		if !ok {
			v, status, note = fallback, Approximated, "no version in the installation name "+t.Name.Text+": "+fallback+" assumed"
		}
		c.template(c.jobScope(j), template, map[string]string{input: v}, t.Range)
		c.record(constructFor(KindTool, t.Type), status, t.Range, "%s", note)
	}
}
