package templates

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jenkins2actions/jenkins2actions/internal/testenv"
)

// pinsTSV and majorsTSV are where the pins live in the steering
// repository, next to this project's checkout.
const (
	pinsTSV   = "../../shared/data/action-pins.tsv"
	majorsTSV = "../../shared/data/action-pins-majors.tsv"
)

// TestLockFresh fails when a pins file changed and nobody ran go generate
// ./templates.
func TestLockFresh(t *testing.T) {
	var readers []io.Reader
	for _, p := range []string{pinsTSV, majorsTSV} {
		tsv, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			testenv.Missing(t, p, "it is what actions.lock is generated from")
		}
		if err != nil {
			t.Fatal(err)
		}
		readers = append(readers, bytes.NewReader(tsv))
	}
	want, err := FormatLock(readers...)
	if err != nil {
		t.Fatalf("FormatLock: %v", err)
	}
	got, err := os.ReadFile("actions.lock")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("actions.lock is stale: run go generate ./templates")
	}
	if !bytes.Equal(got, builtinLock) {
		t.Errorf("embedded lock differs from actions.lock on disk")
	}
}

const sha1 = "3d3c42e5aac5ba805825da76410c181273ba90b1"
const sha2 = "b6effb05e454b25005698d916606bdc6ffcbf961"

