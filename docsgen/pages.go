package docsgen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// handPages merges an organisation's hand-written pages into the site.
//
// Every file under PagesDir is copied to the same relative path under
// docs_dir (images and other files too); a file that would replace a
// generated page is an error. Markdown files (*.md) also get a nav entry:
//
//   - front matter `nav: Section/Sub/Title` puts the page under those
//     sections with that title; a section named like a generated one
//     ("Practice rules") joins it;
//   - otherwise the page's directories are its sections, and its title is
//     the front matter's `title`, else its first `# ` heading, else its
//     file name.
//
// Pages come in path order within each section, after the generated ones.
func handPages(b *builder, opts Options) error {
	root := opts.PagesDir
	return filepath.WalkDir(root, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read pages: %w", err)
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return fmt.Errorf("read pages: %w", err)
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("read pages: %w", err)
		}
		if _, dup := b.site.files[path.Join(docsDir, rel)]; dup {
			return fmt.Errorf("page %q in %q would replace a generated page: move or rename it", rel, root)
		}
		if path.Ext(rel) != ".md" {
			b.site.files[path.Join(docsDir, rel)] = data
			return nil
		}
		sections, title, err := handNav(rel, data)
		if err != nil {
			return fmt.Errorf("page %q: %w", file, err)
		}
		return b.add(sections, title, rel, data)
	})
}

// frontMatter is the part of a page's YAML front matter that we read.
type frontMatter struct {
	Nav   string `yaml:"nav"`
	Title string `yaml:"title"`
}

// handNav places the page at rel in the nav: see handPages.
func handNav(rel string, data []byte) (sections []string, title string, err error) {
	fm, body, err := splitFrontMatter(data)
	if err != nil {
		return nil, "", err
	}
	if fm.Nav != "" {
		parts := strings.Split(strings.Trim(fm.Nav, "/"), "/")
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		return parts[:len(parts)-1], parts[len(parts)-1], nil
	}
	if dir := path.Dir(rel); dir != "." {
		sections = strings.Split(dir, "/")
	}
	title = fm.Title
	if title == "" {
		for _, l := range strings.Split(string(body), "\n") {
			if h, ok := strings.CutPrefix(l, "# "); ok {
				title = strings.TrimSpace(h)
				break
			}
		}
	}
	if title == "" {
		title = strings.TrimSuffix(path.Base(rel), ".md")
	}
	return sections, title, nil
}

// splitFrontMatter separates a leading `---` YAML block from the page.
func splitFrontMatter(data []byte) (frontMatter, []byte, error) {
	var fm frontMatter
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return fm, data, nil
	}
	head, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return fm, data, nil
	}
	if err := yaml.Unmarshal(head, &fm); err != nil {
		return fm, nil, fmt.Errorf("front matter: %w", err)
	}
	return fm, body, nil
}
