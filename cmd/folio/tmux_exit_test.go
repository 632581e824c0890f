package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// germanWords writes about n bytes of German-like words (made of common
// syllables, some capitalised, lines of a dozen words and paragraphs) to
// path, the same for the same seed.
func germanWords(t *testing.T, path string, n int, seed int64) {
	t.Helper()
	syl := strings.Fields("der die das und ung schaft keit ver be ge ent lich isch en er ein aus über straße müller köln haus stadt rat beschluss wirt ausschuss sitz tag ab an zu mit für ße ä ö ü")
	rng := rand.New(rand.NewSource(seed))
	var b strings.Builder
	for b.Len() < n {
		for i := range 12 {
			var w strings.Builder
			for range 1 + rng.Intn(4) {
				w.WriteString(syl[rng.Intn(len(syl))])
			}
			s := w.String()
			if rng.Intn(7) == 0 {
				s = strings.ToUpper(s[:1]) + s[1:]
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
		b.WriteString(".\n")
		if rng.Intn(10) == 0 {
			b.WriteByte('\n')
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestTerminalHeapCapMessage: when folio stops itself at its memory cap
// with the interface on the screen, its message is on the main screen
// after the exit (it was written on the alternate screen, which the
// restore then left), says what folio was doing, and does not put the
// blame on the store first.
func TestTerminalHeapCapMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "big.db")
	txt := filepath.Join(dir, "lang.txt")
	germanWords(t, txt, 3<<20, 1)
	mustFolio(t, "--db", db, "import", txt)
	// the document's suggestions (counted a second after the launch) and
	// its layout (enter) each pass 100 MiB
	tm := startTerm(t, dir, 120, 40, fmt.Sprintf("%s=100 %s --db %s", maxHeapEnv, bin, db))
	tm.waitFor("Documents")
	tm.keys("Enter")
	s := tm.waitFor("FOLIO-EXIT=")
	flat := strings.Join(strings.Fields(s), " ") // the message wraps
	if !strings.Contains(s, "FOLIO-EXIT=1") || !strings.Contains(flat, "folio: stopped: memory use passed 100 MiB while") ||
		!strings.Contains(flat, `document "lang"`) {
		t.Fatalf("after the stop at the memory cap:\n%s", s)
	}
	// the work is named first, a damaged store only as another cause
	if i, j := strings.Index(flat, "raises the limit"), strings.Index(flat, "damaged"); i < 0 || j < i {
		t.Fatalf("the message puts the store first:\n%s", s)
	}
	if got := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{alternate_on} #{cursor_flag}")); got != "0 1" {
		t.Fatalf("alternate screen, cursor shown: %q, want \"0 1\"\n%s", got, s)
	}
}
