package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
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
	var ranks []ocrRanking
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
		ranks = append(ranks, rankPair(t, python, dir, ocr, gt, name, out))
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
	checkRanking(t, ranks)
}

// ocrRankShares are the shares of a pair's suggestions whose precision
// TestOCRDev compares, ranked against in text order.
var ocrRankShares = []float64{0.10, 0.25, 0.50}

// ocrRankGain is how much more precise, in the mean over the pairs, the
// likeliest quarter and half of the suggestions (suggest.Rank) must be
// than all of them (what an order blind to damage gives); they must also
// be at least as precise as the first quarter and half in text order
// (which, on these pairs, is 0.05 more precise than all at the quarter
// and 0.04 at the half).
const ocrRankGain = 0.05

// ocrRanking is one pair's precision of the first share of its
// suggestions (ocrRankShares), in text order and ranked.
type ocrRanking struct {
	label        string
	n            int     // suggestions the scoring counts
	all          float64 // the precision of all of them
	text, ranked []float64
}

// ocrUseful is the judge of ocr_eval.py, suggestion by suggestion: for
// each line of the suggestions, 1 when it overlaps an error of the ground
// truth, 0 when it is a false alarm, -1 when the scoring does not count
// it (an entity, or a line-end join where the transcription keeps the
// hyphen).
const ocrUseful = `import json, sys
sys.path.insert(0, sys.argv[1])
import ocr_eval as e
text = open(sys.argv[2], encoding="utf-8").read()
regions = e.gold_from_gt(text, open(sys.argv[4], encoding="utf-8").read())
out = []
for line in open(sys.argv[3], encoding="utf-8"):
    if not line.strip():
        continue
    s = json.loads(line)
    hit = any(s["start"] < r["end"] and r["start"] < s["end"] for r in regions)
    kind = s.get("kind", "ocr")
    out.append(-1 if kind not in ("ocr", "hyphen") or kind == "hyphen" and not hit else int(hit))
print(json.dumps(out))
`

// rankPair scores the ranking of one pair's suggestions (out, in text
// order): the precision of the first ocrRankShares of them, in text order
// and as suggest.Rank orders them.
func rankPair(t *testing.T, python, dir, ocr, gt, name, out string) ocrRanking {
	t.Helper()
	work := t.TempDir()
	sugs := filepath.Join(work, name+".jsonl")
	if err := os.WriteFile(sugs, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	verdict, err := exec.Command(python, "-c", ocrUseful, dir, ocr, sugs, gt).Output()
	if err != nil {
		t.Fatalf("judging %s suggestion by suggestion: %v", name, err)
	}
	var useful []int
	if err := json.Unmarshal(verdict, &useful); err != nil {
		t.Fatalf("judging %s: %v in %q", name, err, verdict)
	}
	type judged struct {
		s      suggest.Suggestion
		useful int
	}
	var list []judged
	var all []suggest.Suggestion
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var s suggest.Suggestion
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("%s: bad line %q: %v", name, line, err)
		}
		if i >= len(useful) {
			t.Fatalf("%s: %d verdicts for more suggestions", name, len(useful))
		}
		if s.Kind != suggest.KindEntity && s.Likelihood <= 0 {
			t.Errorf("%s: %s suggestion %q has no likelihood", name, s.Kind, s.Text)
		}
		if useful[i] >= 0 {
			list = append(list, judged{s, useful[i]})
			all = append(all, s)
		}
	}
	// the ranked order, by the same rule as folio suggest --rank
	order := make([]int, len(all))
	for i := range order {
		order[i] = i
		all[i].Doc = fmt.Sprint(i) // to find each again after sorting
	}
	suggest.Rank(all)
	for i, s := range all {
		fmt.Sscan(s.Doc, &order[i])
	}
	r := ocrRanking{label: name, n: len(list)}
	for _, j := range list {
		r.all += float64(j.useful) / float64(len(list))
	}
	for _, share := range ocrRankShares {
		k := max(1, int(math.Ceil(share*float64(len(list)))))
		var inText, inRank int
		for i := 0; i < k && i < len(list); i++ {
			inText += list[i].useful
			inRank += list[order[i]].useful
		}
		r.text = append(r.text, float64(inText)/float64(k))
		r.ranked = append(r.ranked, float64(inRank)/float64(k))
	}
	return r
}

// checkRanking prints the precision of the first shares of the
// suggestions, in text order and ranked, pair by pair, and fails when the
// ranked first quarter is not ocrRankGain more precise in the mean.
func checkRanking(t *testing.T, ranks []ocrRanking) {
	t.Helper()
	if len(ranks) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-34s  all ", "precision of the first")
	for _, share := range ocrRankShares {
		fmt.Fprintf(&b, "  %3.0f%% text / ranked", 100*share)
	}
	b.WriteString("\n")
	mText, mRank := make([]float64, len(ocrRankShares)), make([]float64, len(ocrRankShares))
	mAll := 0.0
	for _, r := range ranks {
		mAll += r.all / float64(len(ranks))
		fmt.Fprintf(&b, "%-34s  %.2f", fmt.Sprintf("%s (%d)", r.label, r.n), r.all)
		for i := range ocrRankShares {
			fmt.Fprintf(&b, "      %.2f / %.2f     ", r.text[i], r.ranked[i])
			mText[i] += r.text[i] / float64(len(ranks))
			mRank[i] += r.ranked[i] / float64(len(ranks))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-34s  %.2f", "mean", mAll)
	for i := range ocrRankShares {
		fmt.Fprintf(&b, "      %.2f / %.2f     ", mText[i], mRank[i])
	}
	t.Logf("ranking, text order / likeliest first:\n%s", b.String())
	for _, q := range []int{1, 2} {
		if mRank[q] < mAll+ocrRankGain || mRank[q] < mText[q] {
			t.Errorf("the likeliest %.0f%% of the suggestions are %.2f precise, all %.2f, the first in text order %.2f: ranking must gain %.2f on all and lose nothing on text order",
				100*ocrRankShares[q], mRank[q], mAll, mText[q], ocrRankGain)
		}
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
	g, err := buildSuggester(s, config.Default(), []string{"/usr/share/dict/ngerman"}, nil, runtime.GOMAXPROCS(0), nil)
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
