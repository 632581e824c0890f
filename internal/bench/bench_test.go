package bench

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"folio/internal/corpusgen"
)

// BenchmarkUserWaits measures what a user of the built folio binary waits
// for, beside SQLite on the same data and questions. For each corpus size
// it makes a corpus of 3 KB documents, imports it with `folio import`,
// loads it into SQLite with an FTS5 index, launches the TUI once until its
// background count of the imported documents' suggestions has ended (what
// a user's first launch after an import does, the filing of the word
// counts and twins the import left first; kept with the store), takes the
// store's size, and then:
//
//   - launches the TUI in a 200×60 pseudo-terminal, three times, and
//     times the start of the process to the first screen with a list row;
//   - presses / and types the word, timing each key to its echo;
//   - times the last key to the screen showing the filter's final count
//     (the count `folio stats --where WORD` gives) with no text search
//     running;
//   - samples the anonymous resident memory (RssAnon) of the process tree
//     every 10 ms: at the list drawn and its peak until the filter is done;
//   - times `folio stats` and `folio suggest --where 'id:doc000*'` (the
//     same 10 000 documents at every size);
//   - times SQLite's first page, FTS5 MATCH (count and first page) and
//     count(*): the sqlite3 process a user would run, and the statements
//     alone (that process less one that runs "SELECT 1"; a ratio counts
//     statements under 0.1 ms as 0.1 ms).
//
// Sizes come from FOLIO_BENCH_SIZES (default "10000"; for example
// "10000,100000,1000000"); corpora, stores and SQLite files are kept in
// FOLIO_BENCH_DIR (default: folio-bench in the temporary folder) and
// reused while the folio binary is the same (any binary's with
// FOLIO_BENCH_REUSE=1, when the store's format did not change);
// FOLIO_BENCH_NO_SUGGEST=1 leaves out `folio suggest`;
// FOLIO_BENCH_BIN=path times that folio binary instead of building one
// (an A/B of two builds, alternating on one store: use it with
// FOLIO_BENCH_REUSE=1). Run it
// with
//
//	FOLIO_BENCH_SIZES=10000,100000 go test ./internal/bench -run '^$' -bench UserWaits -benchtime 1x -timeout 0 -v
//
// (-v shows the whole table; it is also appended to report.txt in
// FOLIO_BENCH_DIR.)
// It fails (never skips) without the sqlite3 command.
func BenchmarkUserWaits(b *testing.B) {
	sizes, err := parseSizes(os.Getenv("FOLIO_BENCH_SIZES"))
	if err != nil {
		b.Fatal(err)
	}
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Fatal("the sqlite3 command is needed (apt-get install sqlite3; .ci/run installs it)")
	}
	dir := benchDir(b, "")
	bin, binHash := benchBinary(b, dir)
	var suggestBase time.Duration
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				r := measure(b, filepath.Join(dir, strconv.Itoa(n)), n, bin, binHash, sqlite3)
				if suggestBase == 0 {
					suggestBase = r.suggest
				}
				r.report(b, suggestBase)
			}
		})
	}
}

// benchWord is the free word typed as a filter: a place name the seeds
// hold in about one document in six.
const benchWord = "Jangtse"

// suggestWhere selects the same 10 000 documents at every size.
const suggestWhere = "id:doc000*"

// launches is how many times the TUI is launched per size.
const launches = 3

