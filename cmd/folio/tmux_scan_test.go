package main

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"folio/annot"
	"folio/internal/shared"
	"folio/internal/termimg"
	"folio/store"
)

// cell is one "▀" of a captured screen: the upper pixel's colour (fg)
// and the lower's (bg).
type cell struct{ fg, bg [3]int }

// halfBlockRows reads the rows of capture-pane -e output: per screen
// row, the half-block cells in order (other characters are skipped).
func halfBlockRows(t *testing.T, capture string) [][]cell {
	t.Helper()
	var rows [][]cell
	for _, line := range strings.Split(capture, "\n") {
		var row []cell
		fg, bg := [3]int{-1, -1, -1}, [3]int{-1, -1, -1}
		for i := 0; i < len(line); {
			if strings.HasPrefix(line[i:], "\x1b[") {
				j := i + 2
				for j < len(line) && (line[j] < 0x40 || line[j] > 0x7e) {
					j++
				}
				if j < len(line) && line[j] == 'm' {
					sgr(line[i+2:j], &fg, &bg)
				}
				i = j + 1
				continue
			}
			if strings.HasPrefix(line[i:], "▀") {
				row = append(row, cell{fg, bg})
				i += len("▀")
				continue
			}
			i++
		}
		rows = append(rows, row)
	}
	return rows
}

// sgr applies SGR parameters to the colours (24-bit and defaults only).
func sgr(params string, fg, bg *[3]int) {
	ps := strings.Split(params, ";")
	for k := 0; k < len(ps); k++ {
		switch ps[k] {
		case "", "0":
			*fg, *bg = [3]int{-1, -1, -1}, [3]int{-1, -1, -1}
		case "39":
			*fg = [3]int{-1, -1, -1}
		case "49":
			*bg = [3]int{-1, -1, -1}
		case "38", "48":
			if k+4 < len(ps) && ps[k+1] == "2" {
				var c [3]int
				for n := 0; n < 3; n++ {
					c[n], _ = strconv.Atoi(ps[k+2+n])
				}
				if ps[k] == "38" {
					*fg = c
				} else {
					*bg = c
				}
				k += 4
			}
		}
	}
}

// caption reads the region the scan's caption says it shows.
func caption(t *testing.T, screen string) (line int, region image.Rectangle) {
	t.Helper()
	m := regexp.MustCompile(`Scan · line (\d+)/\d+ · x (-?\d+)–(-?\d+) y (-?\d+)–(-?\d+)`).FindStringSubmatch(screen)
	if m == nil {
		t.Fatalf("no scan caption on the screen:\n%s", screen)
	}
	n := make([]int, 5)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	return n[0], image.Rect(n[1], n[3], n[2], n[4])
}

// regionRed is the mean red of each of cols×rows equal parts of
// region r of img (white outside the image): the reference a drawing of
// that region must resemble.
func regionRed(img image.Image, r image.Rectangle, cols, rows int) [][]float64 {
	out := make([][]float64, rows)
	for j := range out {
		out[j] = make([]float64, cols)
		for i := range out[j] {
			x0, x1 := r.Min.X+i*r.Dx()/cols, r.Min.X+(i+1)*r.Dx()/cols
			y0, y1 := r.Min.Y+j*r.Dy()/rows, r.Min.Y+(j+1)*r.Dy()/rows
			sum, n := 0.0, 0
			for y := y0; y < max(y1, y0+1); y++ {
				for x := x0; x < max(x1, x0+1); x++ {
					v := 255.0
					if (image.Point{x, y}).In(img.Bounds()) {
						cr, _, _, _ := img.At(x, y).RGBA()
						v = float64(cr >> 8)
					}
					sum += v
					n++
				}
			}
			out[j][i] = sum / float64(n)
		}
	}
	return out
}

// correlation is Pearson's r of two equal-sized grids.
func correlation(a, b [][]float64) float64 {
	var sa, sb, saa, sbb, sab, n float64
	for j := range a {
		for i := range a[j] {
			x, y := a[j][i], b[j][i]
			sa, sb, saa, sbb, sab, n = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y, n+1
		}
	}
	cov := sab/n - sa/n*sb/n
	return cov / math.Sqrt((saa/n-sa/n*sa/n)*(sbb/n-sb/n*sb/n))
}

