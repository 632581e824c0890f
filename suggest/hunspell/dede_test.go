package hunspell

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"folio/internal/shared"
)

const (
	deAff = "/usr/share/hunspell/de_DE.aff"
	deDic = "/usr/share/hunspell/de_DE.dic"
)

// needOrSkip skips the test for a missing system resource, except under CI
// (FOLIO_CI=1), which installs hunspell and hunspell-de-de.
func needOrSkip(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("FOLIO_CI") != "" {
		t.Fatalf("FOLIO_CI is set but %s", why)
	}
	t.Skip(why)
}

var (
	deOnce sync.Once
	deDict *Dict
	deErr  error
)

// loadDeDE loads the system de_DE once per test binary.
func loadDeDE(t testing.TB) *Dict {
	t.Helper()
	for _, p := range []string{deAff, deDic} {
		if _, err := os.Stat(p); err != nil {
			needOrSkip(t, p+" is missing (apt-get install hunspell-de-de)")
		}
	}
	deOnce.Do(func() { deDict, deErr = Open(deAff, deDic) })
	if deErr != nil {
		t.Fatal(deErr)
	}
	return deDict
}

// realHunspellRejects runs `hunspell -d de_DE -l` over words and returns the
// set it lists as misspelled.
func realHunspellRejects(t *testing.T, words []string) map[string]bool {
	t.Helper()
	if _, err := exec.LookPath("hunspell"); err != nil {
		needOrSkip(t, "hunspell is not installed (apt-get install hunspell hunspell-de-de)")
	}
	cmd := exec.Command("hunspell", "-d", "de_DE", "-l", "-i", "utf-8")
	cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hunspell -d de_DE -l: %v: %s", err, stderr.String())
	}
	bad := map[string]bool{}
	for l := range strings.SplitSeq(string(out), "\n") {
		if l != "" {
			bad[l] = true
		}
	}
	return bad
}

// ocrDevWords returns the distinct letter-only tokens of every
// ../shared/ocr-dev/*.txt file.
func ocrDevWords(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(shared.Dir(t, "ocr-dev"), "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no ocr-dev texts: %v", err)
	}
	tok := regexp.MustCompile(`\p{L}+`)
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tok.FindAllString(string(b), -1) {
			seen[w] = true
		}
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words
}

// TestAgreesWithHunspellOnOCRDev compares Spell with the real hunspell on
// every word of the OCR development set (ground truth and OCR output).
func TestAgreesWithHunspellOnOCRDev(t *testing.T) {
	d := loadDeDE(t)
	words := ocrDevWords(t)
	bad := realHunspellRejects(t, words)
	var dis []string
	for _, w := range words {
		if got, want := d.Spell(w), !bad[w]; got != want {
			dis = append(dis, fmt.Sprintf("%s (hunspell %v, ours %v)", w, want, got))
		}
	}
	if len(bad) < len(words)/10 {
		t.Fatalf("hunspell rejects only %d of %d OCR words: the comparison is broken", len(bad), len(words))
	}
	agree := float64(len(words)-len(dis)) / float64(len(words))
	t.Logf("agreement with hunspell -d de_DE: %d/%d words = %.2f %% (hunspell rejects %d), %d disagreements",
		len(words)-len(dis), len(words), 100*agree, len(bad), len(dis))
	if agree < 0.99 {
		t.Errorf("agreement %.2f %% < 99 %%; first disagreements:\n%s", 100*agree, strings.Join(dis[:min(30, len(dis))], "\n"))
	} else if len(dis) > 0 {
		t.Logf("disagreements:\n%s", strings.Join(dis[:min(30, len(dis))], "\n"))
	}
}

// TestDeDEWords checks German inflections and compounds that must be
// accepted, with their parts, and OCR damage that must be refused. The
// verdicts are those of hunspell 1.7.1 with de_DE 20161207.
func TestDeDEWords(t *testing.T) {
	d := loadDeDE(t)
	good := []struct {
		word  string
		parts []string // nil: accepted without compounding
	}{
		{"Jahrestreffen", []string{"Jahres", "treffen"}},
		{"Wirtschaftsausschuss", []string{"Wirtschafts", "ausschuss"}},
		{"Industriestädteallianz", []string{"Industrie", "städte", "allianz"}},
		{"Netzwerkes", []string{"Netz", "werkes"}},
		{"Dienstleistungen", []string{"Dienst", "leistungen"}},
		{"Straßenbahnhaltestelle", []string{"Straßen", "bahn", "halte", "stelle"}},
		{"JAHRESTREFFEN", []string{"JAHRES", "TREFFEN"}},
		{"eröffnet", nil},
		{"Bündnis", nil},
		{"Jahres", nil},
		{"STRASSE", nil},
		{"Straße", nil},
		{"Treffen", nil},
		{"war", nil},
		{"Jahres-Treffen", []string{"Jahres", "-Treffen"}},
	}
	for _, g := range good {
		if !d.Spell(g.word) {
			t.Errorf("Spell(%q) = false, want true", g.word)
		}
		if got := d.Compound(g.word); !slices.Equal(got, g.parts) {
			t.Errorf("Compound(%q) = %q, want %q", g.word, got, g.parts)
		}
	}
	for _, w := range []string{"Kdln", "Biindnis", "Industriestadteallianz", "fiir", "Wirtschaftsaussehuss",
		"treffens", "Strasse", "jahrestreffen"} {
		if d.Spell(w) {
			t.Errorf("Spell(%q) = true, want false", w)
		}
		if got := d.Compound(w); got != nil {
			t.Errorf("Compound(%q) = %q, want nil", w, got)
		}
	}
	if u := d.Unsupported(); len(u) != 0 {
		t.Errorf("de_DE uses unsupported directives %v", u)
	}
}

