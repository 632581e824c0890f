package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/internal/shared"
)

// openOCRPage starts folio in a 120×40 pane on a new store of the OCR
// pages of ../shared/ocr-formats, as a user imports them, and opens the
// page with id in the reader once its suggestions have come.
func openOCRPage(t *testing.T, id string) (tm *tmuxTerm, db string) {
	t.Helper()
	bin := buildFolio(t)
	dir := t.TempDir()
	db = filepath.Join(dir, "x.db")
	mustFolio(t, "--db", db, "import", shared.Dir(t, "ocr-formats"))
	tm = startTerm(t, dir, 120, 40, bin+" --db "+db)
	tm.waitFor("LIST  1/")
	tm.keys("/")
	tm.text("id:" + id)
	tm.keys("Enter")
	tm.waitFor("LIST  1/1")
	tm.keys("Enter")
	tm.waitForRe(regexp.MustCompile(`Suggestions \(\d+\)`))
	return tm, db
}

// waitForRe polls the screen until re matches it and returns the match.
func (tm *tmuxTerm) waitForRe(re *regexp.Regexp) []string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := tm.screen()
		if m := re.FindStringSubmatch(s); m != nil {
			return m
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the screen never matched %s; it shows:\n%s", re, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestTerminalUndoThenPrevSuggestion types the user's keys on the hOCR
// page kant_0017: ] to a fix, a, u, [, a. The second a accepts the
// suggestion [ highlighted, the one before the undone fix, where it
// saved the undone fix again. Once with the keys typed one by one, once
// with u [ a in one write (u's write still on its way when [ and a come).
func TestTerminalUndoThenPrevSuggestion(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	const id = "kant_0017"
	saved := regexp.MustCompile(`saved: correct “([^”]*)”`)
	for _, oneWrite := range []bool{false, true} {
		tm, db := openOCRPage(t, id)
		// the fourth suggestion, a fix, and the third, a fix too
		tm.keys("]", "]", "]", "]", "a")
		undone := tm.waitForRe(saved)[1]
		if oneWrite {
			tm.text("u[a")
		} else {
			tm.keys("u")
			tm.waitFor("undone: correct “" + undone + "”")
			tm.keys("[", "a")
		}
		// a's save: another fix than the undone one, or, failing that,
		// whatever it saved once the screen settles
		s := tm.screen()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if m := saved.FindStringSubmatch(s); m != nil && m[1] != undone {
				break
			}
			s = tm.screen()
		}
		tm.keys("q")
		tm.waitFor("FOLIO-EXIT=0")
		cs := exportRecords(t, db)[id].Corrections
		if len(cs) != 1 || cs[0].Original == undone {
			t.Fatalf("one write %v: u [ a after fixing %q saved %+v, want the fix before it alone:\n%s", oneWrite, undone, cs, s)
		}
	}
}