func TestFormatLock(t *testing.T) {
	const header = "action\tversion\tsha\tcommit_date\tnotes\n"
	tests := []struct {
		name    string
		tsv     string
		want    []string // lock lines after the comments
		wantErr []string
	}{
		{
			name: "sorted without case",
			tsv: header +
				"zz/last\tv1.0.0\t" + sha1 + "\t2026-01-01\ta, b\n" +
				"Mm/middle\tv2\t" + sha2 + "\t2026-01-01\t\n" +
				"aa/first/sub\tv3.1.0\t" + sha1 + "\t2026-01-01\tc\n",
			want: []string{
				"aa/first/sub v3.1.0 " + sha1,
				"Mm/middle v2 " + sha2,
				"zz/last v1.0.0 " + sha1,
			},
		},
		{
			name: "columns found by header",
			tsv:  "sha\tnotes\taction\tversion\n" + sha1 + "\tx\ta/b\tv1.0.0\n",
			want: []string{"a/b v1.0.0 " + sha1},
		},
		{
			name: "blank lines skipped",
			tsv:  header + "\na/b\tv1\t" + sha1 + "\n\n",
			want: []string{"a/b v1 " + sha1},
		},
		{
			name: "every bad row reported",
			tsv: header +
				"a/b\tv1\t" + strings.ToUpper(sha1) + "\n" +
				"a/c\tv1\t" + sha1[:39] + "\n" +
				"a/d\tv1\t" + sha1 + "\n" +
				"A/D\tv1.1\t" + sha2 + "\n" +
				"noslash\tv1\t" + sha1 + "\n" +
				"a/e\t\t" + sha1 + "\n",
			wantErr: []string{
				`line 2: sha "3D3C42E5AAC5BA805825DA76410C181273BA90B1" of "a/b" is not 40 lowercase hex digits`,
				`line 3: sha "3d3c42e5aac5ba805825da76410c181273ba90b" of "a/c" is not 40 lowercase hex digits`,
				`line 5: duplicate action "A/D" v1 (first on line 4)`,
				`line 6: action "noslash" is not owner/repo[/path]`,
				`line 7: version "" of "a/e" is not a tag name`,
			},
		},
		{name: "missing column", tsv: "action\tversion\n", wantErr: []string{`line 1: header has no "sha" column`}},
		{name: "empty", tsv: "", wantErr: []string{"empty pins file"}},
		{name: "no rows", tsv: header, wantErr: []string{"no pins"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FormatLock(strings.NewReader(tt.tsv))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("FormatLock succeeded:\n%s", got)
				}
				msgs := strings.Split(err.Error(), "\n")
				if len(msgs) != len(tt.wantErr) {
					t.Fatalf("error:\n%v\nwant %d messages", err, len(tt.wantErr))
				}
				for i, w := range tt.wantErr {
					if !strings.Contains(msgs[i], w) {
						t.Errorf("message %d = %q, want it to contain %q", i, msgs[i], w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			text := string(got)
			if !strings.HasPrefix(text, LockHeader+"\n") {
				t.Errorf("lock does not start with the generated-code header:\n%s", text)
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
				if !strings.HasPrefix(l, "#") {
					lines = append(lines, l)
				}
			}
			if !slices.Equal(lines, tt.want) {
				t.Errorf("pins:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tt.want, "\n"))
			}
			// The lock must read back to the same pins.
			l, err := LoadLock(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("LoadLock of generated lock: %v", err)
			}
			if n := len(l.Pins()); n != len(tt.want) {
				t.Errorf("LoadLock read %d pins, want %d", n, len(tt.want))
			}
		})
	}
}

func TestLoadLock(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr []string
	}{
		{name: "comments and blanks", src: "# x\n\n  # y\nactions/checkout v7.0.1 " + sha1 + "\n"},
		{
			name: "errors with lines",
			src: "# header\n" +
				"actions/checkout v7.0.1\n" +
				"actions/checkout v7.0.1 " + sha1 + " extra\n" +
				"actions/cache v5 deadbeef\n" +
				"actions/setup-go v7 " + sha1 + "\n" +
				"Actions/Setup-Go v7 " + sha1 + "\n",
			wantErr: []string{
				`line 2: want "action version sha", got 2 fields`,
				`line 3: want "action version sha", got 4 fields`,
				`line 4: sha "deadbeef" of "actions/cache" is not 40 lowercase hex digits`,
				`line 6: duplicate action "Actions/Setup-Go" v7 (first on line 5)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadLock(strings.NewReader(tt.src))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("LoadLock succeeded")
			}
			if got, want := err.Error(), strings.Join(tt.wantErr, "\n"); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestLockPin(t *testing.T) {
	l, err := LoadLock(strings.NewReader(
		"EnricoMi/publish-unit-test-result-action v2.24.0 " + sha1 + "\n" +
			"EnricoMi/publish-unit-test-result-action/macos v2.24.0 " + sha1 + "\n" +
			"actions/checkout v7.0.1 " + sha2 + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		action string
		want   string // the pin's Action, "" when absent
	}{
		{"actions/checkout", "actions/checkout"},
		{"Actions/CHECKOUT", "actions/checkout"},
		{"enricomi/publish-unit-test-result-action", "EnricoMi/publish-unit-test-result-action"},
		{"enricomi/publish-unit-test-result-action/macos", "EnricoMi/publish-unit-test-result-action/macos"},
		// Paths inside a repository are case-sensitive.
		{"EnricoMi/publish-unit-test-result-action/MacOS", ""},
		{"actions/checkout@v7", ""},
		{"actions/cache", ""},
	}
	for _, tt := range tests {
		p, ok := l.Pin(tt.action)
		if ok != (tt.want != "") || p.Action != tt.want {
			t.Errorf("Pin(%q) = %+v, %v; want action %q", tt.action, p, ok, tt.want)
		}
	}
	got := l.Pins()
	var names []string
	for _, p := range got {
		names = append(names, p.Action)
	}
	want := []string{"actions/checkout", "EnricoMi/publish-unit-test-result-action", "EnricoMi/publish-unit-test-result-action/macos"}
	if !slices.Equal(names, want) {
		t.Errorf("Pins() = %q, want %q", names, want)
	}
	got[0].SHA = "changed"
	if p, _ := l.Pin("actions/checkout"); p.SHA != sha2 {
		t.Errorf("changing the result of Pins changed the lock")
	}
	if p, _ := l.Pin("actions/checkout"); p.Ref() != "actions/checkout@"+sha2 {
		t.Errorf("Ref() = %q", p.Ref())
	}
}

func TestMajors(t *testing.T) {
	for ref, want := range map[string]string{"v4": "v4", "v4.1.2": "v4", "v10.0": "v10", "2.0": "v2", "v1.40": "v1", "main": "", "3d3c42e": "", "v4-beta": "", "": ""} {
		if got := MajorOf(ref); got != want {
			t.Errorf("MajorOf(%q) = %q, want %q", ref, got, want)
		}
	}
	lock, err := LoadLock(strings.NewReader("actions/checkout v4.2.0 " + sha2 + "\nactions/checkout v10.0.1 " + sha1 + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := lock.Pin("actions/checkout"); p.Version != "v10.0.1" {
		t.Errorf("Pin = %v, want the newest major", p)
	}
	if p, ok := lock.PinMajor("Actions/Checkout", "v4"); !ok || p.SHA != sha2 {
		t.Errorf("PinMajor(v4) = %v %v", p, ok)
	}
	if _, ok := lock.PinMajor("actions/checkout", "v5"); ok {
		t.Error("PinMajor(v5) found a pin the lock lacks")
	}
}
