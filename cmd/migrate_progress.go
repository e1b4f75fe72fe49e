package cmd

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jenkins2actions/jenkins2actions/migrate"
)

// migrateProgress shows a migration going on: on a terminal, one line
// redrawn with the repositories done, failed and remaining and the last
// rate-limit wait; elsewhere, a line per repository and per rate-limit
// wait.
type migrateProgress struct {
	io      *IOStreams
	mu      sync.Mutex
	total   int
	ended   int
	failed  int
	waiting string
	lastOut time.Time
}

func newMigrateProgress(s *IOStreams) *migrateProgress { return &migrateProgress{io: s} }

func (p *migrateProgress) start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = total
}

// wait hears a wait of the GitHub client. Server errors are retried
// quickly and often; only rate limits are worth a line of their own.
func (p *migrateProgress) wait(d time.Duration, reason string) {
	if !strings.Contains(reason, "rate limit") {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting = fmt.Sprintf("waiting %s (%s)", d.Round(time.Second), reason)
	if !p.io.ErrTerminal {
		fmt.Fprintln(p.io.ErrOut, p.waiting)
		return
	}
	p.draw()
}

func (p *migrateProgress) done(r migrate.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended++
	if r.Outcome == migrate.Failed || r.Outcome == migrate.Skipped {
		p.failed++
	}
	p.waiting = ""
	if !p.io.ErrTerminal {
		fmt.Fprintf(p.io.ErrOut, "[%d/%d] %-8s %s\n", p.ended, p.total, r.Outcome, r.Repo)
		return
	}
	if now := time.Now(); now.Sub(p.lastOut) >= 100*time.Millisecond || p.ended == p.total {
		p.lastOut = now
		p.draw()
	}
}

func (p *migrateProgress) draw() {
	fmt.Fprintf(p.io.ErrOut, "\r\x1b[K%d of %d repositories: %d done, %d failed or skipped, %d remaining",
		p.ended, p.total, p.ended-p.failed, p.failed, p.total-p.ended)
	if p.waiting != "" {
		fmt.Fprintf(p.io.ErrOut, "; %s", p.waiting)
	}
}

// finish ends the terminal line.
func (p *migrateProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.io.ErrTerminal && p.total > 0 {
		p.draw()
		fmt.Fprintln(p.io.ErrOut)
	}
}
