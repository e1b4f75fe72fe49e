package jobxml

import (
	"slices"
	"strconv"
	"strings"

	"github.com/jenkins2actions/jenkins2actions/pipeline"
)

// wrappers reads the build wrappers and returns the builders' steps inside
// the block steps the wrappers become (withCredentials, sshagent). Wrappers
// that shape the whole job become options.
func (r *reader) wrappers(ws *element, steps []*pipeline.Step) []*pipeline.Step {
	if ws == nil {
		return append(r.checkouts, steps...)
	}
	var first []*pipeline.Step
	// Block wrappers nest in the order Jenkins sets them up: the first
	// wrapper is outermost.
	var blocks []func([]*pipeline.Step) []*pipeline.Step
	for _, w := range ws.Children {
		w.used = true
		switch w.class() {
		case "hudson.plugins.build__timeout.BuildTimeoutWrapper":
			r.timeout(w)
		case "org.jenkinsci.plugins.credentialsbinding.impl.SecretBuildWrapper":
			bindings := r.bindings(w)
			if len(bindings) > 0 {
				blocks = append(blocks, func(body []*pipeline.Step) []*pipeline.Step {
					return []*pipeline.Step{newStep("withCredentials", pipeline.Args{Positional: []pipeline.Value{list(bindings, w)}}, w, body...)}
				})
			}
		case "com.cloudbees.jenkins.plugins.sshagent.SSHAgentBuildWrapper":
			var ids []string
			for _, s := range w.kids("credentialIds") {
				s.used = true
				ids = append(ids, strings.TrimSpace(s.Text))
			}
			if id := w.text("user"); id != "" {
				ids = append(ids, id)
			}
			w.ignore("ignoreMissing")
			blocks = append(blocks, func(body []*pipeline.Step) []*pipeline.Step {
				return []*pipeline.Step{newStep("sshagent", pipeline.Args{Positional: []pipeline.Value{strList(ids, w)}}, w, body...)}
			})
		case "hudson.plugins.timestamper.TimestamperBuildWrapper":
			r.option("timestamps", pipeline.Args{}, w)
		case "hudson.plugins.ansicolor.AnsiColorBuildWrapper":
			r.option("ansiColor", pipeline.Args{Positional: []pipeline.Value{str(firstNonEmpty(w.text("colorMapName"), "xterm"), w)}}, w)
			w.ignore("defaultFg", "defaultBg")
		case "hudson.plugins.ws__cleanup.PreBuildCleanup":
			a := pipeline.Args{}
			if w.flag("deleteDirs") {
				a.Named = append(a.Named, pipeline.Named{Name: "deleteDirs", Value: boolean(true, w)})
			}
			var pats []pipeline.Value
			for _, pat := range w.kids("patterns") {
				pat.used = true
				kind := "INCLUDE"
				if pat.text("type") == "EXCLUDE" {
					kind = "EXCLUDE"
				}
				pats = append(pats, mapValue([]pipeline.Named{{Name: "pattern", Value: str(pat.text("pattern"), pat)}, {Name: "type", Value: str(kind, pat)}}, pat))
			}
			if len(pats) > 0 {
				a.Named = append(a.Named, pipeline.Named{Name: "patterns", Value: list(pats, w)})
			}
			w.ignore("cleanupParameter", "externalDelete", "disableDeferredWipeout")
			first = append(first, newStep("cleanWs", a, w))
		case "EnvInjectBuildWrapper":
			r.envInject(w.child("info"))
		case "EnvInjectPasswordWrapper":
			r.envInjectPasswords(w)
		case "com.michelin.cio.hudson.plugins.maskpasswords.MaskPasswordsBuildWrapper":
			r.envInjectPasswords(w)
		default:
			r.unknown(w, "build wrapper")
		}
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		steps = blocks[i](steps)
	}
	first = append(first, r.checkouts...)
	return append(first, steps...)
}

// timeout reads the build-timeout wrapper into the timeout option. Only the
// absolute strategy has a fixed limit; the others are approximated by the
// limit they fall back to.
func (r *reader) timeout(w *element) {
	s := w.child("strategy")
	w.ignore("operationList", "timeoutEnvVar")
	if s == nil {
		r.warn(w, CodeNeedsPerson, "build timeout without a strategy: set timeout-minutes by hand")
		return
	}
	s.used = true
	var minutes string
	switch shortClass(s.class()) {
	case "AbsoluteTimeOutStrategy":
		minutes = s.text("timeoutMinutes")
	case "ElasticTimeOutStrategy":
		minutes = s.text("timeoutMinutesElasticDefault")
		s.ignore("timeoutPercentage", "numberOfBuilds", "failSafeTimeoutDuration", "failSafeTimeoutDurationMinutes")
		r.warn(s, CodeNeedsPerson, "the elastic build timeout becomes its default of %s minutes: check it against the usual build times", minutes)
	case "NoActivityTimeOutStrategy":
		secs, err := strconv.Atoi(s.text("timeoutSecondsString"))
		if err == nil {
			minutes = strconv.Itoa((secs + 59) / 60)
		}
		r.warn(s, CodeNeedsPerson, "the no-activity timeout becomes a limit on the whole build: check it against the usual build times")
	default:
		s.markAll()
		r.warn(s, CodeNeedsPerson, "the build timeout strategy %q has no fixed limit: set timeout-minutes by hand", shortClass(s.class()))
		return
	}
	if minutes == "" {
		r.warn(s, CodeNeedsPerson, "build timeout without minutes: set timeout-minutes by hand")
		return
	}
	v := number(minutes, s)
	if _, err := strconv.Atoi(minutes); err != nil {
		v = str(minutes, s)
	}
	r.option("timeout", args(arg("time", v), arg("unit", str("MINUTES", s))), w)
}

