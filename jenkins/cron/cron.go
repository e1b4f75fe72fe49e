// Package cron turns the cron specs of Jenkins triggers into GitHub
// schedules, with Jenkins' own hashing of H so that jobs keep the minutes
// Jenkins gave them.
package cron

import (
	"crypto/md5"
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // TZ= lines name zones that a minimal system may not have
)

// javaRandom is java.util.Random, which Jenkins seeds from the job name to
// pick the values of H in cron specs. Reproducing it gives the same minutes
// Jenkins used, so schedules do not move in the migration.
type javaRandom struct{ seed int64 }

const (
	jrMultiplier = 0x5DEECE66D
	jrMask       = (1 << 48) - 1
)

func newJavaRandom(seed int64) *javaRandom {
	return &javaRandom{seed: (seed ^ jrMultiplier) & jrMask}
}

func (r *javaRandom) next(bits uint) int32 {
	r.seed = (r.seed*jrMultiplier + 0xB) & jrMask
	return int32(r.seed >> (48 - bits))
}

func (r *javaRandom) nextInt(bound int32) int32 {
	rv := r.next(31)
	m := bound - 1
	if bound&m == 0 {
		return int32((int64(bound) * int64(rv)) >> 31)
	}
	for u := rv; ; u = r.next(31) {
		rv = u % bound
		if u-rv+m >= 0 { // int32 overflow, as in Java, rejects the sample
			return rv
		}
	}
}

// jenkinsHash is hudson.scheduler.Hash.from(name).
func jenkinsHash(name string) *javaRandom {
	d := md5.Sum([]byte(name))
	for i := 8; i < len(d); i++ {
		d[i%8] ^= d[i]
	}
	var l int64
	for i := 0; i < 8; i++ {
		l = l<<8 + int64(d[i])
	}
	return newJavaRandom(l)
}

var cronAliases = map[string]string{
	"@yearly":   "H H H H *",
	"@annually": "H H H H *",
	"@monthly":  "H H H * *",
	"@weekly":   "H H * * H",
	"@daily":    "H H * * *",
	"@midnight": "H H(0-2) * * *",
	"@hourly":   "H * * * *",
}

var (
	cronLower = [5]int{0, 0, 1, 1, 0}
	cronUpper = [5]int{59, 23, 31, 12, 7}
)

// Translate converts a Jenkins cron spec (several lines, comments, TZ=,
// H, aliases) into GitHub schedule lines in UTC. notes say what differs;
// no specs with notes means the spec could not be converted.
func Translate(spec, jobName string) (specs, notes []string) {
	var loc *time.Location
	for line := range strings.Lines(spec) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if tz, ok := strings.CutPrefix(line, "TZ="); ok {
			l, err := time.LoadLocation(strings.TrimSpace(tz))
			if err != nil {
				notes = append(notes, fmt.Sprintf("unknown time zone %q", tz))
				continue
			}
			loc = l
			continue
		}
		if a, ok := cronAliases[line]; ok {
			line = a
		}
		fields := strings.Fields(line)
		if len(fields) != 5 {
			notes = append(notes, fmt.Sprintf("%q does not have 5 fields", line))
			continue
		}
		hash := jenkinsHash(jobName)
		out := make([]string, 5)
		ok := true
		for i, f := range fields {
			v, err := cronField(f, i, hash)
			if err != nil {
				notes = append(notes, fmt.Sprintf("%q: %v", line, err))
				ok = false
				break
			}
			out[i] = v
		}
		if !ok {
			continue
		}
		if loc != nil {
			var note string
			out, note = shiftToUTC(out, loc)
			if note != "" {
				notes = append(notes, note)
			}
		}
		if step := minuteStep(out[0]); step > 0 && step < 5 {
			notes = append(notes, "GitHub runs schedules at most every 5 minutes")
		}
		specs = append(specs, strings.Join(out, " "))
	}
	return specs, notes
}

// cronField rewrites one field: H forms become the values Jenkins picks;
// everything else is kept.
func cronField(f string, field int, hash *javaRandom) (string, error) {
	var parts []string
	for _, tok := range strings.Split(f, ",") {
		if !strings.HasPrefix(tok, "H") {
			if field == 4 && tok == "7" {
				tok = "0"
			}
			parts = append(parts, tok)
			continue
		}
		lo, hi := cronLower[field], cronUpper[field]
		switch field {
		case 2:
			hi = 28
		case 4:
			hi = 6
		}
		rest := tok[1:]
		if strings.HasPrefix(rest, "(") {
			end := strings.Index(rest, ")")
			if end < 0 {
				return "", fmt.Errorf("unclosed H(")
			}
			a, b, ok := strings.Cut(rest[1:end], "-")
			var err1, err2 error
			lo, err1 = strconv.Atoi(a)
			hi, err2 = strconv.Atoi(b)
			if !ok || err1 != nil || err2 != nil || lo > hi || lo < cronLower[field] || hi > cronUpper[field] {
				return "", fmt.Errorf("bad H range %q", tok)
			}
			rest = rest[end+1:]
		}
		step := 1
		if s, ok := strings.CutPrefix(rest, "/"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n <= 0 || n > hi-lo+1 {
				return "", fmt.Errorf("bad step in %q", tok)
			}
			step = n
		} else if rest != "" {
			return "", fmt.Errorf("unexpected %q after H", rest)
		}
		if step == 1 {
			parts = append(parts, strconv.Itoa(lo+int(hash.nextInt(int32(hi+1-lo)))))
			continue
		}
		for i := int(hash.nextInt(int32(step))) + lo; i <= hi; i += step {
			parts = append(parts, strconv.Itoa(i))
		}
	}
	return strings.Join(parts, ","), nil
}

// shiftToUTC moves the hour field from zone loc to UTC, using the zone's
// standard (January) offset.
func shiftToUTC(f []string, loc *time.Location) ([]string, string) {
	_, off := time.Date(2026, 1, 1, 12, 0, 0, 0, loc).Zone()
	if off == 0 {
		return f, ""
	}
	zone := loc.String()
	if off%3600 != 0 || f[1] == "*" {
		return f, fmt.Sprintf("the schedule is in %s; GitHub uses UTC: adjust it by hand", zone)
	}
	hours := strings.Split(f[1], ",")
	wrapped := false
	for i, h := range hours {
		n, err := strconv.Atoi(h)
		if err != nil {
			return f, fmt.Sprintf("the schedule is in %s; GitHub uses UTC: adjust it by hand", zone)
		}
		u := n - off/3600
		if u < 0 || u > 23 {
			wrapped = true
			u = (u + 24) % 24
		}
		hours[i] = strconv.Itoa(u)
	}
	out := append([]string(nil), f...)
	out[1] = strings.Join(hours, ",")
	note := fmt.Sprintf("hours converted from %s to UTC with its standard offset; daylight saving time shifts them by an hour", zone)
	if wrapped && (f[2] != "*" || f[4] != "*") {
		note += "; the day fields were not shifted across midnight: check them"
	}
	return out, note
}

// minuteStep returns the distance between the first two minutes of a
// minute field, or 0.
func minuteStep(f string) int {
	if f == "*" {
		return 1
	}
	if _, s, ok := strings.Cut(f, "/"); ok {
		n, _ := strconv.Atoi(s)
		return n
	}
	vals := strings.Split(f, ",")
	if len(vals) < 2 {
		return 0
	}
	a, err1 := strconv.Atoi(vals[0])
	b, err2 := strconv.Atoi(vals[1])
	if err1 != nil || err2 != nil {
		return 0
	}
	return b - a
}
