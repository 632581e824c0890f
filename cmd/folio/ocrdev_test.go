package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"folio/config"
	"folio/internal/shared"
	"folio/store"
	"folio/suggest"
)

// needOrSkip skips a test for want of what, or fails it under CI, where
// everything it needs is installed.
func needOrSkip(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("FOLIO_CI") != "" {
		t.Fatalf("%s is missing (CI installs it)", what)
	}
	t.Skipf("%s is missing", what)
}

// ocrScore is one line of ocr_eval.py's verdict.
type ocrScore struct {
	Label                   string
	Errors, Suggestions     int
	Recall, Precision, Top1 float64
}

// The quality floors of TestOCRDev: the means over the ten pairs, and the
// lowest precision of any pair: the targets of issue 10, which folio
// reaches (docs/QUALITY.md).
const (
	ocrDevRecall        = 0.85
	ocrDevPrecision     = 0.75
	ocrDevTop1          = 0.45
	ocrDevPairPrecision = 0.50
)

// TestOCRDev scores `folio suggest` on every pair of ../shared/ocr-dev as
// its score.sh does: a store of the seeds plus the one scan, suggestions
// with --lexicon /usr/share/dict/ngerman (and the system's hunspell de_DE
// and English word lists, found as a user's folio finds them), judged by
// ocr_eval.py against the ground truth.
func TestOCRDev(t *testing.T) {
	if testing.Short() {
		t.Skip("scores ten scans (-short)")
	}
	dir := shared.Dir(t, "ocr-dev")
	for _, need := range []string{"/usr/share/dict/ngerman", "/usr/share/hunspell/de_DE.dic"} {
		if _, err := os.Stat(need); err != nil {
			needOrSkip(t, need)
		}
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		needOrSkip(t, "python3")
	}
	gts, err := filepath.Glob(filepath.Join(dir, "*.gt.txt"))
	if err != nil || len(gts) == 0 {
		t.Fatalf("no pairs in %s: %v", dir, err)
	}
	sort.Strings(gts)
	work := t.TempDir()
	seedsDB := filepath.Join(work, "seeds.db")
	mustFolio(t, "--db", seedsDB, "import", seedDir(t))
	seedStore, err := os.ReadFile(seedsDB)
	if err != nil {
		t.Fatal(err)
	}
	var scores []ocrScore
	for _, gt := range gts {
		name := strings.TrimSuffix(filepath.Base(gt), ".gt.txt")
		ocr := filepath.Join(dir, name+".ocr.txt")
		in := filepath.Join(work, "in_"+name)
		text, err := os.ReadFile(ocr)
		if err != nil {
			t.Fatal(err)
		}
		db := filepath.Join(work, name+".db")
		if err := os.MkdirAll(in, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name+".txt"), text, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(db, seedStore, 0o600); err != nil {
			t.Fatal(err)
		}
		mustFolio(t, "--db", db, "import", in)
		out, _ := mustFolio(t, "--db", db, "suggest", "--doc", name, "--lexicon", "/usr/share/dict/ngerman")
		sugs := filepath.Join(work, name+".jsonl")
		if err := os.WriteFile(sugs, []byte(out), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(python, filepath.Join(dir, "ocr_eval.py"), ocr, sugs, "--gt", gt, "--label", name)
		verdict, err := cmd.Output()
		if err != nil {
			t.Fatalf("ocr_eval.py %s: %v", name, err)
		}
		lines := strings.Split(strings.TrimSpace(string(verdict)), "\n")
		var sc ocrScore
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sc); err != nil {
			t.Fatalf("ocr_eval.py %s: %v in %q", name, err, lines[len(lines)-1])
		}
		scores = append(scores, sc)
	}
	var mean ocrScore
	var table strings.Builder
	for _, sc := range scores {
		fmt.Fprintf(&table, "%-34s %.2f / %.2f / %.2f  (%d errors, %d suggestions)\n", sc.Label, sc.Recall, sc.Precision, sc.Top1, sc.Errors, sc.Suggestions)
		mean.Recall += sc.Recall / float64(len(scores))
		mean.Precision += sc.Precision / float64(len(scores))
		mean.Top1 += sc.Top1 / float64(len(scores))
		if sc.Precision < ocrDevPairPrecision {
			t.Errorf("%s: precision %.2f, floor %.2f", sc.Label, sc.Precision, ocrDevPairPrecision)
		}
	}
	fmt.Fprintf(&table, "%-34s %.2f / %.2f / %.2f", "mean", mean.Recall, mean.Precision, mean.Top1)
	t.Logf("recall / precision / top-1:\n%s", table.String())
	if mean.Recall < ocrDevRecall || mean.Precision < ocrDevPrecision || mean.Top1 < ocrDevTop1 {
		t.Errorf("mean recall %.2f, precision %.2f, top-1 %.2f; floors %.2f, %.2f, %.2f",
			mean.Recall, mean.Precision, mean.Top1, ocrDevRecall, ocrDevPrecision, ocrDevTop1)
	}
}

