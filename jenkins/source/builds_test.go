package source

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/jenkins2actions/jenkins2actions/jenkins/source/sourcetest"
)

func TestParseBuild(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "build.xml"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
		want Build
		err  string
	}{
		// The BuildData action holds timestamp, duration and result of
		// its own: only the root's children count.
		{name: "jenkins 2.440", src: string(src), want: Build{Start: time.UnixMilli(1767261600250).UTC(), Duration: 754321 * time.Millisecond}},
		{name: "no startTime", src: "<build><timestamp>1000</timestamp><duration>5</duration></build>",
			want: Build{Start: time.UnixMilli(1000).UTC(), Duration: 5 * time.Millisecond}},
		{name: "not a build", src: "<project/>", err: "no startTime or timestamp (is this a build.xml?)"},
		{name: "broken", src: "<build><timestamp>", err: "XML syntax error on line 1: unexpected EOF"},
	}
	for _, tt := range tests {
		got, err := parseBuild([]byte(tt.src))
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

func TestReadBuildsSince(t *testing.T) {
	job := t.TempDir()
	for n, start := range map[string]int64{"1": 1000, "2": 5000, "10": 9000} {
		dir := filepath.Join(job, "builds", n)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		xml := "<?xml version='1.1' encoding='UTF-8'?>\n<build><startTime>" + strconv.FormatInt(start, 10) + "</startTime><duration>1</duration></build>"
		if err := os.WriteFile(filepath.Join(dir, "build.xml"), []byte(xml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Jenkins' symbolic links and files beside the builds are not builds.
	if err := os.Symlink("10", filepath.Join(job, "builds", "lastSuccessfulBuild")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(job, "builds", "legacyIds"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	builds, err := readBuilds(job, time.UnixMilli(5000))
	if err != nil {
		t.Fatal(err)
	}
	if len(builds) != 2 || builds[0].Number != 2 || builds[1].Number != 10 {
		t.Errorf("builds = %+v, want numbers 2 and 10", builds)
	}
}

// TestHomeBuilds checks that a multibranch project carries its branches'
// builds and that folders carry none.
func TestHomeBuilds(t *testing.T) {
	home := t.TempDir()
	write := func(p, content string) { sourcetest.WriteFile(t, p, content) }
	build := "<build><startTime>2000</startTime><duration>60000</duration></build>"
	write(filepath.Join(home, "jobs", "f", "config.xml"), "<"+classFolder+"/>")
	write(filepath.Join(home, "jobs", "f", "jobs", "svc", "config.xml"), "<"+classMultibranch+"/>")
	for _, b := range []string{"main/builds/1", "main/builds/2", "PR-4/builds/1"} {
		write(filepath.Join(home, "jobs", "f", "jobs", "svc", "branches", filepath.FromSlash(b), "build.xml"), build)
	}
	write(filepath.Join(home, "jobs", "app", "config.xml"), "<project/>")
	write(filepath.Join(home, "jobs", "app", "builds", "7", "build.xml"), build)
	jobs, err := collectJobs(t, &Home{Dir: home, Builds: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, j := range jobs {
		if j.Err != nil {
			t.Errorf("%s: %v", j.Path, j.Err)
		}
		got[j.Path] = len(j.Builds)
	}
	if want := map[string]int{"app": 1, "f": 0, "f/svc": 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("builds per job = %v, want %v", got, want)
	}
}