// TestDeDEForms checks that Forms generates the de_DE forms and that a
// sample of them is accepted by Spell and by the real hunspell.
func TestDeDEForms(t *testing.T) {
	d := loadDeDE(t)
	step := 7
	if testing.Short() {
		step = 97
	}
	n := 0
	var sample []string
	d.Forms(func(f string) bool {
		if n%step == 0 {
			sample = append(sample, f)
		}
		n++
		return true
	})
	t.Logf("%d forms, %d sampled", n, len(sample))
	if n < 300000 {
		t.Errorf("Forms gave %d forms, want over 300000", n)
	}
	var notOurs []string
	for _, f := range sample {
		if !d.Spell(f) {
			notOurs = append(notOurs, f)
		}
	}
	if len(notOurs) > 0 {
		t.Errorf("Spell refuses %d generated forms: %q", len(notOurs), notOurs[:min(30, len(notOurs))])
	}
	for _, f := range []string{"Jahres", "Bündnisse", "eröffnete", "Leistungen", "Ausschüsse"} {
		if !slices.Contains(sample, f) && !formsContain(d, f) {
			t.Errorf("Forms lacks %q", f)
		}
	}
	if _, err := exec.LookPath("hunspell"); err != nil {
		needOrSkip(t, "hunspell is not installed")
	}
	sub := sample[:0:0]
	for i, f := range sample {
		if i%5 == 0 {
			sub = append(sub, f)
		}
	}
	bad := realHunspellRejects(t, sub)
	if len(bad) > 0 {
		var list []string
		for w := range bad {
			list = append(list, w)
		}
		slices.Sort(list)
		t.Errorf("hunspell refuses %d of %d generated forms: %q", len(bad), len(sub), list[:min(30, len(list))])
	}
}

// formsContain reports whether Forms yields f.
func formsContain(d *Dict, f string) bool {
	found := false
	d.Forms(func(g string) bool {
		found = g == f
		return !found
	})
	return found
}

// TestAgreesWithHunspellOnWordList compares Spell with the real hunspell on
// a sample of /usr/share/dict/ngerman (package wngerman), each word also in
// capitals, capitalised, with one letter replaced as OCR would, with a
// trailing dot, and joined to the previous sample word with and without a
// hyphen.
func TestAgreesWithHunspellOnWordList(t *testing.T) {
	const list = "/usr/share/dict/ngerman"
	d := loadDeDE(t)
	b, err := os.ReadFile(list)
	if err != nil {
		needOrSkip(t, list+" is missing (apt-get install wngerman)")
	}
	step := 61
	if testing.Short() {
		step = 997
	}
	damage := []rune("iülrnmßsaeSTU")
	var words []string
	prev := "Haus"
	for i, w := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if i%step != 0 || strings.ContainsAny(w, " \t") {
			continue
		}
		words = append(words, w, strings.ToUpper(w), initCap(w), prev+"-"+w, w+".", prev+strings.ToLower(w))
		prev = w
		if rs := []rune(w); len(rs) > 3 {
			rs[i%len(rs)] = damage[i%len(damage)]
			words = append(words, string(rs))
		}
	}
	bad := realHunspellRejects(t, words)
	var dis []string
	for _, w := range words {
		if d.Spell(w) != !bad[w] {
			dis = append(dis, fmt.Sprintf("%s (hunspell %v)", w, !bad[w]))
		}
	}
	t.Logf("%d words, hunspell rejects %d, %d disagreements", len(words), len(bad), len(dis))
	if len(bad) == 0 {
		t.Fatal("hunspell rejects no word: the comparison is broken")
	}
	if len(dis) > len(words)/100 {
		t.Errorf("%d of %d words disagree with hunspell; first ones:\n%s", len(dis), len(words), strings.Join(dis[:min(30, len(dis))], "\n"))
	}
}