func parseSizes(s string) ([]int, error) {
	if s == "" {
		return []int{10000}, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("FOLIO_BENCH_SIZES: %q is not a number of documents", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchDir returns FOLIO_BENCH_DIR (default: folio-bench in the
// temporary folder) joined with sub, made if missing.
func benchDir(b *testing.B, sub string) string {
	b.Helper()
	dir := os.Getenv("FOLIO_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "folio-bench")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchBinary returns the folio binary to time and its hash: the one
// FOLIO_BENCH_BIN names, or one built into dir.
func benchBinary(b *testing.B, dir string) (bin, hash string) {
	b.Helper()
	bin = os.Getenv("FOLIO_BENCH_BIN")
	if bin == "" {
		return buildFolio(b, dir)
	}
	bin, err := filepath.Abs(bin)
	if err == nil {
		hash, err = fileHash(bin)
	}
	if err != nil {
		b.Fatal(err)
	}
	return bin, hash
}

func buildFolio(b *testing.B, dir string) (bin, hash string) {
	b.Helper()
	bin = filepath.Join(dir, "folio")
	if out, err := exec.Command("go", "build", "-o", bin, "folio/cmd/folio").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	hash, err := fileHash(bin)
	if err != nil {
		b.Fatal(err)
	}
	return bin, hash
}

// fileHash is the SHA-256 of the file at path, in hexadecimal.
func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// result is what one size measured.
type result struct {
	n                      int
	dir                    string
	importRate             float64 // MB/s, 0 when the store was reused
	storeRatio             float64
	launch                 []time.Duration
	anonDraw, anonPeak     int64
	echo                   []time.Duration
	filter                 []time.Duration
	matches                int
	stats, statsWhere      time.Duration
	suggest                time.Duration
	settle                 time.Duration // the first launch's count of suggestions, 0 when reused
	sqlPage, sqlFTS, sqlCt sqlFigure
}

// sqlFigure is SQLite's time for one question: the sqlite3 process, and
// the statements alone (the process less one that runs "SELECT 1"),
// medians.
type sqlFigure struct{ wall, stmt time.Duration }

// cached runs make unless dir/name.ok holds key, and then writes key there.
func cached(b *testing.B, dir, name, key string, make func() error) bool {
	b.Helper()
	ok := filepath.Join(dir, name+".ok")
	if v, err := os.ReadFile(ok); err == nil && (string(v) == key || key == "") {
		return false
	}
	os.Remove(ok)
	if err := make(); err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	if err := os.WriteFile(ok, []byte(key), 0o644); err != nil {
		b.Fatal(err)
	}
	return true
}

func measure(b *testing.B, dir string, n int, bin, binHash, sqlite3 string) result {
	b.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	r := result{n: n, dir: dir}
	corpus := filepath.Join(dir, "corpus.jsonl")
	db := filepath.Join(dir, "folio.db")
	sdb := filepath.Join(dir, "sqlite.db")
	corpusKey := fmt.Sprintf("corpusgen seed 1, %d documents of 3000 bytes", n)
	cached(b, dir, "corpus", corpusKey, func() error {
		f, err := os.Create(corpus)
		if err != nil {
			return err
		}
		g, err := corpusgen.New(1)
		if err != nil {
			return err
		}
		if err := g.WriteJSONL(f, n, 3000); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
	fi, err := os.Stat(corpus)
	if err != nil {
		b.Fatal(err)
	}
	folioKey := corpusKey + "; folio " + binHash
	if os.Getenv("FOLIO_BENCH_REUSE") != "" {
		folioKey = "" // any store made before: the format did not change
	}
	cached(b, dir, "folio", folioKey, func() error {
		os.Remove(db)
		t := time.Now()
		out, err := folio(bin, "--db", db, "import", corpus)
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		r.importRate = float64(fi.Size()) / 1e6 / time.Since(t).Seconds()
		return nil
	})
	cached(b, dir, "sqlite", corpusKey, func() error { return BuildSQLite(sqlite3, sdb, corpus) })
	// the launches measured are those after the first: the import marked
	// every document for a count of its suggestions, which the first
	// launch makes in the background; a launch after it has nothing to do
	cached(b, dir, "counted", folioKey, func() error {
		t := time.Now()
		err := settle(bin, db, filepath.Join(dir, "cache-settle"), n)
		r.settle = time.Since(t) - 3*time.Second // less settle's last look
		return err
	})
	// the store's size once the first launch filed what the import left
	// (its word counts and twins) and counted the suggestions
	if si, err := os.Stat(db); err == nil {
		r.storeRatio = float64(si.Size()) / float64(fi.Size())
	}

	// the answer to the filter, from folio itself
	t := time.Now()
	out, err := folio(bin, "--db", db, "stats", "--json", "--where", benchWord)
	r.statsWhere = time.Since(t)
	if err != nil {
		b.Fatalf("folio stats --where: %v: %s", err, out)
	}
	var st struct{ Documents int }
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		b.Fatalf("folio stats --json: %v: %s", err, out)
	}
	r.matches = st.Documents

	var statsRuns []time.Duration
	for range 3 {
		t := time.Now()
		if out, err := folio(bin, "--db", db, "stats"); err != nil {
			b.Fatalf("folio stats: %v: %s", err, out)
		}
		statsRuns = append(statsRuns, time.Since(t))
	}
	r.stats = Median(statsRuns)

	r.sqlPage = sqlite(b, sqlite3, sdb, "SELECT id, replace(substr(text, 1, 80), char(10), ' ') FROM docs ORDER BY rowid LIMIT 58;\n", min(n, 58))
	r.sqlFTS = sqlite(b, sqlite3, sdb, fmt.Sprintf("SELECT count(*) FROM fts WHERE fts MATCH %[1]s;\n"+
		"SELECT d.id, replace(substr(d.text, 1, 80), char(10), ' ') FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH %[1]s ORDER BY fts.rowid LIMIT 58;\n",
		SQLString(benchWord)), 1+min(r.matches, 58))
	r.sqlCt = sqlite(b, sqlite3, sdb, "SELECT count(*) FROM docs;\n", 1)

	for i := range launches {
		tuiRun(b, &r, bin, db, filepath.Join(dir, fmt.Sprintf("cache%d", i)))
	}

	if os.Getenv("FOLIO_BENCH_NO_SUGGEST") != "" {
		return r // the TUI's figures alone, in an A/B of many runs
	}
	t = time.Now()
	if out, err := folio(bin, "--db", db, "suggest", "--where", suggestWhere); err != nil {
		b.Fatalf("folio suggest: %v: %s", err, lastLines(out, 5))
	}
	r.suggest = time.Since(t)
	return r
}

// folio runs the binary and returns its output.
func folio(bin string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if strings.Contains(strings.Join(args, " "), "suggest") {
		cmd.Stdout = io.Discard
	}
	err := cmd.Run()
	return out.String(), err
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}

// sqlite runs the statements in a sqlite3 process, and "SELECT 1;" in
// another, seven times each, and returns the median of the first and the
// difference of the medians: the statements' own time (the process's
// start and the opening of the file left out). want is the number of
// lines the statements print.
func sqlite(b *testing.B, sqlite3, db, sql string, want int) sqlFigure {
	b.Helper()
	var walls, bases []time.Duration
	for range 7 {
		out, wall, err := QuerySQLite(sqlite3, db, sql)
		if err != nil {
			b.Fatal(err)
		}
		if got := strings.Count(out, "\n"); got != want {
			b.Fatalf("sqlite3 printed %d lines, not %d:\n%s", got, want, out)
		}
		_, base, err := QuerySQLite(sqlite3, db, "SELECT 1;\n")
		if err != nil {
			b.Fatal(err)
		}
		walls, bases = append(walls, wall), append(bases, base)
	}
	return sqlFigure{Median(walls), max(Median(walls)-Median(bases), 0)}
}

// counting is the status line's note while the TUI counts suggestions.
const counting = "counting suggestions"

// settle launches the TUI once on the store db and waits until its
// background count of suggestions has ended and has not started again
// for three seconds: what a user's first launch after an import does.
func settle(bin, db, cache string, n int) error {
	s, err := startTUI(bin, db, cache)
	if err != nil {
		return err
	}
	defer s.Close()
	timeout := 5*time.Minute + time.Duration(n)*20*time.Millisecond
	if _, err := listDrawn(s); err != nil {
		return fmt.Errorf("launch: %w", err)
	}
	deadline := time.Now().Add(timeout)
	for {
		if _, err := s.Wait(time.Until(deadline), func(sc *Screen) bool { return !sc.Contains(counting) }); err != nil {
			return fmt.Errorf("the count of suggestions: %w", err)
		}
		time.Sleep(3 * time.Second)
		if !strings.Contains(s.ScreenText(), counting) {
			return nil
		}
	}
}

// rowGlyph starts a row of the document list.
var rowGlyph = []string{"○ ", "✓ ", "✗ "}

// startTUI launches the TUI on db in a 200×60 terminal, with cache as its
// cache folder, emptied first: no place to resume, the list opens at the
// top.
func startTUI(bin, db, cache string) (*Session, error) {
	os.RemoveAll(cache)
	return StartSession(200, 60, []string{"TERM=xterm-256color", "XDG_CACHE_HOME=" + cache}, bin, "--db", db)
}

// listDrawn waits for the screen to show a row of the document list and
// returns when it did.
func listDrawn(s *Session) (time.Time, error) {
	return s.Wait(2*time.Minute, func(sc *Screen) bool { return sc.hasPrefixRow(rowGlyph...) })
}

// tuiRun launches the TUI once and times it.
func tuiRun(b *testing.B, r *result, bin, db, cache string) {
	b.Helper()
	s, err := startTUI(bin, db, cache)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	mem := WatchMem(s.Pid(), 10*time.Millisecond)
	defer mem.Stop()
	drawn, err := listDrawn(s)
	if err != nil {
		b.Fatalf("launch: %v", err)
	}
	r.launch = append(r.launch, drawn.Sub(s.Start))
	r.anonDraw = max(r.anonDraw, mem.Sample(s.Pid()))

	time.Sleep(300 * time.Millisecond) // a user looks before typing
	sent, err := s.Send("/")
	if err != nil {
		b.Fatal(err)
	}
	at, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.Contains(" FILTER ") })
	if err != nil {
		b.Fatalf("/: %v", err)
	}
	r.echo = append(r.echo, at.Sub(sent))
	var last time.Time
	for i, c := range benchWord {
		time.Sleep(120 * time.Millisecond) // typing at about 8 keys a second
		if sent, err = s.Send(string(c)); err != nil {
			b.Fatal(err)
		}
		typed := "/" + benchWord[:i+len(string(c))]
		at, err := s.Wait(time.Minute, func(sc *Screen) bool { return sc.Contains(typed) })
		if err != nil {
			b.Fatalf("typing %q: %v", typed, err)
		}
		r.echo = append(r.echo, at.Sub(sent))
		last = sent
	}
	want := regexp.MustCompile(`\d/` + regexp.QuoteMeta(groupDigits(r.matches)) + `(\s|$)`)
	done, err := s.Wait(5*time.Minute, func(sc *Screen) bool {
		return !sc.Contains("searching") && want.MatchString(sc.String())
	})
	if err != nil {
		b.Fatalf("filter %q never showed %d documents: %v", benchWord, r.matches, err)
	}
	r.filter = append(r.filter, done.Sub(last))
	time.Sleep(200 * time.Millisecond)
	r.anonPeak = max(r.anonPeak, mem.Peak())
}

// echoList writes the echoes in milliseconds, a launch's keys (per of
// them) between brackets.
func echoList(echo []time.Duration, per int) string {
	var w strings.Builder
	for i, d := range echo {
		switch {
		case i%per == 0 && i > 0:
			w.WriteString("] [")
		case i%per == 0:
			w.WriteString("[")
		default:
			w.WriteString(" ")
		}
		fmt.Fprintf(&w, "%.0f", ms(d))
	}
	if len(echo) > 0 {
		w.WriteString("]")
	}
	return w.String()
}

// groupDigits writes n as folio's status line does: 1 000 000.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func maxOf(ds []time.Duration) time.Duration {
	var m time.Duration
	for _, d := range ds {
		m = max(m, d)
	}
	return m
}

// report writes r as benchmark metrics and a table; base is the suggest
// time at the first size run.
func (r result) report(b *testing.B, base time.Duration) {
	b.ReportMetric(0, "ns/op") // the figures below are what counts
	b.ReportMetric(ms(Median(r.launch)), "launch-ms")
	b.ReportMetric(float64(r.anonDraw)/(1<<20), "anon-draw-MB")
	b.ReportMetric(float64(r.anonPeak)/(1<<20), "anon-peak-MB")
	b.ReportMetric(ms(Median(r.echo)), "echo-med-ms")
	b.ReportMetric(ms(maxOf(r.echo)), "echo-max-ms")
	b.ReportMetric(ms(Median(r.filter)), "filter-ms")
	b.ReportMetric(ms(r.stats), "stats-ms")
	b.ReportMetric(ms(r.suggest), "suggest10k-ms")
	load, _ := os.ReadFile("/proc/loadavg")
	var w strings.Builder
	fmt.Fprintf(&w, "\n%d documents (%d match %q), %d CPUs, load %s", r.n, r.matches, benchWord, runtime.NumCPU(), strings.Join(strings.Fields(string(load))[:3], " "))
	if r.importRate > 0 {
		fmt.Fprintf(&w, "\n  folio import: %.1f MB/s, store %.2f× the JSONL", r.importRate, r.storeRatio)
	} else {
		fmt.Fprintf(&w, "\n  store reused (%.2f× the JSONL)", r.storeRatio)
	}
	if r.settle > 0 {
		fmt.Fprintf(&w, "\n  first launch's count of every document's suggestions: %.1f s", r.settle.Seconds())
	}
	row := func(what string, f time.Duration, s sqlFigure, sqlWhat string) {
		fmt.Fprintf(&w, "\n  %-34s %9.1f ms | SQLite %-26s %7.1f ms process, %7.2f ms statements | folio/SQLite %6.1f× process, %7.1f× statements",
			what, ms(f), sqlWhat, ms(s.wall), ms(s.stmt), ms(f)/ms(s.wall), ms(f)/max(ms(s.stmt), 0.1))
	}
	row("TUI launch → list drawn (median)", Median(r.launch), r.sqlPage, "first page")
	row("filter → result (median)", Median(r.filter), r.sqlFTS, "FTS5 MATCH count+page")
	row("folio stats", r.stats, r.sqlCt, "count(*)")
	fmt.Fprintf(&w, "\n  launches %v; filters %v", r.launch, r.filter)
	fmt.Fprintf(&w, "\n  key echo: median %.1f ms, max %.1f ms over %d keys", ms(Median(r.echo)), ms(maxOf(r.echo)), len(r.echo))
	fmt.Fprintf(&w, "\n  key echoes in the order typed (ms): %s", echoList(r.echo, len(benchWord)+1))
	fmt.Fprintf(&w, "\n  anonymous memory: %.0f MB at draw, %.0f MB peak to the filter's end", float64(r.anonDraw)/(1<<20), float64(r.anonPeak)/(1<<20))
	fmt.Fprintf(&w, "\n  folio stats --where %s: %.1f ms", benchWord, ms(r.statsWhere))
	if r.suggest > 0 {
		fmt.Fprintf(&w, "\n  folio suggest --where %s (the first 10 000 documents, or all): %.2f s (%.2f× the first size's)", suggestWhere, r.suggest.Seconds(), r.suggest.Seconds()/base.Seconds())
	}
	b.Log(w.String())
	// the whole table also goes to report.txt beside the corpora (go test
	// shortens a benchmark's log without -v)
	if f, err := os.OpenFile(filepath.Join(r.dir, "..", "report.txt"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintf(f, "%s %s\n", time.Now().Format(time.RFC3339), w.String())
		f.Close()
	}
}
