package cmd

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/jenkins2actions/jenkins2actions/audit"
	"github.com/jenkins2actions/jenkins2actions/internal/atomicfile"
	"github.com/jenkins2actions/jenkins2actions/jenkins/source"
)

// ForecastOptions are the inputs of `forecast`.
type ForecastOptions struct {
	IO *IOStreams

	JenkinsHome string
	OutDir      string
	// Since is the start of the window: a date (2006-01-02), an RFC 3339
	// time, or an age (30d, 12h).
	Since string
	// Now is the clock ages count back from (time.Now; tests fix it).
	Now func() time.Time
}

// NewCmdForecast builds `forecast`. runF replaces the run function in
// tests of flag parsing.
func NewCmdForecast(s *IOStreams, runF func(*ForecastOptions) error) *cobra.Command {
	opts := &ForecastOptions{IO: s, Now: time.Now}
	cmd := &cobra.Command{
		Use:   "forecast --jenkins-home DIR --out DIR",
		Short: "Estimate the GitHub Actions capacity a migration needs from Jenkins build history",
		Long: "Read builds/<n>/build.xml of every job of a JENKINS_HOME and write forecast.md and\n" +
			"forecast.json into --out: builds, build time, median and p90 duration, billable minutes\n" +
			"and peak concurrency, in total, per Jenkins label and per job.",
		Example: "  jenkins2actions forecast --jenkins-home /var/lib/jenkins --out audit --since 90d",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.JenkinsHome == "" || opts.OutDir == "" {
				return usagef("--jenkins-home and --out are required")
			}
			if _, err := parseSince(opts.Since, time.Now()); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runForecast(opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.JenkinsHome, "jenkins-home", "", "read the build history of the JENKINS_HOME `DIR`")
	f.StringVar(&opts.OutDir, "out", "", "write forecast.md and forecast.json into `DIR`")
	f.StringVar(&opts.Since, "since", "30d", "count builds started since `WHEN`: a date (2026-01-31), an RFC 3339 time or an age (30d, 12h)")
	return cmd
}

// parseSince reads --since relative to now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && n >= 0 && fmt.Sprint(n) == days {
			return now.AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, usagef("--since %q is neither a date (2026-01-31), an RFC 3339 time nor an age (30d, 12h)", s)
}

func runForecast(opts *ForecastOptions) error {
	since, err := parseSince(opts.Since, opts.Now())
	if err != nil {
		return err
	}
	src := &source.Home{Dir: opts.JenkinsHome, Builds: true, Since: since}
	if err := src.Check(); err != nil {
		return err
	}
	jobs := make(chan *source.Job, 16)
	var srcErr error
	go func() {
		srcErr = src.Jobs(context.Background(), jobs)
		close(jobs)
	}()
	fc := audit.NewForecast(since)
	failed := 0
	for j := range jobs {
		if j.Err != nil {
			failed++
			fmt.Fprintf(opts.IO.ErrOut, "%s: %v\n", j.Path, j.Err)
			continue
		}
		if j.Kind == source.KindFolder {
			continue
		}
		runs := make([]audit.Run, len(j.Builds))
		for i, b := range j.Builds {
			runs[i] = audit.Run{Start: b.Start, Duration: b.Duration}
		}
		fc.Add(j.Path, jobLabel(j), runs)
	}
	if srcErr != nil {
		return srcErr
	}
	for _, w := range []struct {
		name  string
		write func(io.Writer) error
	}{{"forecast.md", fc.WriteMarkdown}, {"forecast.json", fc.WriteJSON}} {
		var buf bytes.Buffer
		if err := w.write(&buf); err != nil {
			return err
		}
		if err := atomicfile.Write(filepath.Join(opts.OutDir, w.name), buf.Bytes()); err != nil {
			return err
		}
	}
	d := fc.Document()
	fmt.Fprintf(opts.IO.ErrOut, "%d builds of %d jobs since %s, at most %d at once\nwrote %s\n", d.Total.Builds, len(d.Jobs),
		since.Format(time.DateOnly), d.Total.PeakConcurrency, filepath.Join(opts.OutDir, "forecast.md"))
	if failed > 0 {
		return errProblems
	}
	return nil
}
