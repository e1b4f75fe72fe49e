package config

import (
	"os"
	"path/filepath"
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
	tests := []struct{ content, want string }{
		{"lables: {}\n", "field lables not found"},
		{"timeout-minutes: soon\n", "cannot unmarshal"},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, FileName)
		os.WriteFile(p, []byte(tt.content), 0o644)
		_, err := Load(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), p) {
			t.Errorf("%q: error %v, want %q with the file name", tt.content, err, tt.want)
		}
	}
	p := filepath.Join(dir, "empty.yaml")
	os.WriteFile(p, nil, 0o644)
	if _, err := Load(p); err != nil {
		t.Errorf("empty file: %v", err)
	}
}