// TestTerminalSelectWholeWords types the user's keys on the brat
// tutorial's introduction (../shared/interop/brat), whose paragraphs are
// one long line each: /Brat Rapid enter w w e labels "Brat Rapid
// Annotation" (it labelled "Brat Rapid Annotation T"), and / 0 v $ B
// cuts a paragraph the reader wraps over seven lines whole (it cut its
// first line).
func TestTerminalSelectWholeWords(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	file := filepath.Join(shared.Dir(t, "interop", "brat", "example-data", "tutorials", "news"), "000-introduction.txt")
	bin := buildFolio(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	mustFolio(t, "--db", db, "import", file)
	const id = "000-introduction"
	text := exportRecords(t, db)[id].Text
	para := text[strings.Index(text, "brat is"):]
	para = para[:strings.IndexByte(para, '\n')]
	tm := startTerm(t, dir, 120, 40, bin+" --db "+db)
	tm.waitFor("LIST  1/1")
	tm.keys("Enter")
	tm.waitFor("READ")
	tm.keys("/")
	tm.text("Brat Rapid")
	tm.keys("Enter", "w", "w", "e")
	tm.waitFor("Label “Brat Rapid Annotation”")
	tm.keys("o") // ORG: the canonical name's prompt, the text offered
	tm.waitFor("canonical name")
	tm.keys("Enter")
	tm.waitFor("saved: label “Brat Rapid Annotation” ORG")
	tm.keys("/")
	tm.text("web-based")
	tm.keys("Enter", "Escape", "0", "v", "$", "B")
	tm.waitFor("saved: cut “brat is a web-based")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	r := exportRecords(t, db)[id]
	var labelled []string
	for _, e := range r.Entities {
		if e.Label == "ORG" {
			labelled = append(labelled, e.Text)
		}
	}
	if len(labelled) != 1 || labelled[0] != "Brat Rapid Annotation" {
		t.Errorf("/Brat Rapid w w e o: ORG entities %q, want “Brat Rapid Annotation”", labelled)
	}
	if len(r.Corrections) != 1 || r.Corrections[0].Original != para || r.Corrections[0].Kind != "boilerplate" {
		t.Errorf("0 v $ B: corrections %+v, want the paragraph %q cut whole", r.Corrections, para)
	}
}

// TestTerminalHelpNarrow: ? after tmux resize-window -x 20 wraps the
// help's descriptions (they were cut: "tab next p", "T remove ta"): paged
// with ctrl+d, every description shows whole.
func TestTerminalHelpNarrow(t *testing.T) {
	bin, dir, db := realTerminal(t)
	tm := startTerm(t, dir, 120, 40, bin+" --db "+db)
	tm.waitFor("LIST  1/5")
	tm.run("resize-window", "-t", "t", "-x", "20")
	tm.waitFor("List │ Reader │ Pane")
	tm.keys("?")
	s := tm.waitFor("HELP")
	var box []string // the help's lines, each once
	for page := 0; page < 40; page++ {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "│") {
				lines = append(lines, strings.Trim(l, "│ "))
			}
		}
		box = appendOverlapping(box, lines)
		tm.keys("C-d")
		next := tm.screen()
		if next == s {
			time.Sleep(300 * time.Millisecond) // the last page, or not drawn yet
			if next = tm.screen(); next == s {
				break
			}
		}
		s = next
	}
	text := strings.ReplaceAll(strings.Join(box, ""), " ", "")
	for _, want := range []string{"tab next pane", "T remove tag", "shift+tab previous pane", "S sort by suggestions", "u undo", "esc close"} {
		if !strings.Contains(text, strings.ReplaceAll(want, " ", "")) {
			t.Errorf("the help at 20 columns does not show %q whole:\n%s", want, strings.Join(box, "\n"))
		}
	}
	tm.keys("Escape", "q")
	tm.waitFor("FOLIO-EXIT=0")
}

// appendOverlapping appends the lines of a page to lines, less those it
// repeats of their end (a page down keeps a line of the page before).
func appendOverlapping(lines, page []string) []string {
	for k := min(len(lines), len(page)); k > 0; k-- {
		if slices.Equal(lines[len(lines)-k:], page[:k]) {
			return append(lines, page[k:]...)
		}
	}
	return append(lines, page...)
}

// TestTerminalCorrectCombining types the user's keys on the PAGE XML of
// kant_0017, whose "Stuͤk" is u and the combining U+0364: c on it shows
// "→ Stuͤk" (it showed "→ Stu ͤk", the mark on a cell of its own), and
// left, backspace, üc, enter corrects it to "Stück": backspace takes the
// letter with its mark, one cell (it took the mark alone: "Stuück").
func TestTerminalCorrectCombining(t *testing.T) {
	if testing.Short() {
		t.Skip("real-terminal test")
	}
	const id, word = "kant_0017.page", "Stu\u0364k"
	tm, db := openOCRPage(t, id)
	tm.keys("/")
	tm.text(word)
	tm.keys("Enter", "c")
	s := tm.waitFor("Correct “" + word + "”")
	if !strings.Contains(s, "→ "+word+" ") {
		t.Fatalf("c on %q: the input does not show it whole:\n%s", word, s)
	}
	tm.keys("Left", "BSpace")
	tm.text("üc")
	tm.waitFor("→ Stück ")
	tm.keys("Enter")
	tm.waitFor("saved: correct “" + word + "” → “Stück”")
	tm.keys("q")
	tm.waitFor("FOLIO-EXIT=0")
	cs := exportRecords(t, db)[id].Corrections
	if len(cs) != 1 || cs[0].Original != word || cs[0].Replacement != "Stück" {
		t.Fatalf("corrections %+v, want %q → “Stück”", cs, word)
	}
}
