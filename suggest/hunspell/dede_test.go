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

// sharedDir returns ../shared seen from the repository root.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "ocr-dev")
	if _, err := os.Stat(dir); err != nil {
		needOrSkip(t, dir+" is missing")
	}
	return dir
}

// ocrDevWords returns the distinct letter-only tokens of every
// ../shared/ocr-dev/*.txt file.
func ocrDevWords(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sharedDir(t), "*.txt"))
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
	agree := float64(len(words)-len(dis)) / float64(len(words))
	t.Logf("agreement with hunspell -d de_DE: %d/%d words = %.2f %%, %d disagreements", len(words)-len(dis), len(words), 100*agree, len(dis))
	if agree < 0.99 {
		t.Errorf("agreement %.2f %% < 99 %%; first disagreements:\n%s", 100*agree, strings.Join(dis[:min(30, len(dis))], "\n"))
	} else if len(dis) > 0 {
		t.Logf("disagreements:\n%s", strings.Join(dis[:min(30, len(dis))], "\n"))
	}
}
