package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"folio/suggest"
	"folio/tui/docview"
	"folio/tui/list"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/config"
)

// Benchmarks at 200×60 with 100 000 generated documents (DESIGN "Speed"):
//
//	go test ./tui/ -run '^$' -bench . -benchmem

const benchDocs = 100_000

func benchApp(b *testing.B, st *memStore) *App {
	b.Helper()
	a := New(st, Options{Config: config.Default()})
	drive(b, a, a.Init())
	send(b, a, tea.WindowSizeMsg{Width: 200, Height: 60})
	return a
}

func bigStore() *memStore {
	st := newMemStore()
	st.genDocs(benchDocs)
	return st
}

// BenchmarkFirstFrame is New, Init and the first View: the list is
// loading in a command and the frame says so.
func BenchmarkFirstFrame(b *testing.B) {
	st := bigStore()
	for b.Loop() {
		a := New(st, Options{Config: config.Default()})
		_ = a.Init()
		a.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
		if !strings.Contains(a.View(), "loading") {
			b.Fatal("no loading frame")
		}
	}
}

// BenchmarkListLoad is the work of the list's load command and its
// installation (what follows the first frame).
func BenchmarkListLoad(b *testing.B) {
	st := bigStore()
	a := New(st, Options{Config: config.Default()})
	a.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	for b.Loop() {
		for _, msg := range listMsgs(a.list.Load()) {
			_, cmd := a.Update(msg)
			for _, m := range listMsgs(cmd) {
				a.Update(m)
			}
		}
		_ = a.View()
	}
}

// BenchmarkListKey is one j (or k) in the list: Update and View.
func BenchmarkListKey(b *testing.B) {
	a := benchApp(b, bigStore())
	j, k := keyMsg("j"), keyMsg("k")
	i := 0
	for b.Loop() {
		m := j
		if i%2000 >= 1000 {
			m = k
		}
		a.Update(m)
		_ = a.View()
		i++
	}
}

// BenchmarkFilterKey is one key typed into the list filter over all
// documents: a plain word (fuzzy) and a structured term.
func BenchmarkFilterKey(b *testing.B) {
	for _, c := range []struct{ name, before, key string }{
		{"word", "Köln Beric", "h"},
		{"fuzzy", "kln", "b"},
		{"status", "status:tod", "o"},
		{"tag", "tag:oc", "r"},
	} {
		b.Run(c.name, func(b *testing.B) {
			a := benchApp(b, bigStore())
			press(b, a, "/")
			key := keyMsg(c.key)
			bs := keyMsg("backspace")
			for _, r := range c.before {
				a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			for b.Loop() {
				a.Update(key)
				_ = a.View()
				b.StopTimer()
				a.Update(bs) // back to the state before the key
				b.StartTimer()
			}
		})
	}
}

// bigText is about 5 MB of German prose with umlauts, in lines of about
// 80 characters and paragraphs.
func bigText() string {
	var sb strings.Builder
	words := strings.Fields("Köln tritt der Chinesisch-Deutschen Industriestädteallianz bei und die Wirtschaftsförderung gewinnt Zugang zum chinesischen Markt für mittelständische Unternehmen im Bereich Industrie")
	col := 0
	for i := 0; sb.Len() < 5<<20; i++ {
		w := words[(i*7+i/13)%len(words)]
		sb.WriteString(w)
		col += len(w) + 1
		switch {
		case i%400 == 399:
			sb.WriteString("\n\n")
			col = 0
		case col > 78:
			sb.WriteByte('\n')
			col = 0
		default:
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

func bigDocApp(b *testing.B, mode docview.Mode) *App {
	st := newMemStore()
	text := bigText()
	var anns []annot.Annotation
	ix := annot.NewIndex(text)
	for off, n := 0, 0; n < 2000; n++ {
		i := strings.Index(text[off:], "Köln")
		if i < 0 {
			break
		}
		s := ix.Rune(off + i)
		k := annot.KindCorrection
		if n%2 == 1 {
			k = annot.KindEntity
		}
		anns = append(anns, annot.Annotation{ID: fmt.Sprint("a", n), Kind: k, Start: s, End: s + 4, Text: "Köln", Value: "Koeln", Label: "LOC"})
		off += i + 1000
	}
	st.add("big", "big", text, anns...)
	a := New(st, Options{Config: config.Default()})
	drive(b, a, a.Init())
	a.reader.SetMode(mode)
	send(b, a, tea.WindowSizeMsg{Width: 200, Height: 60})
	press(b, a, "alt+2")
	if a.reader.V == nil {
		b.Fatal("no layout")
	}
	return a
}

// BenchmarkReaderKey5MB is one motion key in a 5 MB document: Update and
// View, in each view mode.
func BenchmarkReaderKey5MB(b *testing.B) {
	for _, mode := range []docview.Mode{docview.Original, docview.Corrected, docview.Diff} {
		b.Run(mode.String(), func(b *testing.B) {
			a := bigDocApp(b, mode)
			ks := []tea.KeyMsg{keyMsg("j"), keyMsg("w"), keyMsg("j"), keyMsg("l"), keyMsg("ctrl+d"), keyMsg("b"), keyMsg("$")}
			i := 0
			for b.Loop() {
				a.Update(ks[i%len(ks)])
				_ = a.View()
				i++
			}
		})
	}
}

// BenchmarkReaderOpen5MB is the layout command for a 5 MB document
// (wrapping, offset maps, styled ranges), which runs off the main loop.
func BenchmarkReaderOpen5MB(b *testing.B) {
	for _, mode := range []docview.Mode{docview.Original, docview.Diff} {
		b.Run(mode.String(), func(b *testing.B) {
			a := bigDocApp(b, mode)
			for b.Loop() {
				msg := a.buildView()()
				a.Update(msg)
				_ = a.View()
			}
		})
	}
}

// BenchmarkReaderPreview5MB is the preview of a 5 MB document just
// opened: the layout of its first 32 KB, drawn until the whole comes.
func BenchmarkReaderPreview5MB(b *testing.B) {
	a := bigDocApp(b, docview.Original)
	req := viewRequest(a.cur, a.open, &a.reader, nil)
	for b.Loop() {
		msg := previewCmd(req, a.reader.Gen())().(viewMsg)
		if !msg.v.Partial {
			b.Fatal("not a preview")
		}
	}
}

// BenchmarkReaderSearch5MB is a search (/ … enter) in a 5 MB document.
func BenchmarkReaderSearch5MB(b *testing.B) {
	a := bigDocApp(b, docview.Original)
	for b.Loop() {
		a.Update(searchMsg{q: "markt"})
		_ = a.View()
	}
}

// BenchmarkOpenDocUpdate5MB is the main-loop part of opening a 5 MB
// document with 2 000 annotations: handling its docMsg (the panel, the
// suggestion filter; layout and suggestions run in commands).
func BenchmarkOpenDocUpdate5MB(b *testing.B) {
	a := bigDocApp(b, docview.Original)
	d, err := a.st.Document("big")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a.docGen++
		a.Update(docMsg{gen: a.docGen, id: "big", doc: d})
		_ = a.View()
	}
}

// BenchmarkFilterTextPass is the whole of a filter with free words over
// 100 000 documents of about 3 KB: the selection (which, without indexes,
// reads every text) and the window of rows, run as the program would.
// main-ms is the part of it on the main loop (the list taking the
// answers), max-chunk-main-µs its slowest message.
func BenchmarkFilterTextPass(b *testing.B) {
	for _, expr := range []string{"Chongqing", "Rhein", "-Rhein", "Rhein status:todo", "Bericht -Rhein"} {
		b.Run(expr, func(b *testing.B) {
			a := benchApp(b, bigStore())
			var main, worst time.Duration
			chunks := 0
			for b.Loop() {
				_, cmd := a.Update(filterMsg{expr: expr})
				for msgs := listMsgs(cmd); len(msgs) > 0; {
					t0 := time.Now()
					_, next := a.Update(msgs[0])
					d := time.Since(t0)
					main += d
					worst = max(worst, d)
					chunks++
					msgs = append(msgs[1:], listMsgs(next)...)
				}
				if a.list.Filter() != expr {
					b.Fatal("the filter did not land")
				}
			}
			b.ReportMetric(float64(main.Milliseconds())/float64(b.N), "main-ms/op")
			b.ReportMetric(float64(worst.Microseconds()), "max-chunk-main-µs")
			b.ReportMetric(float64(shown(a)), "shown")
		})
	}
}

// listMsgs runs cmd and returns the list's messages it leads to.
func listMsgs(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch m := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, listMsgs(c)...)
		}
		return out
	case list.SelectedMsg, list.WindowMsg:
		return []tea.Msg{m}
	}
	return nil
}

