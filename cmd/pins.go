package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/github"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/templates"
)

// PinsUpdateOptions are the inputs of `pins update`.
type PinsUpdateOptions struct {
	IO *IOStreams

	LockFile  string
	GitHubURL string
	// Token comes from GITHUB_TOKEN, never from a flag, so that it stays
	// out of shell history and process lists.
	Token  string
	DryRun bool
	Major  bool

	// HTTPClient, Sleep and Now stand in for the network and the clock in
	// tests; nil means the real ones.
	HTTPClient *http.Client
	Sleep      func(ctx context.Context, d time.Duration) error
	Now        func() time.Time
}

// NewCmdPins builds `pins` and its subcommand `update`. runF replaces the
// run function of update in tests of flag parsing.
func NewCmdPins(s *IOStreams, runF func(*PinsUpdateOptions) error) *cobra.Command {
	pins := &cobra.Command{
		Use:   "pins",
		Short: "Manage the action pins of the template lock file",
	}
	opts := &PinsUpdateOptions{IO: s}
	update := &cobra.Command{
		Use:   "update",
		Short: "Refresh the action pins from the GitHub API",
		Long: "Refresh every pin of the lock file to the newest stable release of its current major\n" +
			"(vX.Y.Z, no pre-releases), resolved to the commit the tag points to. A newer major is\n" +
			"reported and taken only with --major. GITHUB_TOKEN, when set, authenticates the requests;\n" +
			"rate limits are waited out.",
		Example: "  jenkins2actions pins update --dry-run\n" +
			"  GITHUB_TOKEN=... jenkins2actions pins update --lock org-templates/actions.lock\n" +
			"  jenkins2actions pins update --github-url https://ghe.example.com",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Token = os.Getenv("GITHUB_TOKEN")
			if runF != nil {
				return runF(opts)
			}
			return runPinsUpdate(cmd.Context(), opts)
		},
	}
	f := update.Flags()
	f.StringVar(&opts.LockFile, "lock", "templates/actions.lock", "lock `FILE` to refresh")
	f.StringVar(&opts.GitHubURL, "github-url", "", "GitHub Enterprise Server `URL` (default: github.com)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the version changes without writing the lock file")
	f.BoolVar(&opts.Major, "major", false, "move pins to a newer major release when there is one")
	pins.AddCommand(update)
	return pins
}

// pinChange is one pin that moves.
type pinChange struct {
	action   string
	from, to templates.Pin
}

func runPinsUpdate(ctx context.Context, opts *PinsUpdateOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	data, err := os.ReadFile(opts.LockFile)
	if errors.Is(err, fs.ErrNotExist) {
		return usagef("lock file %q does not exist (give one with --lock)", opts.LockFile)
	}
	if err != nil {
		return err
	}
	lock, err := templates.LoadLock(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s: %w", opts.LockFile, err)
	}
	client, err := github.New(github.Options{
		BaseURL:    opts.GitHubURL,
		Token:      opts.Token,
		HTTPClient: opts.HTTPClient,
		Sleep:      opts.Sleep,
		Now:        opts.Now,
		OnWait: func(d time.Duration, reason string) {
			fmt.Fprintf(opts.IO.ErrOut, "waiting %s (%s)\n", d.Round(time.Second), reason)
		},
	})
	if err != nil {
		return usagef("%v", err)
	}

	r := &pinResolver{client: client, tags: map[string][]github.Tag{}, shas: map[string]string{}}
	var pins []templates.Pin
	var changes []pinChange
	var errs []error
	moved := false
	for _, p := range lock.Pins() {
		// The lock keeps every supported major; only the newest may move
		// to a new one (--major), the others stay within theirs.
		newest, _ := lock.Pin(p.Action)
		next, note, err := r.update(ctx, p, opts.Major && newest == p)
		if err != nil {
			if netErr := unreachable(err); netErr != nil {
				// Every other action would fail the same way: one error.
				return fmt.Errorf("lock file not changed: cannot reach the GitHub API (%v); check the network, or give a GitHub Enterprise server with --github-url", netErr)
			}
			errs = append(errs, fmt.Errorf("action %q: %w", p.Action, err))
			continue
		}
		if note != "" {
			fmt.Fprintf(opts.IO.ErrOut, "%s: %s\n", p.Action, note)
		}
		if next.Version == p.Version && next.SHA != p.SHA {
			// A release tag that moves is how a compromised action spreads;
			// keep the reviewed commit and let a person look.
			fmt.Fprintf(opts.IO.ErrOut, "%s: tag %q now points to %s, not %s; kept the pinned commit, check the release\n",
				p.Action, p.Version, next.SHA, p.SHA)
			moved = true
			next = p
		}
		if next != p {
			changes = append(changes, pinChange{action: p.Action, from: p, to: next})
		}
		pins = append(pins, next)
	}
	if len(errs) > 0 {
		return fmt.Errorf("lock file not changed: %w", errors.Join(errs...))
	}

	out := opts.IO.ErrOut
	if opts.DryRun {
		out = opts.IO.Out
	}
	for _, c := range changes {
		fmt.Fprintf(out, "%s %s -> %s\n", c.action, c.from.Version, c.to.Version)
	}
	switch {
	case len(changes) == 0:
		fmt.Fprintf(opts.IO.ErrOut, "all %d pins are current\n", len(pins))
	case opts.DryRun:
		fmt.Fprintf(opts.IO.ErrOut, "%d of %d pins would change (dry run: %s not written)\n", len(changes), len(pins), opts.LockFile)
	default:
		content, err := formatPins(pins)
		if err != nil {
			return err
		}
		if err := atomicfile.Write(opts.LockFile, content); err != nil {
			return err
		}
		fmt.Fprintf(opts.IO.ErrOut, "updated %d of %d pins in %s\n", len(changes), len(pins), opts.LockFile)
	}
	if moved {
		return errProblems
	}
	return nil
}

