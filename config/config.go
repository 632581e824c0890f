// Package config reads folio.toml: the label set, the tag vocabulary, the
// relation labels and extra word lists for suggestions.
package config

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// Label is an entity label: its name, the key that picks it in the label
// picker, its colour ("" for the adaptive default) and what it means.
type Label struct {
	Name        string `toml:"name"`
	Key         string `toml:"key"`
	Color       string `toml:"color"`
	Description string `toml:"description"`
}

// Tag is a tag of the vocabulary, with the key that applies it.
type Tag struct {
	Name string `toml:"name"`
	Key  string `toml:"key"`
}

// Relation is a relation label: a labelled, directed link between two
// entities, with the key that picks it and what it means.
type Relation struct {
	Name        string `toml:"name"`
	Key         string `toml:"key"`
	Description string `toml:"description"`
}

// Config is folio.toml.
type Config struct {
	Lexicon  []string `toml:"lexicon"`
	Patterns []string `toml:"patterns"`
	Labels   []Label  `toml:"label"`
	Tags     []Tag    `toml:"tag"`
	// Relations is the relation label set ([[relation]]); empty means
	// none is offered, though imported relations are kept.
	Relations []Relation `toml:"relation"`
	// Path is the file it was read from ("" for the defaults).
	Path string `toml:"-"`
}

// DefaultLabels is the label set used without a config file.
func DefaultLabels() []Label {
	return []Label{
		{Name: "PER", Key: "p", Description: "Person"},
		{Name: "ORG", Key: "o", Description: "Organisation"},
		{Name: "LOC", Key: "l", Description: "Place"},
		{Name: "DATE", Key: "d", Description: "Date"},
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
	b, err := os.ReadFile(name)
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