// bigSuggestions are n OCR suggestions spread over the 5 MB document of
// bigDocApp, each with three candidates and a reason, as a damaged book
// raises.
func bigSuggestions(a *App, n int) []suggest.Suggestion {
	size := utf8.RuneCountInString(a.cur.Text)
	out := make([]suggest.Suggestion, 0, n)
	for i := range n {
		s := i * (size / n)
		out = append(out, suggest.Suggestion{Doc: "big", Start: s, End: s + 4, Text: "Kdln", Kind: suggest.KindOCR,
			Candidates: []suggest.Candidate{{Text: "Köln", Score: 0.9}, {Text: "Kein", Score: 0.05}, {Text: "Klon", Score: 0.05}},
			Reason:     "unknown word; looks like OCR damage: d→ö gives Köln"})
	}
	return out
}

// BenchmarkSuggestionsArrive5MB is the main loop's part of the 30 000
// suggestions of a 5 MB document arriving: the panel's rows, the open
// suggestions (the reader's layout runs in a command).
func BenchmarkSuggestionsArrive5MB(b *testing.B) {
	a := bigDocApp(b, docview.Original)
	list := bigSuggestions(a, 30000)
	for b.Loop() {
		a.Update(suggMsg{key: a.curKey, id: "big", hash: a.cur.Doc.Hash, list: list})
		_ = a.View()
	}
}

// BenchmarkSuggestionKeys5MB is a key among the 30 000 suggestions of a
// 5 MB document, Update and View: in the panel j, G then g (to the last
// suggestion and back), and ] in the reader, which takes the panel to
// the next suggestion.
func BenchmarkSuggestionKeys5MB(b *testing.B) {
	for _, tc := range []struct {
		name, pane string
		keys       []string
	}{
		{"panel-j", "alt+3", []string{"j"}},
		{"panel-G-g", "alt+3", []string{"G", "g"}},
		{"reader-]", "alt+2", []string{"]"}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			a := bigDocApp(b, docview.Original)
			send(b, a, suggMsg{key: a.curKey, id: "big", hash: a.cur.Doc.Hash, list: bigSuggestions(a, 30000)})
			if n := len(a.open); n < 20000 {
				b.Fatalf("%d suggestions open", n)
			}
			press(b, a, tc.pane)
			for b.Loop() {
				for _, k := range tc.keys {
					a.Update(keyMsg(k))
					_ = a.View()
				}
			}
		})
	}
}