// wordLine returns the layout of document id of the store db, the line
// (from 1) of the first occurrence of word, and its position.
func wordLine(t *testing.T, db, id, word string) (lay *annot.Layout, line, at int) {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if lay, err = s.Layout(id); err != nil {
		t.Fatal(err)
	}
	doc, err := s.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(doc.Text, word)
	if i < 0 {
		t.Fatalf("no %q in %s", word, id)
	}
	at = len([]rune(doc.Text[:i]))
	for k, l := range lay.Lines {
		if l.Start <= at && at < l.End {
			line = k + 1
		}
	}
	if line < 2 {
		t.Fatalf("%s is on line %d", word, line)
	}
	return lay, line, at
}

// TestTerminalScanHalfBlocks imports modern_de.page.xml, opens it in
// tmux, turns the page image on (i), searches a word and reads
// the screen with its colours: the half-blocks under the caption show
// the part of modern_de.png the caption names (their red, which the
// word's yellow tint keeps, follows the grey page's, cell by cell), that part holds the line's box and the
// word's, and the word under the cursor is tinted.
func TestTerminalScanHalfBlocks(t *testing.T) {
	dir, bin, tmp, db := pageStore(t)
	const word = "Distribution"
	lay, wantLine, at := wordLine(t, db, "modern_de.page", word)
	page, err := termimg.Load(filepath.Join(dir, "modern_de.png"))
	if err != nil {
		t.Fatal(err)
	}
	// folio starts after the pane's title is set, so that the graphics
	// query could be caught changing it (tmux takes an APC string for a
	// title)
	tm := startTerm(t, tmp, 160, 45, "sh -c 'sleep 1; exec env COLORTERM=truecolor "+bin+" --db "+db+"'")
	tm.run("select-pane", "-t", "t", "-T", "folio-test-title")
	tm.waitFor("Reader")
	tm.keys("M-2", "i")
	first := tm.waitFor("Scan · line 1/38")
	// the terminal's answers to the graphics query are not on screen
	noAnswersShown(t, "the screen", first)
	if title := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_title}")); title != "folio-test-title" {
		t.Errorf("the graphics query changed the pane title to %q", title)
	}
	if !strings.Contains(first, "page image: halfblocks") {
		t.Errorf("tmux (without sixel) did not get half-blocks:\n%s", first)
	}
	tm.keys("/")
	tm.text(word)
	tm.keys("Enter")
	capText := fmt.Sprintf("Scan · line %d/38", wantLine)
	screen := tm.waitFor(capText)
	_, region := caption(t, screen)
	lb := lay.Lines[wantLine-1].Box
	if region.Min.Y > lb.Y0 || region.Max.Y < lb.Y1 || region.Max.X <= lb.X0 || region.Min.X >= lb.X1 {
		t.Errorf("the caption's region %v does not hold line %d's box %+v", region, wantLine, lb)
	}
	// the word found is in the region shown
	for _, w := range lay.Words {
		if w.Start <= at && at < w.End && (w.Box.X0 < region.Min.X || w.Box.X1 > region.Max.X) {
			t.Errorf("the word %+v is not inside the region %v", w.Box, region)
		}
	}
	// the band: the rows of half-blocks below the caption, once the
	// screen has settled (the caption follows the cursor at once; the
	// line's image arrives from a command, and under load a capture can
	// still show the line before)
	capture := tm.run("capture-pane", "-p", "-e", "-t", "t")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(400 * time.Millisecond)
		next := tm.run("capture-pane", "-p", "-e", "-t", "t")
		if next == capture {
			break
		}
		capture = next
	}
	rows := halfBlockRows(t, capture)
	capRow := -1
	for i, l := range strings.Split(capture, "\n") {
		if strings.Contains(l, capText) {
			capRow = i
		}
	}
	var band [][]cell
	for i := capRow + 1; i < len(rows) && len(rows[i]) > 0; i++ {
		band = append(band, rows[i])
	}
	if len(band) < 3 {
		t.Fatalf("%d rows of half-blocks below the caption:\n%s", len(band), screen)
	}
	cols := len(band[0])
	got := make([][]float64, 2*len(band))
	tinted := 0
	for j, r := range band {
		if len(r) != cols {
			t.Fatalf("band row %d has %d cells, row 0 %d", j, len(r), cols)
		}
		got[2*j], got[2*j+1] = make([]float64, cols), make([]float64, cols)
		for i, c := range r {
			if c.fg[0] < 0 || c.bg[0] < 0 {
				t.Fatalf("cell (%d,%d) has no 24-bit colours: %+v", i, j, c)
			}
			// red: the page is grey, and the tint (255,214,92) keeps red
			got[2*j][i], got[2*j+1][i] = float64(c.fg[0]), float64(c.bg[0])
			for _, px := range [][3]int{c.fg, c.bg} {
				if px[0]-px[2] > 100 { // the yellow of the word under the cursor
					tinted++
				}
			}
		}
	}
	want := regionRed(page, region, cols, 2*len(band))
	r := correlation(got, want)
	diff := 0.0
	for j := range got {
		for i := range got[j] {
			diff += math.Abs(got[j][i] - want[j][i])
		}
	}
	diff /= float64(len(got) * cols)
	t.Logf("band %d×%d cells of region %v: r = %.3f, mean |Δ| = %.1f, %d tinted pixels", cols, len(band), region, r, diff, tinted)
	if r < 0.9 || diff > 25 {
		t.Errorf("the half-blocks do not show the page's region %v: r = %.3f, mean |Δ| = %.1f", region, r, diff)
	}
	// the check tells regions apart: the part of the page one crop lower
	// does not match
	if rs := correlation(got, regionRed(page, region.Add(image.Pt(0, region.Dy())), cols, 2*len(band))); rs > r-0.3 {
		t.Errorf("the region below matches as well (r = %.3f): the comparison proves nothing", rs)
	}
	if tinted == 0 {
		t.Error("no pixel of the word under the cursor is tinted")
	}
}