// TestConfidenceEvidence scores the suggestions for the modern German page
// of ../shared/ocr-formats, imported from hOCR with Tesseract's word
// confidences, with the confidences and without, against its ground
// truth: with them folio must be at least as good on recall, precision and
// top-1, and better on precision (a small letter after a full stop that
// Tesseract read with confidence is printed so).
func TestConfidenceEvidence(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the suggester over the system's dictionaries (-short)")
	}
	formats, dev := shared.Dir(t, "ocr-formats"), shared.Dir(t, "ocr-dev")
	for _, need := range []string{"/usr/share/dict/ngerman", "/usr/share/hunspell/de_DE.dic"} {
		if _, err := os.Stat(need); err != nil {
			needOrSkip(t, need)
		}
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		needOrSkip(t, "python3")
	}
	work := t.TempDir()
	db, in := filepath.Join(work, "folio.db"), filepath.Join(work, "in")
	if err := os.MkdirAll(in, 0o700); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(formats, "modern_de.hocr"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "modern_de.hocr"), page, 0o600); err != nil {
		t.Fatal(err)
	}
	mustFolio(t, "--db", db, "import", seedDir(t))
	mustFolio(t, "--db", db, "import", in)

	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g, err := buildSuggester(s, config.Default(), []string{"/usr/share/dict/ngerman"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Document("modern_de")
	if err != nil {
		t.Fatal(err)
	}
	conf := g.confOf("modern_de")
	if len(conf) < 100 {
		t.Fatalf("%d word confidences read from the page", len(conf))
	}
	textFile := filepath.Join(work, "text.txt")
	if err := os.WriteFile(textFile, []byte(d.Text), 0o600); err != nil {
		t.Fatal(err)
	}
	score := func(label string, conf []suggest.WordConf) ocrScore {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		for _, sg := range g.ocr.SuggestConf(d.Doc.ID, d.Text, d.Anns, conf) {
			if err := enc.Encode(sg); err != nil {
				t.Fatal(err)
			}
		}
		sugs := filepath.Join(work, label+".jsonl")
		if err := os.WriteFile(sugs, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(python, filepath.Join(dev, "ocr_eval.py"), textFile, sugs,
			"--gt", filepath.Join(formats, "modern_de.gt.txt"), "--label", label).Output()
		if err != nil {
			t.Fatalf("ocr_eval.py: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		var sc ocrScore
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sc); err != nil {
			t.Fatalf("ocr_eval.py: %v in %q", err, lines[len(lines)-1])
		}
		return sc
	}
	with, without := score("with", conf), score("without", nil)
	t.Logf("recall / precision / top-1: with confidences %.3f / %.3f / %.3f, without %.3f / %.3f / %.3f",
		with.Recall, with.Precision, with.Top1, without.Recall, without.Precision, without.Top1)
	if with.Recall < without.Recall || with.Precision < without.Precision || with.Top1 < without.Top1 {
		t.Errorf("confidences made it worse")
	}
	if with.Precision <= without.Precision {
		t.Errorf("confidences did not raise precision")
	}
}
