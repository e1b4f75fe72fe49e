package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
)

// repoName matches owner/name as GitHub allows them.
var repoName = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)

// ParseRepo checks that s is owner/name and returns its two halves.
func ParseRepo(s string) (owner, name string, err error) {
	if !repoName.MatchString(s) || strings.HasSuffix(s, "/.") || strings.HasSuffix(s, "/..") {
		return "", "", fmt.Errorf("%q is not a repository name (write it as OWNER/NAME)", s)
	}
	owner, name, _ = strings.Cut(s, "/")
	return owner, name, nil
}

// Host is the web host whose repository URLs name GitHub repositories for
// the API at apiURL: github.com for github.com's API (or none given), and
// the API's own host for GitHub Enterprise Server, whose web and API hosts
// are the same.
func Host(apiURL string) (string, error) {
	if apiURL == "" {
		return "github.com", nil
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("--github-url %q is not an http(s) URL (give the server's URL, e.g. https://ghe.example.com)", apiURL)
	}
	h := strings.ToLower(u.Hostname())
	if h == "api.github.com" {
		return "github.com", nil
	}
	return h, nil
}

// scpLike matches git's scp-like SSH addresses: user@host:owner/name.git.
var scpLike = regexp.MustCompile(`^(?:[^@/:]+@)?([^/:]+):/?(.+)$`)

// RepoFromURL returns owner/name of a git remote URL when it points at a
// repository on host: https://host/o/r(.git), ssh://git@host[:port]/o/r.git,
// git@host:o/r.git, git://host/o/r. github.com counts as well: a GitHub
// Enterprise Server often holds repositories imported from github.com
// whose jobs still name the old URL, and a repository that is not there
// fails with its reason rather than being left out in silence. Anything
// else, another host or a path deeper than owner/name, gives false.
func RepoFromURL(remote, host string) (string, bool) {
	remote = strings.TrimSpace(remote)
	var h, p string
	if u, err := url.Parse(remote); err == nil && u.Scheme != "" && u.Host != "" {
		h, p = u.Hostname(), u.Path
	} else if m := scpLike.FindStringSubmatch(remote); m != nil && !strings.Contains(remote, "://") {
		h, p = m[1], m[2]
	} else {
		return "", false
	}
	if !strings.EqualFold(h, host) && !strings.EqualFold(h, "github.com") {
		return "", false
	}
	p = strings.TrimSuffix(strings.Trim(p, "/"), ".git")
	if _, _, err := ParseRepo(p); err != nil {
		return "", false
	}
	return p, true
}

// LoadRepoMap reads a repository map: YAML mapping Jenkins job full names
// (folder/name) to owner/name.
func LoadRepoMap(file string) (map[string]string, error) {
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &source.InputError{Msg: fmt.Sprintf("repository map %q does not exist (give the file with --repo-map)", file)}
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, &source.InputError{Msg: fmt.Sprintf("%s: %v (write one line per job: \"folder/job: owner/name\")", file, err)}
	}
	for job, repo := range m {
		if _, _, err := ParseRepo(repo); err != nil {
			return nil, &source.InputError{Msg: fmt.Sprintf("%s: job %q: %v", file, job, err)}
		}
	}
	return m, nil
}
