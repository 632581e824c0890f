package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestScreen(t *testing.T) {
	for _, c := range []struct {
		name  string
		in    []string // written in these pieces
		rows  []string // the first rows after
		reply string
	}{
		{"lines", []string{"ab\r\ncd"}, []string{"ab", "cd", ""}, ""},
		{"alt screen and home repaint", []string{"\x1b[?1049hone\r\ntwo\x1b[K\r\nthree", "\x1b[HONE\x1b[K\r\n\nTHREE\r"}, []string{"ONE", "two", "THREE"}, ""},
		{"cursor up repaint", []string{"a\r\nb\r\nc\r", "\x1b[2AA\r\nB\r\n"}, []string{"A", "B", "c"}, ""},
		{"colours dropped", []string{"\x1b[1;38;5;200m○ doc\x1b[0m x"}, []string{"○ doc x", "", ""}, ""},
		{"erase below", []string{"a\r\nb\r\nc\x1b[1;1H\x1b[J"}, []string{"a", "", ""}, ""},
		{"cut escape", []string{"x\x1b[", "31my"}, []string{"xy", "", ""}, ""},
		{"cut code point", []string{"\xe2\x97", "\x8b z"}, []string{"○ z", "", ""}, ""},
		{"cursor position query", []string{"\x1b[6n"}, []string{"", "", ""}, "\x1b[1;1R"},
		{"background query", []string{"\x1b]11;?\x07"}, []string{"", "", ""}, "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"image probe ends in device attributes", []string{"\x1b_Gi=31,a=q;AAAA\x1b\\\x1b[>0q\x1b[16t\x1b[c"}, []string{"", "", ""}, "\x1b[?62;22c"},
		{"osc with ST cut", []string{"\x1b]2;title\x1b", "\\t"}, []string{"t", "", ""}, ""},
		{"clamped at the bottom", []string{"a\nb\nc\nd\ne"}, []string{"a", "b", "e"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewScreen(3)
			var reply []byte
			for _, p := range c.in {
				reply = append(reply, s.Write([]byte(p))...)
			}
			if got := s.Rows(); strings.Join(got, "|") != strings.Join(c.rows, "|") {
				t.Errorf("rows %q, want %q", got, c.rows)
			}
			if string(reply) != c.reply {
				t.Errorf("reply %q, want %q", reply, c.reply)
			}
		})
	}
}

// FuzzScreen: any output keeps the screen's height and its rows valid
// UTF-8, and valid UTF-8 shows the same written whole or in two pieces.
func FuzzScreen(f *testing.F) {
	f.Add([]byte("\x1b[?1049h\x1b[Hab\x1b[K\r\ncd\x1b[2A\x1b]11;?\x07"), 3)
	f.Add([]byte("\x1b[999;999H\x1b[J\x1bP+q\x1b\\"), 1)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		whole := NewScreen(4)
		whole.Write(b)
		parts := NewScreen(4)
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		parts.Write(b[:cut])
		parts.Write(b[cut:])
		if len(whole.Rows()) != 4 {
			t.Fatalf("%d rows", len(whole.Rows()))
		}
		for _, r := range whole.Rows() {
			if !utf8.ValidString(r) {
				t.Fatalf("row %q is not UTF-8", r)
			}
		}
		if utf8.Valid(b) && whole.String() != parts.String() {
			t.Fatalf("whole %q, in two pieces %q", whole.String(), parts.String())
		}
	})
}

func TestStatusKB(t *testing.T) {
	status := []byte("Name:\tfolio\nVmRSS:\t  52340 kB\nRssAnon:\t   41000 kB\nThreads:\t7\n")
	for _, c := range []struct {
		field string
		want  int64
		err   bool
	}{{"RssAnon", 41000, false}, {"VmRSS", 52340, false}, {"Threads", 0, true}, {"RssFile", 0, true}} {
		got, err := StatusKB(status, c.field)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("%s: %d, %v; want %d, error %v", c.field, got, err, c.want, c.err)
		}
	}
}

func FuzzStatusKB(f *testing.F) {
	f.Add([]byte("RssAnon:\t 12 kB\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if v, err := StatusKB(b, "RssAnon"); err == nil && v < 0 {
			t.Fatalf("negative size %d", v)
		}
	})
}

func TestAnonBytesOfThisProcess(t *testing.T) {
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = 1
	}
	n, err := AnonBytes(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if n < 64<<20 {
		t.Errorf("anonymous memory %d B, less than the 64 MiB this test holds", n)
	}
	if buf[len(buf)-1] != 1 {
		t.Fatal("buffer lost")
	}
}

func TestMedian(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{{nil, 0}, {[]time.Duration{3 * ms}, 3 * ms}, {[]time.Duration{9 * ms, 1 * ms, 5 * ms}, 5 * ms}, {[]time.Duration{4 * ms, 1 * ms, 2 * ms, 3 * ms}, 2500 * time.Microsecond}} {
		if got := Median(c.in); got != c.want {
			t.Errorf("Median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseSizes(t *testing.T) {
	if got, err := parseSizes(""); err != nil || len(got) != 1 || got[0] != 10000 {
		t.Errorf(`parseSizes("") = %v, %v`, got, err)
	}
	if got, err := parseSizes("10000, 1000000"); err != nil || len(got) != 2 || got[1] != 1000000 {
		t.Errorf("parseSizes = %v, %v", got, err)
	}
	for _, bad := range []string{"10k", "0", "1,,2", "-5"} {
		if _, err := parseSizes(bad); err == nil {
			t.Errorf("parseSizes(%q) accepted", bad)
		}
	}
	if got := groupDigits(1000000); got != "1 000 000" {
		t.Errorf("groupDigits = %q", got)
	}
}

// needSQLite returns the sqlite3 command; CI installs it.
func needSQLite(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("sqlite3")
	if err != nil {
		if os.Getenv("FOLIO_CI") != "" {
			t.Fatal("sqlite3 is not installed")
		}
		t.Skip("sqlite3 is not installed")
	}
	return p
}

// TestSQLite loads a corpus with quotes and umlauts and asks the
// benchmark's questions.
func TestSQLite(t *testing.T) {
	sqlite3 := needSQLite(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "c.jsonl")
	jsonl := `{"id":"a","text":"Der Jangtse fließt."}
{"id":"b'x","text":"Köln am Rhein, O'Brien sagt \"ja\"."}
{"id":"c","text":"Am JANGTSE wieder."}
`
	if err := os.WriteFile(corpus, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	if err := BuildSQLite(sqlite3, db, corpus); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, want string }{
		{"SELECT count(*) FROM docs;", "3"},
		{"SELECT count(*) FROM fts WHERE fts MATCH 'jangtse';", "2"},
		{"SELECT id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH 'koln';", "b'x"},
		{"SELECT text FROM docs WHERE id = 'b''x';", `Köln am Rhein, O'Brien sagt "ja".`},
	} {
		out, _, err := QuerySQLite(sqlite3, db, c.sql+"\n")
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(out); got != c.want {
			t.Errorf("%s: %q, want %q", c.sql, got, c.want)
		}
	}
	if err := os.WriteFile(corpus, []byte("{not json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := BuildSQLite(sqlite3, db, corpus); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a bad corpus: %v", err)
	}
}

// TestSessionFolio runs the built folio in the pseudo-terminal on a small
// store: the list is found drawn, a typed filter echoes, and the filter's
// count shows; the process ends on Close.
func TestSessionFolio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the folio binary (run without -short)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "folio")
	if out, err := exec.Command("go", "build", "-o", bin, "folio/cmd/folio").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpus := filepath.Join(dir, "c.jsonl")
	var jsonl bytes.Buffer
	for i, text := range []string{"Am Jangtse liegt Chongqing.", "Köln am Rhein.", "Jangtse und Jialing."} {
		jsonl.WriteString(`{"id":"d` + string(rune('0'+i)) + `","text":"` + text + `"}` + "\n")
	}
	if err := os.WriteFile(corpus, jsonl.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "f.db")
	if out, err := folio(bin, "--db", db, "import", corpus); err != nil {
		t.Fatalf("import: %v: %s", err, out)
	}
	s, err := StartSession(120, 30, []string{"TERM=xterm-256color", "XDG_CACHE_HOME=" + filepath.Join(dir, "cache")}, bin, "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	drawn, err := s.Wait(30*time.Second, func(sc *Screen) bool { return sc.hasPrefixRow(rowGlyph...) })
	if err != nil {
		t.Fatal(err)
	}
	if !drawn.After(s.Start) {
		t.Errorf("drawn at %v, before the start %v", drawn, s.Start)
	}
	if n, err := AnonBytes(s.Pid()); err != nil || n <= 0 {
		t.Errorf("anonymous memory of folio: %d, %v", n, err)
	}
	// the rest of the frame (a frame may come in more than one read)
	if _, err := s.Wait(10*time.Second, func(sc *Screen) bool { return sc.Contains("1/3") }); err != nil {
		t.Errorf("the status line does not show 1/3: %v", err)
	}
	if _, err := s.Send("/Jangtse"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Wait(30*time.Second, func(sc *Screen) bool {
		return sc.Contains("/Jangtse") && !sc.Contains("searching") && sc.Contains("1/2 ")
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Wait(5*time.Second, func(*Screen) bool { return false }); err == nil || strings.Contains(err.Error(), "timed out") {
		t.Errorf("after Close the session still runs: %v", err)
	}
}

func TestEchoList(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var out []time.Duration
		for _, v := range n {
			out = append(out, time.Duration(v)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		echo []time.Duration
		per  int
		want string
	}{
		{nil, 3, ""},
		{ms(5), 3, "[5]"},
		{ms(5, 6, 7, 8, 9), 3, "[5 6 7] [8 9]"},
		{ms(1, 2, 3, 4, 5, 6), 3, "[1 2 3] [4 5 6]"},
	}
	for _, tt := range tests {
		if got := echoList(tt.echo, tt.per); got != tt.want {
			t.Errorf("echoList(%v, %d) = %q, want %q", tt.echo, tt.per, got, tt.want)
		}
	}
}
