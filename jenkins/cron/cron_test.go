package cron

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestJavaRandom checks the hash against values computed with Java's own
// MessageDigest and java.util.Random (the same code as Jenkins'
// hudson.scheduler.Hash) for a few job names.
func TestJavaRandom(t *testing.T) {
	tests := []struct {
		seed string
		want []int32 // nextInt(60), nextInt(24), nextInt(15), nextInt(28), nextInt(7)
	}{
		{"zookeeper", []int32{21, 6, 10, 0, 3}},
		{"my-job", []int32{18, 17, 8, 1, 1}},
		{"folder/job", []int32{16, 15, 4, 3, 1}},
	}
	for _, tt := range tests {
		r := jenkinsHash(tt.seed)
		var got []int32
		for _, bound := range []int32{60, 24, 15, 28, 7} {
			got = append(got, r.nextInt(bound))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.seed, got, tt.want)
		}
	}
}

func TestJenkinsCron(t *testing.T) {
	tests := []struct {
		spec, job string
		want      []string
		notes     int
	}{
		{"H H * * *", "zookeeper", []string{"21 6 * * *"}, 0},
		{"@daily", "zookeeper", []string{"21 6 * * *"}, 0},
		{"@hourly", "zookeeper", []string{"21 * * * *"}, 0},
		{"0 3 * * 7", "x", []string{"0 3 * * 0"}, 0},
		{"# nightly\n\n15 1 * * *\n30 2 * * *", "x", []string{"15 1 * * *", "30 2 * * *"}, 0},
		{"TZ=Europe/Paris\n0 2 * * *", "x", []string{"0 1 * * *"}, 1},
		{"TZ=Asia/Tokyo\n0 3 * * 1", "x", []string{"0 18 * * 1"}, 1},
		{"*/2 * * * *", "x", []string{"*/2 * * * *"}, 1},
		{"H H * *", "x", nil, 1},
		{"H(5-70) * * * *", "x", nil, 1},
		{"TZ=Nowhere/City\n0 2 * * *", "x", []string{"0 2 * * *"}, 1},
	}
	for _, tt := range tests {
		got, notes := Translate(tt.spec, tt.job)
		if tt.want != nil && !slices.Equal(got, tt.want) {
			t.Errorf("Translate(%q, %q) = %q, want %q", tt.spec, tt.job, got, tt.want)
		}
		if len(notes) != tt.notes {
			t.Errorf("Translate(%q): notes %q, want %d", tt.spec, notes, tt.notes)
		}
	}
}

// TestCronHashSteps checks hashed forms against draws from the same hash:
// H/n lists every n-th value from the drawn start, H(a-b) draws within the
// range.
func TestCronHashSteps(t *testing.T) {
	r := jenkinsHash("my-job")
	start := int(r.nextInt(20))
	want := strings.Join([]string{strconv.Itoa(start), strconv.Itoa(start + 20), strconv.Itoa(start + 40)}, ",") + " * * * *"
	if got, _ := Translate("H/20 * * * *", "my-job"); len(got) != 1 || got[0] != want {
		t.Errorf("H/20: got %q, want %q", got, want)
	}
	r = jenkinsHash("zookeeper")
	want = strconv.Itoa(int(r.nextInt(8))) + " 2 * * 1-5"
	if got, _ := Translate("H(0-7) 2 * * 1-5", "zookeeper"); len(got) != 1 || got[0] != want {
		t.Errorf("H(0-7): got %q, want %q", got, want)
	}
}
