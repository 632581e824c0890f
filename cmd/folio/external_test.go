package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"folio/suggest"
)

// noWordLists turns off the system's word lists: the external suggester's
// suggestions are the ones under test.
const noWordLists = "lexicon = [\"none\"]\ndictionary = \"none\"\nforeign = [\"none\"]\n"

// stubConfig writes a folio.toml naming the test binary as a stub
// suggester (see TestMain) and returns its path.
func stubConfig(t *testing.T, dir, timeout string) string {
	t.Helper()
	if testing.Short() {
		// its timeouts are for a process that starts at full speed, not
		// under the race detector (-race -short)
		t.Skip("runs a suggester process with timeouts (-short)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "folio.toml")
	toml := fmt.Sprintf(noWordLists+"[[suggester]]\nname = \"stub\"\ncommand = [%q, \"stub-suggester\", \"on\"]\ntimeout = %q\nstart_timeout = %q\n", exe, timeout, timeout)
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// importTexts imports one .txt document per entry of texts (name → text).
func importTexts(t *testing.T, dir, db string, texts map[string]string) {
	t.Helper()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range texts {
		if err := os.WriteFile(filepath.Join(in, name+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustFolio(t, "--db", db, "import", in)
}

func parseSuggestions(t *testing.T, out string) []suggest.Suggestion {
	t.Helper()
	var sugs []suggest.Suggestion
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var s suggest.Suggestion
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		sugs = append(sugs, s)
	}
	return sugs
}

// TestSuggestExternal: `folio suggest` runs the [[suggester]] of
// folio.toml, prints its suggestions beside folio's own, and reports on
// stderr what it refused and which document made it fail, without
// failing itself.
func TestSuggestExternal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	cfg := stubConfig(t, dir, "2s")
	importTexts(t, dir, db, map[string]string{
		"a": "Anna wohnt in Koln. RANGE\n",
		"b": "CRASH\n",
		"c": "Anna SLOW\n",
		"d": "Anna again.\n",
	})
	out, errs := mustFolio(t, "--db", db, "--config", cfg, "suggest")
	var anna, koln int
	for _, s := range parseSuggestions(t, out) {
		switch {
		case s.Text == "Anna" && s.Kind == suggest.KindEntity && strings.Contains(s.Reason, "stub (ner)"):
			if s.Candidates[0].Text != "PER" || s.Candidates[0].Score != 0.9 {
				t.Errorf("Anna: %+v", s)
			}
			anna++
		case s.Text == "Koln" && s.Kind == suggest.KindOCR && strings.Contains(s.Reason, "stub"):
			found := false
			for _, c := range s.Candidates {
				found = found || c.Text == "Köln"
			}
			if !found {
				t.Errorf("Koln: %+v", s)
			}
			koln++
		}
	}
	if anna != 2 || koln != 1 {
		t.Errorf("the stub's Anna in %d documents (want a and d), Koln %d times (want 1)\n%s", anna, koln, out)
	}
	for _, want := range []string{
		`1 refused: span [24,31) is outside the text of 26 code points`,
		`2 refused: unknown label "GPE"`,
		"suggester stub: its output ended (exit status 3): boom: the model fell over",
		"suggester stub: no answer in 2s",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

// TestSpacyExample runs examples/spacy_suggester.py through folio with a
// stand-in spacy module (spaCy itself is not installed here): the script
// speaks the protocol, with offsets in code points.
func TestSpacyExample(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		needOrSkip(t, "python3")
	}
	script, err := filepath.Abs("../../examples/spacy_suggester.py")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// the stand-in: each capitalised word that follows "in" is a place,
	// "Anna" a PERSON (an English model's label, which the script maps)
	stub := `
class Ent:
    def __init__(self, s, e, label):
        self.start_char, self.end_char, self.label_ = s, e, label

class Doc:
    def __init__(self, text):
        self.ents = []
        i = text.find("Anna")
        if i >= 0:
            self.ents.append(Ent(i, i + 4, "PERSON"))
        words = text.split(" ")
        pos = 0
        for k, w in enumerate(words):
            if k > 0 and words[k - 1] == "in" and w[:1].isupper():
                self.ents.append(Ent(pos, pos + len(w.rstrip(".\n")), "LOC"))
            pos += len(w) + 1
        if "FAIL" in text:
            raise ValueError("the model failed")

def load(name):
    return Doc
`
	if err := os.WriteFile(filepath.Join(dir, "spacy.py"), []byte(stub), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONPATH", dir)
	cfg := filepath.Join(dir, "folio.toml")
	toml := fmt.Sprintf(noWordLists+"[[suggester]]\nname = \"spacy-de\"\ncommand = [%q, %q, \"de_stub\"]\n", python, script)
	if err := os.WriteFile(cfg, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "f.db")
	importTexts(t, dir, db, map[string]string{"a": "Grüße an Anna in Köln.\n", "b": "FAIL\n"})
	out, errs := mustFolio(t, "--db", db, "--config", cfg, "suggest")
	got := map[string]string{}
	for _, s := range parseSuggestions(t, out) {
		if strings.Contains(s.Reason, "spacy-de") {
			got[s.Text] = s.Candidates[0].Text + " " + s.Reason
		}
	}
	if got["Anna"] != "PER spacy-de (de_stub)" || got["Köln"] != "LOC spacy-de (de_stub)" || len(got) != 2 {
		t.Errorf("the example's suggestions: %v\n%s", got, errs)
	}
	if !strings.Contains(errs, "could not judge the document: the model failed") {
		t.Errorf("stderr lacks the script's error for b:\n%s", errs)
	}
}

// TestLabelStudioPredictions: Label Studio predictions are kept through
// the store: `folio suggest` offers them, the import summary no longer
// counts them as dropped, and the Label Studio export writes them back.
func TestLabelStudioPredictions(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "f.db")
	task := `[{"id": 7, "data": {"text": "Anna wohnt in Bonn."},
  "annotations": [{"completed_by": 1, "result": []}],
  "predictions": [{"model_version": "ner 2", "score": 0.5, "result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels", "score": 0.9,
     "value": {"start": 0, "end": 4, "text": "Anna", "labels": ["PER"]}},
    {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 14, "end": 18, "text": "Bonn", "labels": ["LOC"]}},
    {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Positive"]}}]}]}]`
	in := filepath.Join(dir, "tasks.json")
	if err := os.WriteFile(in, []byte(task), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs := mustFolio(t, "--db", db, "import", in)
	// the regions' ids are kept, and written back
	if !strings.Contains(errs, `dropped: 1 prediction "choices" result`) || strings.Contains(errs, `"id" field`) {
		t.Errorf("import summary:\n%s", errs)
	}
	cfg := filepath.Join(dir, "folio.toml")
	if err := os.WriteFile(cfg, []byte(noWordLists), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := mustFolio(t, "--db", db, "--config", cfg, "suggest")
	got := map[string]string{}
	for _, s := range parseSuggestions(t, out) {
		if strings.HasPrefix(s.Reason, "prediction") {
			got[s.Text] = fmt.Sprintf("%s %.2f %s", s.Candidates[0].Text, s.Candidates[0].Score, s.Reason)
		}
	}
	if got["Anna"] != "PER 0.90 prediction (ner 2)" || got["Bonn"] != "LOC 0.50 prediction (ner 2)" {
		t.Errorf("predictions suggested: %v", got)
	}
	exp, _ := mustFolio(t, "--db", db, "export", "--format", "labelstudio")
	var tasks []struct {
		Predictions []struct {
			ModelVersion string `json:"model_version"`
			Score        *float64
			Result       []struct {
				ID    string
				Score *float64
				Value struct {
					Start, End int
					Labels     []string
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(exp), &tasks); err != nil || len(tasks) != 1 {
		t.Fatalf("export: %v\n%s", err, exp)
	}
	p := tasks[0].Predictions
	// the score of "b" is the prediction's, written there alone
	if len(p) != 1 || p[0].ModelVersion != "ner 2" || p[0].Score == nil || *p[0].Score != 0.5 || len(p[0].Result) != 2 ||
		p[0].Result[0].ID != "a" || *p[0].Result[0].Score != 0.9 || p[0].Result[1].ID != "b" || p[0].Result[1].Score != nil || p[0].Result[1].Value.Labels[0] != "LOC" {
		t.Fatalf("exported predictions: %+v\n%s", p, exp)
	}
	// folio's own JSONL keeps them: JSONL into a new store, Label Studio
	// out again, the same
	jl, _ := mustFolio(t, "--db", db, "export", "--format", "jsonl")
	if !strings.Contains(sansAnnIDs(t, jl), `"predictions":[{"start":0,"end":4,"label":"PER","text":"Anna","score":0.9,"model":"ner 2"`) {
		t.Errorf("jsonl export:\n%s", jl)
	}
	again := filepath.Join(dir, "again.jsonl")
	if err := os.WriteFile(again, []byte(jl), 0o644); err != nil {
		t.Fatal(err)
	}
	db2 := filepath.Join(dir, "g.db")
	mustFolio(t, "--db", db2, "import", again)
	if exp2, _ := mustFolio(t, "--db", db2, "export", "--format", "labelstudio"); exp2 != exp {
		t.Errorf("through folio's JSONL:\n%s\nwant\n%s", exp2, exp)
	}
}
