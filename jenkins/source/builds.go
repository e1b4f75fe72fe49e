package source

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Build is one run of a job, as JENKINS_HOME keeps it in
// builds/<number>/build.xml.
type Build struct {
	Number int
	// Start is when the build started (startTime; the scheduled
	// timestamp for builds older than startTime).
	Start time.Time
	// Duration is 0 for a build still running when the file was written.
	Duration time.Duration
}

// readBuilds reads the builds of the job in jobDir that started at or
// after since, by number. A job without builds/ has none; a build.xml that
// cannot be read is an error naming it.
func readBuilds(jobDir string, since time.Time) ([]Build, error) {
	ents, err := os.ReadDir(filepath.Join(jobDir, "builds"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var builds []Build
	for _, e := range ents {
		// Jenkins keeps symbolic links (lastSuccessfulBuild, ...) and a
		// legacyIds file beside the numbered directories.
		n, err := strconv.Atoi(e.Name())
		if err != nil || !e.IsDir() {
			continue
		}
		file := filepath.Join(jobDir, "builds", e.Name(), "build.xml")
		src, err := os.ReadFile(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		b, err := parseBuild(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		b.Number = n
		if !b.Start.Before(since) {
			builds = append(builds, b)
		}
	}
	sort.Slice(builds, func(i, k int) bool { return builds[i].Number < builds[k].Number })
	return builds, nil
}

// parseBuild reads the fields of a build.xml that the forecast needs,
// from the root element's own children only (actions hold elements of the
// same names).
func parseBuild(src []byte) (Build, error) {
	// encoding/xml refuses the XML 1.1 that Jenkins declares; the
	// content is 1.0 all the same.
	if i := bytes.Index(src, []byte("?>")); bytes.HasPrefix(src, []byte("<?xml")) && i > 0 {
		src = src[i+2:]
	}
	d := xml.NewDecoder(bytes.NewReader(src))
	var (
		b                 Build
		depth             int
		name              string
		text              strings.Builder
		timestamp, startT int64
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 {
				name = t.Name.Local
				text.Reset()
			}
		case xml.CharData:
			if depth == 2 {
				text.Write(t)
			}
		case xml.EndElement:
			if depth == 2 {
				v := strings.TrimSpace(text.String())
				switch name {
				case "timestamp":
					timestamp, _ = strconv.ParseInt(v, 10, 64)
				case "startTime":
					startT, _ = strconv.ParseInt(v, 10, 64)
				case "duration":
					ms, _ := strconv.ParseInt(v, 10, 64)
					b.Duration = time.Duration(ms) * time.Millisecond
				}
			}
			depth--
		}
	}
	if startT == 0 {
		startT = timestamp
	}
	if startT == 0 {
		return b, errors.New("no startTime or timestamp (is this a build.xml?)")
	}
	b.Start = time.UnixMilli(startT).UTC()
	return b, nil
}
