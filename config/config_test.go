package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestFindAndMerge(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := Find(deep)
	if err != nil || cfg.Path != "" || cfg.TimeoutMinutes != 360 {
		t.Fatalf("defaults: %+v %v", cfg, err)
	}
	file := "labels:\n  Hadoop: [ubuntu-latest]\ncredentials:\n  docker-hub: DOCKERHUB\ntimeout-minutes: 30\n"
	if err := os.WriteFile(filepath.Join(root, FileName), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = Find(deep)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != filepath.Join(root, FileName) || cfg.TimeoutMinutes != 30 || cfg.Credentials["docker-hub"] != "DOCKERHUB" {
		t.Errorf("loaded %+v", cfg)
	}
	if !slices.Equal(cfg.Labels["Hadoop"], []string{"ubuntu-latest"}) || !slices.Equal(cfg.Labels["windows"], []string{"windows-latest"}) {
		t.Errorf("labels not merged over the defaults: %v", cfg.Labels)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	// Each mistake is reported at its line and column, in words, with
	// what to write instead.
	tests := []struct{ content, want string }{
		{"lables: {}\n", `:1:1: unknown key "lables" (did you mean labels?)`},
		{"timeout-minutes: soon\n", ":1:18: timeout-minutes takes a whole number"},
		{"default-runner: ubuntu-latest\n", ":1:17: default-runner takes a list (write [ubuntu-latest])"},
		{"labels:\n  linux: ubuntu-22.04\n", ":2:10: labels.linux takes a list (write [ubuntu-22.04])"},
		{"lint:\n  disabled: [x]\n", `:2:3: unknown key "disabled" (did you mean disable?)`},
		{"zzz: 1\n", `unknown key "zzz" (the keys here are labels, credentials,`},
		{"labels: [a\n", ":1:1: "},
		{"triggers: [tag]\n", `triggers has "tag"; it takes push and pull_request`},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, FileName)
		os.WriteFile(p, []byte(tt.content), 0o644)
		_, err := Load(p)
		var ce *Error
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), p) || !errors.As(err, &ce) {
			t.Errorf("%q: error %v, want %q with the file name", tt.content, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "!!") {
			t.Errorf("%q: error %v names YAML's types", tt.content, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read the config file") {
		t.Errorf("missing file: %v", err)
	}
	p := filepath.Join(dir, "empty.yaml")
	os.WriteFile(p, nil, 0o644)
	if _, err := Load(p); err != nil {
		t.Errorf("empty file: %v", err)
	}
}

// Every key of the config types is documented, for the generated
// reference, and every documented key exists.
func TestKeysDocumented(t *testing.T) {
	var documented []string
	for _, k := range Keys() {
		documented = append(documented, k.Path)
		if k.Type == "" || k.Doc == "" || k.Example == "" {
			t.Errorf("%s: type, doc and example are all needed", k.Path)
		}
		p := filepath.Join(t.TempDir(), FileName)
		if err := os.WriteFile(p, []byte(k.Example+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(p); err != nil {
			t.Errorf("%s: the example does not load: %v", k.Path, err)
		}
	}
	actual := keyPaths("", reflect.TypeOf(Config{}))
	for _, p := range actual {
		if !slices.Contains(documented, p) {
			t.Errorf("the key %s is not in Keys()", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(actual, p) {
			t.Errorf("Keys() documents %s, which the config does not take", p)
		}
	}
}
