// Package config reads folio.toml: the label set, the tag vocabulary, the
// relation labels, extra word lists for suggestions and the external
// suggesters.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"folio/annot"
	"folio/internal/safefile"

	"github.com/BurntSushi/toml"
)

// Label is an entity label: its name, the key that picks it in the label
// picker, its colour ("" for the adaptive default) and what it means.
type Label struct {
	Name        string `toml:"name"`
	Key         string `toml:"key"`
	Color       string `toml:"color"`
	Description string `toml:"description"`
	// Plain labels take no canonical name (dates, amounts): the TUI
	// labels them without asking for one.
	Plain bool `toml:"plain"`
}

// Tag is a tag of the vocabulary, with the key that applies it.
type Tag struct {
	Name string `toml:"name"`
	Key  string `toml:"key"`
}

// Limits bound what folio reads from files, so that a huge or endless
// input is refused with a message instead of filling memory. Sizes are in
// MiB; 0 means the default.
type Limits struct {
	// DocumentMB limits one document as read: a .txt file or one JSONL
	// line. Default 512.
	DocumentMB int64 `toml:"document_mb"`
	// WordListMB limits one word list (lexicon). Default 512.
	WordListMB int64 `toml:"word_list_mb"`
	// PatternsMB limits one patterns file. Default 256.
	PatternsMB int64 `toml:"patterns_mb"`
}

// The default limits, and the largest a config may set (a bbolt value
// holds less than 2 GiB).
const (
	DefaultDocumentMB = 512
	DefaultWordListMB = 512
	DefaultPatternsMB = 256
	maxLimitMB        = 2047
)

// MaxConfigBytes is the largest folio.toml folio reads.
const MaxConfigBytes = 1 << 20

// Document is the limit on one document, in bytes.
func (l Limits) Document() int64 { return mb(l.DocumentMB, DefaultDocumentMB) }

// WordList is the limit on one word list, in bytes.
func (l Limits) WordList() int64 { return mb(l.WordListMB, DefaultWordListMB) }

// Patterns is the limit on one patterns file, in bytes.
func (l Limits) Patterns() int64 { return mb(l.PatternsMB, DefaultPatternsMB) }

func mb(n, def int64) int64 {
	if n <= 0 {
		n = def
	}
	return n << 20
}

func (l Limits) check() error {
	for _, x := range []struct {
		name string
		n    int64
	}{{"document_mb", l.DocumentMB}, {"word_list_mb", l.WordListMB}, {"patterns_mb", l.PatternsMB}} {
		if x.n < 0 || x.n > maxLimitMB {
			return fmt.Errorf("[limits] %s = %d: want 1 to %d (MiB), or 0 for the default", x.name, x.n, maxLimitMB)
		}
	}
	return nil
}

// Relation is a relation label: a labelled, directed link between two
// entities, with the key that picks it and what it means.
type Relation struct {
	Name        string `toml:"name"`
	Key         string `toml:"key"`
	Description string `toml:"description"`
}

// Suggester is an external suggester ([[suggester]]): a model in the
// loop that folio asks for suggestions on each document it shows and on
// `folio suggest`. Either Command (a long-lived process that reads one
// request a line on stdin and writes one response a line on stdout) or
// URL (a request per HTTP POST) is set; docs/SUGGESTERS.md gives the
// protocol.
type Suggester struct {
	Name    string   `toml:"name"`
	Command []string `toml:"command"`
	URL     string   `toml:"url"`
	// Timeout bounds one answer ("10s" by default); StartTimeout bounds
	// the first answer after the command starts, when a model loads
	// ("60s" by default).
	Timeout      string `toml:"timeout"`
	StartTimeout string `toml:"start_timeout"`
}

// The default timeouts of a suggester.
const (
	DefaultSuggesterTimeout      = 10 * time.Second
	DefaultSuggesterStartTimeout = 60 * time.Second
)