// answerJunk is what a terminal's answers to folio's queries look like
// on a screen, echoed or typed: XTVERSION's, DA1's, the cell size's,
// kitty's, the background colour's.
var answerJunk = []string{">|", "tmux 3", "XTerm(", "1;2c", "?63;", "6;13;", "Gi=31", "^[", "rgb:"}

// noAnswersShown fails t if screen (where names it) shows any of the
// terminal's answers to folio's queries.
func noAnswersShown(t *testing.T, where, screen string) {
	t.Helper()
	for _, junk := range answerJunk {
		if strings.Contains(screen, junk) {
			t.Errorf("%s shows %q:\n%s", where, junk, screen)
		}
	}
}

// pageStore builds folio and imports modern_de.page.xml from
// ../shared/ocr-formats into a new store: it returns that folder, the
// binary, a new folder to run in and the store in it.
func pageStore(t *testing.T) (dir, bin, tmp, db string) {
	t.Helper()
	if testing.Short() {
		t.Skip("a real terminal: not with -short")
	}
	dir = shared.Dir(t, "ocr-formats")
	bin = buildFolio(t)
	tmp = t.TempDir()
	db = filepath.Join(tmp, "folio.db")
	mustFolio(t, "--db", db, "import", filepath.Join(dir, "modern_de.page.xml"))
	return dir, bin, tmp, db
}

// TestTerminalGraphicsAnswers: the terminal's answers to the graphics
// query, which come after the interface started (folio does not wait
// for them), are taken out of the keys: tmux's XTVERSION answer, "ESC P >|tmux 3.3a
// ESC \", would otherwise arrive as alt+P, >, |, t (a tag prompt), m,
// u, x… and keys typed next would go to that prompt. Nothing of the
// answers is echoed on the screen the shell gets back either.
func TestTerminalGraphicsAnswers(t *testing.T) {
	_, bin, tmp, db := pageStore(t)
	tm := startTerm(t, tmp, 120, 40, "sh -c 'sleep 1; exec env COLORTERM=truecolor "+bin+" --db "+db+"'")
	tm.run("select-pane", "-t", "t", "-T", "folio-test-title")
	tm.waitFor("Reader")
	time.Sleep(500 * time.Millisecond) // the answers have come by now
	screen := tm.screen()
	noAnswersShown(t, "the screen", screen)
	if strings.Contains(screen, "Tag “") {
		t.Fatalf("the answers were typed as keys (a prompt is open):\n%s", screen)
	}
	tm.keys("M-2", "i")
	tm.waitFor("page image: halfblocks")
	tm.waitFor("Scan · line 1/38")
	if title := strings.TrimSpace(tm.run("display-message", "-p", "-t", "t", "#{pane_title}")); title != "folio-test-title" {
		t.Errorf("the pane title changed to %q", title)
	}
	tm.keys("q")
	exit := tm.waitFor("FOLIO-EXIT=0")
	noAnswersShown(t, "the shell's screen after folio quit", exit)
}
