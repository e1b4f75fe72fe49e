package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
)

// Run is one build of a job: when it started and how long it took.
type Run struct {
	Start    time.Time
	Duration time.Duration
}

// AnyLabel is the label of jobs that let Jenkins pick any agent.
const AnyLabel = "(any)"

// Forecast adds up build history into the capacity GitHub Actions needs.
// It keeps every run's start and duration (two numbers a build), since
// medians and peak concurrency need them all.
type Forecast struct {
	mu    sync.Mutex
	since time.Time
	jobs  map[string]*forecastJob
}

type forecastJob struct {
	label string
	runs  []Run
}

// NewForecast starts a forecast of the builds since the given time.
func NewForecast(since time.Time) *Forecast {
	return &Forecast{since: since, jobs: map[string]*forecastJob{}}
}

// Add records the runs of a job, which runs on label (a Jenkins label
// expression, AnyLabel when none). It may be called from many goroutines.
func (f *Forecast) Add(job, label string, runs []Run) {
	if label == "" {
		label = AnyLabel
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.jobs[job] = &forecastJob{label: label, runs: runs}
}

// ForecastDocument is forecast.json. Durations are in seconds.
type ForecastDocument struct {
	SchemaVersion int       `json:"schemaVersion"`
	Since         time.Time `json:"since"`
	Total         Stats     `json:"total"`
	// Labels are the statistics per Jenkins label, most build time first.
	Labels []LabelStats `json:"labels"`
	// Jobs are the statistics per job with builds, most build time first.
	Jobs []JobStats `json:"jobs"`
}

// Stats describe a set of builds.
type Stats struct {
	Builds       int   `json:"builds"`
	TotalSeconds int64 `json:"totalSeconds"`
	// MedianSeconds and P90Seconds are nearest-rank percentiles of the
	// build durations: the smallest duration at least half (nine tenths)
	// of the builds do not exceed.
	MedianSeconds int64 `json:"medianSeconds"`
	P90Seconds    int64 `json:"p90Seconds"`
	// BillableMinutes rounds each build up to the minute, as GitHub bills
	// a job.
	BillableMinutes int64 `json:"billableMinutes"`
	// PeakConcurrency is the most builds running at one instant: the
	// runners needed to start none of them later than Jenkins did.
	PeakConcurrency int `json:"peakConcurrency"`
}

// LabelStats are the statistics of the jobs on one label.
type LabelStats struct {
	Label string `json:"label"`
	Jobs  int    `json:"jobs"`
	Stats
}

// JobStats are the statistics of one job.
type JobStats struct {
	Job   string `json:"job"`
	Label string `json:"label"`
	Stats
}

// Document computes the forecast.
func (f *Forecast) Document() *ForecastDocument {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := &ForecastDocument{SchemaVersion: SchemaVersion, Since: f.since, Labels: []LabelStats{}, Jobs: []JobStats{}}
	var all []Run
	byLabel := map[string][]Run{}
	jobsOn := map[string]int{}
	for name, j := range f.jobs {
		if len(j.runs) == 0 {
			continue
		}
		d.Jobs = append(d.Jobs, JobStats{Job: name, Label: j.label, Stats: stats(j.runs)})
		all = append(all, j.runs...)
		byLabel[j.label] = append(byLabel[j.label], j.runs...)
		jobsOn[j.label]++
	}
	d.Total = stats(all)
	for l, runs := range byLabel {
		d.Labels = append(d.Labels, LabelStats{Label: l, Jobs: jobsOn[l], Stats: stats(runs)})
	}
	sort.Slice(d.Labels, func(i, k int) bool {
		return byTime(d.Labels[i].TotalSeconds, d.Labels[k].TotalSeconds, d.Labels[i].Label, d.Labels[k].Label)
	})
	sort.Slice(d.Jobs, func(i, k int) bool {
		return byTime(d.Jobs[i].TotalSeconds, d.Jobs[k].TotalSeconds, d.Jobs[i].Job, d.Jobs[k].Job)
	})
	return d
}

func byTime(a, b int64, an, bn string) bool {
	if a != b {
		return a > b
	}
	return an < bn
}

// stats computes Stats over runs.
func stats(runs []Run) Stats {
	s := Stats{Builds: len(runs)}
	if len(runs) == 0 {
		return s
	}
	durs := make([]time.Duration, len(runs))
	var total time.Duration
	for i, r := range runs {
		durs[i] = r.Duration
		total += r.Duration
		s.BillableMinutes += int64(math.Ceil(r.Duration.Minutes()))
	}
	sort.Slice(durs, func(i, k int) bool { return durs[i] < durs[k] })
	s.TotalSeconds = int64(total.Seconds())
	s.MedianSeconds = int64(nearestRank(durs, 50).Seconds())
	s.P90Seconds = int64(nearestRank(durs, 90).Seconds())
	s.PeakConcurrency = peak(runs)
	return s
}

// nearestRank returns the p-th percentile of sorted by the nearest-rank
// method, which always gives a duration some build took.
func nearestRank(sorted []time.Duration, p int) time.Duration {
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

// peak returns the most runs running at one instant. A run occupies
// [Start, Start+Duration): one that ends as another starts does not
// overlap it.
func peak(runs []Run) int {
	type event struct {
		at    time.Time
		delta int
	}
	events := make([]event, 0, 2*len(runs))
	for _, r := range runs {
		if r.Duration <= 0 {
			continue
		}
		events = append(events, event{r.Start, 1}, event{r.Start.Add(r.Duration), -1})
	}
	sort.Slice(events, func(i, k int) bool {
		if !events[i].at.Equal(events[k].at) {
			return events[i].at.Before(events[k].at)
		}
		return events[i].delta < events[k].delta
	})
	cur, most := 0, 0
	for _, e := range events {
		cur += e.delta
		most = max(most, cur)
	}
	return most
}

// WriteJSON writes forecast.json.
func (f *Forecast) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f.Document())
}