// Timeouts returns the suggester's timeout and start timeout, with the
// defaults for those not set. Parse has checked them.
func (s Suggester) Timeouts() (timeout, start time.Duration) {
	timeout, _ = duration(s.Timeout, DefaultSuggesterTimeout)
	start, _ = duration(s.StartTimeout, DefaultSuggesterStartTimeout)
	return timeout, max(start, timeout)
}

func duration(s string, def time.Duration) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return def, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || d <= 0 {
		return def, fmt.Errorf("%q is not a duration such as \"10s\" or \"1m\"", s)
	}
	return d, nil
}

func (s Suggester) check(i int, names map[string]bool) error {
	what := fmt.Sprintf("suggester %d", i+1)
	if s.Name != "" {
		what = fmt.Sprintf("suggester %q", s.Name)
	}
	switch {
	case s.Name == "" || strings.ContainsFunc(s.Name, func(c rune) bool { return c < ' ' || c == 0x7f }):
		return fmt.Errorf("%s: a name is required and may not contain control characters", what)
	case names[s.Name]:
		return fmt.Errorf("%s is defined twice", what)
	case len(s.Command) > 0 && s.URL != "":
		return fmt.Errorf("%s: give a command or a url, not both", what)
	case len(s.Command) == 0 && s.URL == "":
		return fmt.Errorf("%s: give a command (a list: [\"python3\", \"ner.py\"]) or a url", what)
	case len(s.Command) > 0 && strings.TrimSpace(s.Command[0]) == "":
		return fmt.Errorf("%s: the command's program is empty", what)
	}
	if s.URL != "" {
		u, err := url.Parse(s.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%s: url %q is not an http or https address", what, s.URL)
		}
	}
	if _, err := duration(s.Timeout, 0); err != nil {
		return fmt.Errorf("%s: timeout %w", what, err)
	}
	if _, err := duration(s.StartTimeout, 0); err != nil {
		return fmt.Errorf("%s: start_timeout %w", what, err)
	}
	names[s.Name] = true
	return nil
}

// Config is folio.toml.
type Config struct {
	// Lexicon lists word lists for OCR suggestions (none named finds the
	// system's German one, ["none"] uses none).
	Lexicon  []string `toml:"lexicon"`
	Patterns []string `toml:"patterns"`
	// Dictionary is a hunspell dictionary for OCR suggestions, the path of
	// its .aff and .dic without the extension ("" finds the system's
	// German one, "none" uses none).
	Dictionary string `toml:"dictionary"`
	// Foreign lists word lists of the languages the texts quote ("" finds
	// the system's English ones; ["none"] uses none): a known foreign word
	// is not an OCR suspect.
	Foreign []string `toml:"foreign"`
	Labels  []Label  `toml:"label"`
	Tags    []Tag    `toml:"tag"`
	Limits  Limits   `toml:"limits"`
	// Relations is the relation label set ([[relation]]); empty means
	// none is offered, though imported relations are kept.
	Relations []Relation `toml:"relation"`
	// Suggesters are the external suggesters ([[suggester]]).
	Suggesters []Suggester `toml:"suggester"`
	// Images lists folders where the page images of hOCR, ALTO and PAGE
	// files are looked for (by the name the file gives, or the file's own,
	// with any image extension) when the path the file gives is wrong.
	// A relative folder is relative to folio.toml's own folder.
	Images []string `toml:"images"`
	// Path is the file it was read from ("" for the defaults).
	Path string `toml:"-"`
}

// DefaultLabels is the label set used without a config file.
func DefaultLabels() []Label {
	return []Label{
		{Name: "PER", Key: "p", Description: "Person"},
		{Name: "ORG", Key: "o", Description: "Organisation"},
		{Name: "LOC", Key: "l", Description: "Place"},
		{Name: "DATE", Key: "d", Description: "Date", Plain: true},
		{Name: "EVENT", Key: "e", Description: "Event"},
		{Name: "MISC", Key: "m", Description: "Other name"},
	}
}

// Default is the configuration without a file.
func Default() Config { return Config{Labels: DefaultLabels()} }

