package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	good := `
lexicon = ["/usr/share/dict/ngerman"]

[[label]]
name = "PER"
key = "p"
color = "#d75f5f"
description = "Person"

[[label]]
name = "LOC"
key = "l"

[[tag]]
name = "ocr"
key = "o"
`
	c, err := Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Labels) != 2 || c.Labels[0].Color != "#d75f5f" || c.Tags[0].Key != "o" || c.Lexicon[0] != "/usr/share/dict/ngerman" {
		t.Fatalf("%+v", c)
	}
	if c, _ := Parse(""); len(c.Labels) != 6 {
		t.Fatalf("empty config should give the default labels: %+v", c.Labels)
	}
	bad := []struct{ text, msg string }{
		{"[[label]]\nname = \"PER\"\nkey = \"p\"\n[[label]]\nname = \"PER\"\n", `label "PER" is defined twice`},
		{"[[label]]\nname = \"A\"\nkey = \"p\"\n[[label]]\nname = \"B\"\nkey = \"p\"\n", `already used by label A`},
		{"[[label]]\nkey = \"p\"\n", "label 1 has no name"},
		{"[[label]]\nname = \"A\"\nkey = \"pp\"\n", "single character"},
		{"lexicon = [\n\n  \"x\",\n  oops\n]\n", "line 4"},
		{"colour = 1\n", `unknown setting "colour"`},
		{"[[tag]]\nname = \"a b\"\n", "tag 1"},
	}
	for _, b := range bad {
		_, err := Parse(b.text)
		if err == nil || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", b.text, err, b.msg)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c, err := Load("")
	if err != nil || c.Path != "" || len(c.Labels) != 6 {
		t.Fatalf("no file: %+v %v", c, err)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Fatal("a named missing file must be an error")
	}
	os.WriteFile("folio.toml", []byte("[[label]]\nname = \"X\"\n"), 0o644)
	c, err = Load("")
	if err != nil || c.Path != "folio.toml" || c.Labels[0].Name != "X" {
		t.Fatalf("./folio.toml: %+v %v", c, err)
	}
	os.WriteFile("bad.toml", []byte("[[label]\n"), 0o644)
	if _, err := Load("bad.toml"); err == nil || !strings.Contains(err.Error(), "bad.toml") || !strings.Contains(err.Error(), "line ") {
		t.Fatalf("bad file: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[[label]]\nname = \"PER\"\nkey = \"p\"\n")
	f.Add("lexicon = [\"a\"]\n[[tag]]\nname = \"x\"\n")
	f.Add("[limits]\ndocument_mb = 1\nword_list_mb = 2047\npatterns_mb = 0\n")
	f.Add("[limits]\ndocument_mb = -1\n[[label]]\nname = \"A\u001b\"\n")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text)
		if err != nil {
			return
		}
		for _, n := range []int64{c.Limits.Document(), c.Limits.WordList(), c.Limits.Patterns()} {
			if n < 1<<20 || n > maxLimitMB<<20 {
				t.Fatalf("accepted limits %+v", c.Limits)
			}
		}
		seen := map[string]bool{}
		for _, l := range c.Labels {
			if l.Name == "" || seen[l.Name] {
				t.Fatalf("accepted labels %+v", c.Labels)
			}
			seen[l.Name] = true
		}
	})
}

func TestLimits(t *testing.T) {
	c, err := Parse("[limits]\ndocument_mb = 3\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.Document() != 3<<20 || c.Limits.WordList() != DefaultWordListMB<<20 || c.Limits.Patterns() != DefaultPatternsMB<<20 {
		t.Errorf("limits %+v: %d %d %d", c.Limits, c.Limits.Document(), c.Limits.WordList(), c.Limits.Patterns())
	}
	for _, bad := range []string{"[limits]\ndocument_mb = -1\n", "[limits]\npatterns_mb = 4096\n", "[limits]\nmemory = 1\n",
		"[[label]]\nname = \"PER\\u001b]2;x\\u0007\"\n", "[[tag]]\nname = \"a\\u009bb\"\n"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted it", bad)
		}
	}
}

func TestLoadRefusesNonRegularAndHuge(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.toml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", MaxConfigBytes)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than the limit of 1 MiB") {
		t.Errorf("Load(big) = %v", err)
	}
	if _, err := Load("/dev/zero"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load(/dev/zero) = %v", err)
	}
}

func TestParseRelations(t *testing.T) {
	c, err := Parse("[[relation]]\nname = \"works_for\"\nkey = \"w\"\n\n[[relation]]\nname = \"located_in\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Relations) != 2 || c.Relations[0].Name != "works_for" || c.Relations[0].Key != "w" || c.Relations[1].Name != "located_in" {
		t.Fatalf("relations %+v", c.Relations)
	}
	for _, bad := range []string{
		"[[relation]]\nname = \"\"\n",
		"[[relation]]\nname = \"works for\"\n",
		"[[relation]]\nname = \"a\"\n[[relation]]\nname = \"a\"\n",
		"[[relation]]\nname = \"a\"\nkey = \"x\"\n[[relation]]\nname = \"b\"\nkey = \"x\"\n",
		"[[relation]]\nname = \"a\\u001b\"\n",
		"[[relation]]\nnam = \"a\"\n",
	} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestParseSuggesters(t *testing.T) {
	c, err := Parse(`
[[suggester]]
name = "spacy-de"
command = ["python3", "ner.py"]
timeout = "2s"

[[suggester]]
name = "remote"
url = "http://localhost:8080/suggest"
start_timeout = "5m"
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Suggesters) != 2 || c.Suggesters[0].Command[1] != "ner.py" || c.Suggesters[1].URL == "" {
		t.Fatalf("%+v", c.Suggesters)
	}
	if to, st := c.Suggesters[0].Timeouts(); to != 2*time.Second || st != DefaultSuggesterStartTimeout {
		t.Errorf("spacy-de timeouts = %v, %v", to, st)
	}
	if to, st := c.Suggesters[1].Timeouts(); to != DefaultSuggesterTimeout || st != 5*time.Minute {
		t.Errorf("remote timeouts = %v, %v", to, st)
	}
	bad := []struct{ text, msg string }{
		{"[[suggester]]\ncommand = [\"x\"]\n", "suggester 1: a name is required"},
		{"[[suggester]]\nname = \"a\"\n", `suggester "a": give a command`},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"x\"]\nurl = \"http://h/\"\n", "not both"},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"\"]\n", "program is empty"},
		{"[[suggester]]\nname = \"a\"\nurl = \"ftp://h/\"\n", "not an http"},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"x\"]\ntimeout = \"10\"\n", "timeout \"10\" is not a duration"},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"x\"]\ntimeout = \"-1s\"\n", "not a duration"},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"x\"]\nstart_timeout = \"soon\"\n", "start_timeout"},
		{"[[suggester]]\nname = \"a\"\ncommand = [\"x\"]\n[[suggester]]\nname = \"a\"\ncommand = [\"y\"]\n", "defined twice"},
		{"[[suggester]]\nname = \"a\"\ncommand = \"x\"\n", "line"},
		{"[[suggester]]\nname = \"a\"\ncmd = [\"x\"]\n", `unknown setting "suggester.cmd"`},
	}
	for _, b := range bad {
		_, err := Parse(b.text)
		if err == nil || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("Parse(%q) = %v, want an error saying %q", b.text, err, b.msg)
		}
	}
}