// WriteMarkdown writes forecast.md.
func (f *Forecast) WriteMarkdown(w io.Writer) error {
	d := f.Document()
	var b strings.Builder
	fmt.Fprintf(&b, "# Capacity forecast\n\nBuilds started since %s, from Jenkins build history.\n\n", d.Since.Format(time.RFC3339))
	fmt.Fprintf(&b, "%d builds, %s of build time, %d billable minutes (each build rounded up to the minute), "+
		"at most %d at once.\n\n", d.Total.Builds, hours(d.Total.TotalSeconds), d.Total.BillableMinutes, d.Total.PeakConcurrency)
	b.WriteString("Median and p90 are nearest-rank percentiles of build durations; peak is the most builds running at one instant, " +
		"the runners needed for none to wait longer than on Jenkins.\n\n## By runner label\n\n")
	b.WriteString("| label | jobs | builds | build time | median | p90 | peak | billable minutes |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	for _, l := range d.Labels {
		fmt.Fprintf(&b, "| `%s` | %d | %d | %s | %s | %s | %d | %d |\n", cell(l.Label), l.Jobs, l.Builds, hours(l.TotalSeconds),
			secs(l.MedianSeconds), secs(l.P90Seconds), l.PeakConcurrency, l.BillableMinutes)
	}
	b.WriteString("\n## Jobs with the most build time\n\n| job | label | builds | build time | median | p90 | peak |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
	for i, j := range d.Jobs {
		if i == topN {
			fmt.Fprintf(&b, "\n%d more in forecast.json.\n", len(d.Jobs)-topN)
			break
		}
		fmt.Fprintf(&b, "| %s | `%s` | %d | %s | %s | %s | %d |\n", cell(j.Job), cell(j.Label), j.Builds, hours(j.TotalSeconds),
			secs(j.MedianSeconds), secs(j.P90Seconds), j.PeakConcurrency)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func hours(s int64) string { return fmt.Sprintf("%.1f h", float64(s)/3600) }

func secs(s int64) string { return (time.Duration(s) * time.Second).String() }