// bindingKinds maps credentials-binding classes to the binding calls of
// withCredentials and the settings each carries.
var bindingKinds = map[string]struct {
	name   string
	fields []string
}{
	"StringBinding":                       {"string", []string{"variable"}},
	"UsernamePasswordMultiBinding":        {"usernamePassword", []string{"usernameVariable", "passwordVariable"}},
	"UsernamePasswordBinding":             {"usernameColonPassword", []string{"variable"}},
	"FileBinding":                         {"file", []string{"variable"}},
	"ZipFileBinding":                      {"zip", []string{"variable"}},
	"SSHUserPrivateKeyBinding":            {"sshUserPrivateKey", []string{"keyFileVariable", "usernameVariable", "passphraseVariable"}},
	"CertificateMultiBinding":             {"certificate", []string{"keystoreVariable", "passwordVariable", "aliasVariable"}},
	"AmazonWebServicesCredentialsBinding": {"aws", []string{"accessKeyVariable", "secretKeyVariable"}},
	"DockerServerCredentialsBinding":      {"dockerCert", []string{"variable"}},
}

// bindings reads the credentials-binding wrapper's bindings as the calls a
// Jenkinsfile writes inside withCredentials([...]).
func (r *reader) bindings(w *element) []pipeline.Value {
	var out []pipeline.Value
	for _, b := range w.kids("bindings") {
		b.used = true
		k, ok := bindingKinds[shortClass(b.class())]
		if !ok {
			r.unknown(b, "credential binding")
			continue
		}
		a := args(arg("credentialsId", str(b.text("credentialsId"), b)))
		for _, f := range k.fields {
			if v := b.text(f); v != "" {
				a.Named = append(a.Named, pipeline.Named{Name: f, Value: str(v, b.child(f))})
			}
		}
		out = append(out, call(k.name, a, b))
	}
	return out
}

// envInject reads the EnvInject settings: literal properties become
// environment variables; scripts and files are reported.
func (r *reader) envInject(info *element) {
	if info == nil {
		return
	}
	for _, kv := range properties(info.raw("propertiesContent")) {
		if encrypted(kv[1]) {
			r.warn(info, CodeSecret, "the encrypted value of %q is not copied: make it a secret", kv[0])
			continue
		}
		r.p.Environment = append(r.p.Environment, &pipeline.EnvVar{Name: kv[0], Value: str(kv[1], info), Range: info.Range})
	}
	for _, f := range []string{"propertiesFilePath", "scriptFilePath", "scriptContent", "groovyScriptContent"} {
		if c := info.child(f); c != nil && strings.TrimSpace(c.Text) != "" {
			r.warn(c, CodeNeedsPerson, "the EnvInject %s computes variables at run time: port it to a step that writes $GITHUB_ENV", f)
		}
	}
	info.ignore("loadFilesFromMaster", "secureGroovyScript", "keepJenkinsSystemVariables", "keepBuildVariables", "overrideBuildParameters", "contributors")
}

// envInjectPasswords reports the password variables of EnvInject and Mask
// Passwords by name: their values are encrypted and never copied.
func (r *reader) envInjectPasswords(w *element) {
	names := findAll(w, "name", "var")
	for _, e := range names {
		r.warn(e, CodeSecret, "the password variable %q is not copied: create a secret and pass it through env", strings.TrimSpace(e.Text))
	}
	switch {
	case w.flag("injectGlobalPasswords"):
		r.warn(w, CodeSecret, "the global passwords of Jenkins were injected: create secrets for those the scripts use")
	case len(names) == 0:
		r.info(w, CodeNote, "password masking needs nothing: GitHub masks secrets in logs")
	}
	w.markAll()
}

// findAll returns the elements named one of names anywhere under e.
func findAll(e *element, names ...string) []*element {
	if e == nil {
		return nil
	}
	var out []*element
	for _, c := range e.Children {
		if slices.Contains(names, c.Name) {
			out = append(out, c)
		}
		out = append(out, findAll(c, names...)...)
	}
	return out
}