// unreachable returns the network error under err when the API could not
// be reached at all (no DNS, no route, refused), or nil.
func unreachable(err error) error {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return dns
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return op
	}
	return nil
}

// formatPins writes pins in the lock format through FormatLock, so that
// an updated lock reads exactly like a generated one.
func formatPins(pins []templates.Pin) ([]byte, error) {
	var tsv strings.Builder
	tsv.WriteString("action\tversion\tsha\n")
	for _, p := range pins {
		fmt.Fprintf(&tsv, "%s\t%s\t%s\n", p.Action, p.Version, p.SHA)
	}
	return templates.FormatLock(strings.NewReader(tsv.String()))
}

// pinResolver looks each repository's tags up once: several actions can
// live in one repository (github/codeql-action/init, .../analyze).
type pinResolver struct {
	client *github.Client
	tags   map[string][]github.Tag // owner/repo, lower case → tags
	shas   map[string]string       // owner/repo@tag → commit
}

// update returns p moved to the newest release of its major (or of any
// major), and a note for the user.
func (r *pinResolver) update(ctx context.Context, p templates.Pin, anyMajor bool) (templates.Pin, string, error) {
	parts := strings.SplitN(p.Action, "/", 3)
	owner, repo := parts[0], parts[1]
	cur, ok := parseVersion(p.Version)
	if !ok {
		return p, fmt.Sprintf("version %q is not vX, vX.Y or vX.Y.Z; kept", p.Version), nil
	}
	key := strings.ToLower(owner + "/" + repo)
	tags, ok := r.tags[key]
	if !ok {
		var err error
		if tags, err = r.client.Tags(ctx, owner, repo); err != nil {
			return p, "", err
		}
		r.tags[key] = tags
	}
	best, newest, ok := pickRelease(tags, cur, anyMajor)
	if !ok {
		return p, fmt.Sprintf("no release tag of the form %s; kept", p.Version), nil
	}
	if slices.Compare(best.nums, cur.nums) < 0 {
		// The pinned tag is gone or the list is behind: never downgrade.
		return p, fmt.Sprintf("the newest release tag found, %s, is older than the pin; kept", best.name), nil
	}
	var note string
	if newest.nums[0] > best.nums[0] {
		note = fmt.Sprintf("%s is a newer major; kept v%d (--major moves to it)", newest.name, cur.nums[0])
	}
	shaKey := key + "@" + best.name
	sha, ok := r.shas[shaKey]
	if !ok {
		var err error
		if sha, err = r.client.ResolveTag(ctx, owner, repo, best.name); err != nil {
			return p, "", err
		}
		r.shas[shaKey] = sha
	}
	return templates.Pin{Action: p.Action, Version: best.name, SHA: sha}, note, nil
}

// versionRE is a stable release tag. Anything after the numbers (-rc.1,
// -beta, +build) marks a pre-release or a build, which pins never take.
var versionRE = regexp.MustCompile(`^v(\d+)(?:\.(\d+))?(?:\.(\d+))?$`)

type release struct {
	name string
	nums []int
}

func parseVersion(s string) (release, bool) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return release{}, false
	}
	v := release{name: s}
	for _, part := range m[1:] {
		if part == "" {
			break
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return release{}, false
		}
		v.nums = append(v.nums, n)
	}
	return v, true
}

// pickRelease returns the newest tag in cur's major (any major when
// anyMajor is set) and the newest tag of all. Only tags of cur's form
// count: a vX.Y.Z pin never moves to a floating vX tag, and a vX pin
// (an action released as v20, v21, ...) moves to the next vX.
func pickRelease(tags []github.Tag, cur release, anyMajor bool) (best, newest release, ok bool) {
	var found, foundAny bool
	for _, t := range tags {
		v, isVersion := parseVersion(t.Name)
		if !isVersion || len(v.nums) != len(cur.nums) {
			continue
		}
		if !foundAny || slices.Compare(v.nums, newest.nums) > 0 {
			newest, foundAny = v, true
		}
		if (anyMajor || v.nums[0] == cur.nums[0]) && (!found || slices.Compare(v.nums, best.nums) > 0) {
			best, found = v, true
		}
	}
	return best, newest, found
}
