package main

import (
	"bufio"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"folio/internal/termimg"
	"folio/internal/xwd"
)

// The sixel test runs folio in a real terminal emulator: xterm as a
// VT340 (which draws sixel graphics) on a virtual X server (Xvfb). Keys
// are typed with xdotool, the screen's text is read with xterm's own
// print-immediate (bound to F12 here, so folio never sees it) and its
// pixels with xwd. Without these tools the test is skipped, except under
// CI (FOLIO_CI=1), whose script installs them.

// xtermSession is one Xvfb with one xterm running folio.
type xtermSession struct {
	t       *testing.T
	display string
	dumps   string // prefix of xterm's screen dumps
	window  string // the xterm's window id
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("FOLIO_CI") != "" {
				t.Fatalf("%s is not installed", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// startXterm starts Xvfb and an xterm of cols×rows cells running
// command, with TERM=xterm-256color and 256 sixel colour registers.
func startXterm(t *testing.T, dir string, cols, rows int, command string) *xtermSession {
	t.Helper()
	needTools(t, "Xvfb", "xterm", "xdotool", "xwd")
	// Xvfb picks a free display and writes its number to fd 3
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	xvfb := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
	xvfb.ExtraFiles = []*os.File{w}
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	t.Cleanup(func() { xvfb.Process.Kill(); xvfb.Wait() })
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		num <- strings.TrimSpace(line)
	}()
	var display string
	select {
	case n := <-num:
		display = ":" + n
	case <-time.After(15 * time.Second):
		t.Fatal("Xvfb did not start")
	}
	if display == ":" {
		t.Fatal("Xvfb did not say its display")
	}
	xs := &xtermSession{t: t, display: display, dumps: filepath.Join(dir, "screen-")}
	xterm := exec.Command("xterm", "-geometry", fmt.Sprintf("%dx%d+0+0", cols, rows), "-b", "0",
		"-u8", "-ti", "vt340", "-tn", "xterm-256color",
		"-xrm", "XTerm*numColorRegisters: 256",
		"-xrm", "XTerm*printFileImmediate: "+xs.dumps,
		"-xrm", "XTerm*printModeImmediate: 0",
		"-xrm", "XTerm*VT100.translations: #override <Key>F12: print-immediate()",
		"-e", "sh", "-c", command+"; sleep 60")
	xterm.Dir = dir
	// CI may run with no locale at all; xterm then reads and writes Latin-1
	// and the screen dump is mojibake, so the terminal is told UTF-8. CI
	// is set as every CI service sets it (see startTermAs).
	xterm.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CACHE_HOME="+filepath.Join(dir, ".cache"),
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "CI=true")
	if err := xterm.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { xterm.Process.Kill(); xterm.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		out, err := xs.cmd("xdotool", "search", "--sync", "--onlyvisible", "--class", "xterm")
		if err == nil && strings.TrimSpace(out) != "" {
			xs.window = strings.Fields(out)[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no xterm window: %v %s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// without a window manager the keyboard follows the pointer
	xs.must("xdotool", "mousemove", "--sync", "20", "20")
	return xs
}

func (xs *xtermSession) cmd(name string, args ...string) (string, error) {
	c := exec.Command(name, args...)
	c.Env = append(os.Environ(), "DISPLAY="+xs.display)
	out, err := c.CombinedOutput()
	return string(out), err
}

func (xs *xtermSession) must(name string, args ...string) string {
	xs.t.Helper()
	out, err := xs.cmd(name, args...)
	if err != nil {
		xs.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// keys presses X key names (Return, i, slash) one at a time.
func (xs *xtermSession) keys(keys ...string) {
	xs.t.Helper()
	for _, k := range keys {
		xs.must("xdotool", "key", k)
		time.Sleep(80 * time.Millisecond)
	}
}

// text types literal text.
func (xs *xtermSession) text(s string) {
	xs.t.Helper()
	xs.must("xdotool", "type", "--delay", "40", s)
}

// screen is the terminal's text now (xterm's print-immediate).
func (xs *xtermSession) screen() string {
	xs.t.Helper()
	before, _ := filepath.Glob(xs.dumps + "*")
	xs.keys("F12")
	deadline := time.Now().Add(5 * time.Second)
	for {
		after, _ := filepath.Glob(xs.dumps + "*")
		if len(after) > len(before) {
			sort.Strings(after)
			b, err := os.ReadFile(after[len(after)-1])
			if err != nil {
				xs.t.Fatal(err)
			}
			for _, f := range after {
				os.Remove(f)
			}
			return string(b)
		}
		if time.Now().After(deadline) {
			xs.t.Fatal("xterm wrote no screen dump")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitFor polls the screen until it shows want.
func (xs *xtermSession) waitFor(want string) string {
	xs.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := xs.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			xs.t.Fatalf("the screen never showed %q; it shows:\n%s", want, s)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// shot is a screenshot of the xterm window.
func (xs *xtermSession) shot() image.Image {
	xs.t.Helper()
	f := filepath.Join(xs.t.TempDir(), "shot.xwd")
	xs.must("xwd", "-silent", "-nobdrs", "-id", xs.window, "-out", f)
	r, err := os.Open(f)
	if err != nil {
		xs.t.Fatal(err)
	}
	defer r.Close()
	img, err := xwd.Decode(r)
	if err != nil {
		xs.t.Fatal(err)
	}
	return img
}

// cellRed is the mean red of each cell of a screenshot, over cols×rows
// cells from cell (c0, r0), cells being cw×ch pixels.
func cellRed(img image.Image, c0, r0, cols, rows, cw, ch int) [][]float64 {
	out := make([][]float64, rows)
	for j := range out {
		out[j] = make([]float64, cols)
		for i := range out[j] {
			sum := 0.0
			for y := (r0 + j) * ch; y < (r0+j+1)*ch; y++ {
				for x := (c0 + i) * cw; x < (c0+i+1)*cw; x++ {
					r, _, _, _ := img.At(x, y).RGBA()
					sum += float64(r >> 8)
				}
			}
			out[j][i] = sum / float64(cw*ch)
		}
	}
	return out
}

// TestTerminalScanSixel: in xterm as a VT340, folio finds sixel by asking
// (DA1), not by $TERM, and draws the page image of the line of a word
// searched for in sixel graphics: the pixels of the band under the
// caption show the region of modern_de.png that the caption names.
// FOLIO_SCREENSHOT=FILE.png saves the screen (the README's picture).
func TestTerminalScanSixel(t *testing.T) {
	dir, bin, tmp, db := pageStore(t)
	const word = "Entscheidung"
	lay, wantLine, _ := wordLine(t, db, "modern_de.page", word)
	page, err := termimg.Load(filepath.Join(dir, "modern_de.png"))
	if err != nil {
		t.Fatal(err)
	}
	const cols, rows = 160, 45
	xs := startXterm(t, tmp, cols, rows, bin+" --db "+db)
	xs.waitFor("Documents")
	xs.keys("Return", "i")
	xs.waitFor("page image: sixel")
	xs.keys("slash")
	xs.text(word)
	xs.keys("Return")
	screen := xs.waitFor(fmt.Sprintf("Scan · line %d/38", wantLine))
	_, region := caption(t, screen)
	lb := lay.Lines[wantLine-1].Box
	if region.Min.Y > lb.Y0 || region.Max.Y < lb.Y1 {
		t.Errorf("the caption's region %v does not hold line %d's box %+v", region, wantLine, lb)
	}
	// where the band is: below the caption, above the reader's title
	lines := strings.Split(screen, "\n")
	capRow, capCol, titleRow := -1, -1, -1
	for i, l := range lines {
		if k := strings.Index(l, "Scan · line"); k >= 0 {
			capRow, capCol = i, len([]rune(l[:k]))
		}
		if capRow >= 0 && i > capRow && titleRow < 0 && strings.HasPrefix(string([]rune(l)[min(capCol, len([]rune(l))):]), "Reader") {
			titleRow = i
		}
	}
	if capRow < 0 || titleRow <= capRow+1 {
		t.Fatalf("no band between the caption (row %d) and the reader (row %d):\n%s", capRow, titleRow, screen)
	}
	bandCols := len([]rune(strings.Split(lines[capRow][strings.Index(lines[capRow], "Scan"):], "│")[0]))
	bandRows := titleRow - capRow - 1
	img := xs.shot()
	if img.Bounds().Dx()%cols != 0 || img.Bounds().Dy()%rows != 0 {
		t.Fatalf("a window of %v is no whole number of %d×%d cells", img.Bounds(), cols, rows)
	}
	cw, ch := img.Bounds().Dx()/cols, img.Bounds().Dy()/rows
	got := cellRed(img, capCol, capRow+1, bandCols, bandRows, cw, ch)
	// the caption follows the cursor at once; the line's image arrives
	// from a command: measure once the band stays the same
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		time.Sleep(400 * time.Millisecond)
		next := cellRed(xs.shot(), capCol, capRow+1, bandCols, bandRows, cw, ch)
		if reflect.DeepEqual(next, got) {
			break
		}
		got = next
	}
	want := regionRed(page, region, bandCols, bandRows)
	r := correlation(got, want)
	diff := 0.0
	for j := range got {
		for i := range got[j] {
			diff += abs(got[j][i] - want[j][i])
		}
	}
	diff /= float64(bandCols * bandRows)
	t.Logf("cells of %d×%d px; band %d×%d cells at (%d,%d) of region %v: r = %.3f, mean |Δ| = %.1f",
		cw, ch, bandCols, bandRows, capCol, capRow+1, region, r, diff)
	if r < 0.9 || diff > 30 {
		t.Errorf("the sixel band does not show the page's region %v: r = %.3f, mean |Δ| = %.1f", region, r, diff)
	}
	if rs := correlation(got, regionRed(page, region.Add(image.Pt(0, region.Dy())), bandCols, bandRows)); rs > r-0.3 {
		t.Errorf("the region below matches as well (r = %.3f): the comparison proves nothing", rs)
	}
	if out := os.Getenv("FOLIO_SCREENSHOT"); out != "" {
		xs.waitFor("→") // the suggestions, for the picture
		img = xs.shot()
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestTerminalSixelAnswers: xterm's answers, which come after the
// interface started (folio does not wait for them), give the page in
// sixel, and none of them is typed or echoed, in folio or after it quit.
func TestTerminalSixelAnswers(t *testing.T) {
	_, bin, tmp, db := pageStore(t)
	xs := startXterm(t, tmp, 120, 40, bin+" --db "+db+"; echo FOLIO-EXIT=$?")
	xs.waitFor("Documents")
	xs.keys("Return", "i")
	xs.waitFor("page image: sixel")
	screen := xs.waitFor("Scan · line 1/38")
	noAnswersShown(t, "the screen", screen)
	xs.keys("q")
	exit := xs.waitFor("FOLIO-EXIT=0")
	noAnswersShown(t, "the shell's screen after folio quit", exit)
}
