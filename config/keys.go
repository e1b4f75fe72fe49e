package config

import (
	"reflect"
	"strings"
)

// Key documents one key of the config file, for the generated reference.
type Key struct {
	// Path is the key as written, dotted for nested keys (lint.disable);
	// NAME stands for a key the user chooses.
	Path string
	// Type says what the key takes, in words.
	Type string
	Doc  string
	// Example is YAML for the key, as it would appear in the file.
	Example string
}

// Keys documents every key the config file takes. A test fails when the
// config types gain a key this list lacks.
func Keys() []Key {
	return []Key{
		{"labels", "map of Jenkins label (or label expression, as written) to a list of runs-on labels",
			"Where the jobs of each Jenkins agent label run. Several labels name a self-hosted runner; `convert` adds them to `.github/actionlint.yaml`.",
			"labels:\n  \"maven && jdk17\": [self-hosted, linux, maven]\n  docker: [ubuntu-latest]"},
		{"credentials", "map of Jenkins credentialsId to GitHub secret name",
			"The secret each credential becomes; by default the id in upper snake case (`docker-hub` is `DOCKER_HUB`).",
			"credentials:\n  docker-hub: DOCKERHUB_TOKEN"},
		{"default-runner", "list of runs-on labels", "Where `agent any` and jobs without an agent run.", "default-runner: [ubuntu-latest]"},
		{"timeout-minutes", "whole number", "The job timeout when Jenkins sets none (GitHub's own default is 360).", "timeout-minutes: 60"},
		{"triggers", "list of push, pull_request",
			"The events every converted workflow runs on, instead of those chosen from the pipeline (workflow_dispatch and the pipeline's schedule stay).",
			"triggers: [push]"},
		{"manual-steps", "fail or warn", "What the step standing for work left to a person does: fail the job (the default) or only warn.", "manual-steps: warn"},
		{"java-distribution", "setup-java distribution", "The JDK distribution for `tools { jdk }`; a version it does not ship switches to Zulu.", "java-distribution: temurin"},
		{"templates", "directory, relative to the config file", "The organisation's templates, laid over the built-in catalog.", "templates: ci/templates"},
		{"libraries.NAME", "map of shared-library step (or library) to what replaces it",
			"A shared-library step and what it becomes: a reusable workflow (for a pipeline that is only this call), an action, or a catalog template; its named arguments become `with:` inputs.",
			"libraries:\n  buildPlugin: {workflow: my-org/workflows/.github/workflows/maven.yml@v1}"},
		{"libraries.NAME.workflow", "reusable workflow reference", "The reusable workflow a pipeline made of this one step becomes.", "libraries:\n  buildPlugin: {workflow: my-org/workflows/.github/workflows/maven.yml@v1}"},
		{"libraries.NAME.action", "action reference, pinned", "The action the step becomes.", "libraries:\n  myDeploy: {action: my-org/deploy-action@<40-hex sha>}"},
		{"libraries.NAME.template", "catalog template id", "The template the step becomes.", "libraries:\n  notifyTeam: {template: slack-notify}"},
		{"libraries.NAME.with", "map of input to value", "Fixed inputs added to the step's own.", "libraries:\n  myDeploy: {action: my-org/deploy-action@<sha>, with: {region: eu-west-1}}"},
		{"libraries.NAME.path", "directory, relative to the config file",
			"A checkout of the shared library NAME (as `@Library` names it): the steps its `vars/*.groovy` define are converted where the pipeline calls them.",
			"libraries:\n  ops: {path: ../ops-pipeline-library}"},
		{"lint.disable", "list of rule ids", "Practice rules `lint` does not run.", "lint:\n  disable: [deploy-protection]"},
		{"lint.allowed-actions", "list of globs (owner/*, owner/repo, owner/repo/path)", "The actions workflows may use; empty allows all.", "lint:\n  allowed-actions: [\"actions/*\", \"my-org/*\"]"},
		{"lint.deploy-words", "list of words", "Words of a job id or name that mark a deployment (default deploy, release, publish).", "lint:\n  deploy-words: [deploy, ship]"},
	}
}

// yamlKey is the key a struct field has in the file, "" or "-" for none.
func yamlKey(f reflect.StructField) string {
	return strings.Split(f.Tag.Get("yaml"), ",")[0]
}

// keyPaths lists the dotted yaml keys of t, NAME standing for map keys.
func keyPaths(prefix string, t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		tag := yamlKey(t.Field(i))
		if tag == "" || tag == "-" {
			continue
		}
		p := tag
		if prefix != "" {
			p = prefix + "." + tag
		}
		ft := t.Field(i).Type
		switch {
		case ft.Kind() == reflect.Struct:
			out = append(out, keyPaths(p, ft)...)
		case ft.Kind() == reflect.Map && ft.Elem().Kind() == reflect.Struct:
			out = append(out, p+".NAME")
			out = append(out, keyPaths(p+".NAME", ft.Elem())...)
		default:
			out = append(out, p)
		}
	}
	return out
}
