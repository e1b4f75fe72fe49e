package githubtest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps failures and cleanups instead of
// acting on them, so that the fake's own checks can be tested.
type recorder struct {
	testing.TB
	errs     []string
	cleanups []func()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func TestServerChecksStubs(t *testing.T) {
	r := &recorder{TB: t}
	srv := NewServer(r)
	srv.Register(http.MethodGet, "repos/o/r/tags", nil, JSON(http.StatusOK, []any{}))
	srv.Register(http.MethodGet, "repos/o/r/git/ref/tags/v1", nil, JSON(http.StatusOK, map[string]any{}))
	for _, path := range []string{"/api/v3/repos/o/r/tags", "/api/v3/repos/o/r/tags"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, f := range r.cleanups {
		f()
	}
	got := strings.Join(r.errs, "\n")
	want := "githubtest: no stub for GET /api/v3/repos/o/r/tags\n" +
		"githubtest: stub GET /api/v3/repos/o/r/git/ref/tags/v1 was never called"
	if got != want {
		t.Errorf("failures:\n%s\nwant:\n%s", got, want)
	}
}