// Load reads the config: the file named (an error if it is missing), else
// ./folio.toml if present, else the defaults.
func Load(name string) (Config, error) {
	explicit := name != ""
	if !explicit {
		name = "folio.toml"
	}
	b, err := safefile.ReadFile(name, MaxConfigBytes, "the config file")
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return Default(), nil
		}
		return Config{}, fmt.Errorf("config %s: %w", name, err)
	}
	c, err := Parse(string(b))
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", name, err)
	}
	c.Path = name
	return c, nil
}

// Parse reads a config from TOML text and checks it: label and relation
// names are required and unique, keys are single characters used once.
func Parse(text string) (Config, error) {
	var c Config
	md, err := toml.Decode(text, &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, fmt.Errorf("line %d: %s", pe.Position.Line, pe.Message)
		}
		return c, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return c, fmt.Errorf("unknown setting %q", und[0].String())
	}
	if err := c.Limits.check(); err != nil {
		return c, err
	}
	if len(c.Labels) == 0 {
		c.Labels = DefaultLabels()
	}
	names, keys := map[string]bool{}, map[string]string{}
	for i, l := range c.Labels {
		l.Name = strings.TrimSpace(l.Name)
		c.Labels[i].Name = l.Name
		if l.Name == "" {
			return c, fmt.Errorf("label %d has no name", i+1)
		}
		if strings.ContainsAny(l.Name, " \t\"") {
			return c, fmt.Errorf("label %q: a name may not contain spaces or quotes", l.Name)
		}
		if err := annot.CheckName("label", l.Name); err != nil {
			return c, err
		}
		if names[l.Name] {
			return c, fmt.Errorf("label %q is defined twice", l.Name)
		}
		names[l.Name] = true
		if err := checkKey(keys, l.Key, "label "+l.Name); err != nil {
			return c, err
		}
	}
	keys = map[string]string{}
	for i, t := range c.Tags {
		if strings.TrimSpace(t.Name) == "" || strings.ContainsAny(t.Name, " \t\"") {
			return c, fmt.Errorf("tag %d: a name is required and may not contain spaces or quotes", i+1)
		}
		if err := annot.CheckTagName(t.Name); err != nil {
			return c, fmt.Errorf("tag %d: %w", i+1, err)
		}
		if err := checkKey(keys, t.Key, "tag "+t.Name); err != nil {
			return c, err
		}
	}
	keys, names = map[string]string{}, map[string]bool{}
	for i, r := range c.Relations {
		r.Name = strings.TrimSpace(r.Name)
		c.Relations[i].Name = r.Name
		switch {
		case r.Name == "" || strings.ContainsAny(r.Name, " \t\"") || strings.ContainsFunc(r.Name, func(c rune) bool { return c < ' ' || c == 0x7f }):
			return c, fmt.Errorf("relation %d: a name is required and may not contain spaces, quotes or control characters", i+1)
		case names[r.Name]:
			return c, fmt.Errorf("relation %q is defined twice", r.Name)
		}
		names[r.Name] = true
		if err := checkKey(keys, r.Key, "relation "+r.Name); err != nil {
			return c, err
		}
	}
	names = map[string]bool{}
	for i := range c.Suggesters {
		c.Suggesters[i].Name = strings.TrimSpace(c.Suggesters[i].Name)
		if err := c.Suggesters[i].check(i, names); err != nil {
			return c, err
		}
	}
	return c, nil
}

func checkKey(seen map[string]string, key, what string) error {
	if key == "" {
		return nil
	}
	if len([]rune(key)) != 1 {
		return fmt.Errorf("%s: key %q must be a single character", what, key)
	}
	if other, ok := seen[key]; ok {
		return fmt.Errorf("%s: key %q is already used by %s", what, key, other)
	}
	seen[key] = what
	return nil
}

// ImageDirs is Images with relative folders taken relative to the
// folder of the file the configuration was read from.
func (c Config) ImageDirs() []string {
	out := make([]string, 0, len(c.Images))
	for _, d := range c.Images {
		if d == "" {
			continue
		}
		if !filepath.IsAbs(d) && c.Path != "" {
			d = filepath.Join(filepath.Dir(c.Path), d)
		}
		out = append(out, d)
	}
	return out
}
