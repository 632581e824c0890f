package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var benchWords = strings.Fields(`der die das und in den von zu mit sich des auf für ist im dem nicht ein
	eine als auch es an werden aus er hat daß sie nach wird bei einer um am sind noch wie einem über
	einen so zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei Köln Bündnis
	Industriestädteallianz Wirtschaftsausschuss Beigeordnete Liegenschaften Jahrestreffen Hannover
	Messe Oberbürgermeisterin Rhein Straße größer Grüße Ärger Übersicht Öffnung fünf schön
	Partnerstadt Peking Foshan Bottrop „Innovation“ City – Zusammenarbeit Verwaltung Rat Ausschuss`)

// germanDoc makes a German-like document of about size bytes, with line
// breaks as in a scan, and the code point spans of some of its words.
func germanDoc(r *rand.Rand, size int) (string, [][3]any) {
	var b strings.Builder
	var spans [][3]any
	line, n := 0, 0
	for b.Len() < size {
		w := benchWords[r.IntN(len(benchWords))]
		if r.IntN(12) == 0 && len(spans) < 12 {
			spans = append(spans, [3]any{n, n + utf8.RuneCountInString(w), "LOC"})
		}
		b.WriteString(w)
		n += utf8.RuneCountInString(w)
		line += len(w) + 1
		sep := " "
		switch {
		case r.IntN(15) == 0:
			sep = ". "
		case line > 80:
			sep, line = "\n", 0
		}
		b.WriteString(sep)
		n += len(sep)
	}
	return b.String(), spans
}

// benchJSONL writes a JSONL file of docs documents of about 3 KB; nfd
// writes the texts in NFD, with CRLF, so that they need normalizing.
func benchJSONL(b *testing.B, docs int, labels, nfd bool) (string, int64) {
	r := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range docs {
		text, spans := germanDoc(r, 3000)
		line := map[string]any{"id": fmt.Sprintf("doc-%06d", i), "text": text, "meta": map[string]any{"source": "gen"}}
		if nfd {
			line["text"] = strings.ReplaceAll(norm.NFD.String(text), "\n", "\r\n")
		}
		if labels && !nfd {
			line["label"] = spans
		}
		if err := enc.Encode(line); err != nil {
			b.Fatal(err)
		}
	}
	p := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p, int64(buf.Len())
}

// BenchmarkRead reads a JSONL file of 3 KB German documents from disk:
// decoding, normalizing, ids, titles and spans, as import does.
func BenchmarkRead(b *testing.B) {
	for _, c := range []struct {
		name        string
		labels, nfd bool
	}{{"nfc", false, false}, {"nfc+entities", true, false}, {"nfd+crlf", false, true}} {
		b.Run(c.name, func(b *testing.B) {
			p, size := benchJSONL(b, 2000, c.labels, c.nfd)
			b.SetBytes(size)
			b.ResetTimer()
			for b.Loop() {
				n := 0
				err := Read([]string{p}, func(d Doc) error { n++; return nil }, func(p Problem) { b.Fatal(p) })
				if err != nil || n != 2000 {
					b.Fatalf("%d docs, err %v", n, err)
				}
			}
		})
	}
}

// BenchmarkLines reads the lines of the same JSONL file and nothing more:
// the floor under BenchmarkRead.
func BenchmarkLines(b *testing.B) {
	p, size := benchJSONL(b, 2000, false, false)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		lr, n := newLineReader(f), 0
		for {
			if _, err := lr.next(); err != nil {
				break
			}
			n++
		}
		f.Close()
		if n != 2000 {
			b.Fatalf("%d lines", n)
		}
	}
}

// BenchmarkNormalize normalizes a 3 KB German text that is already NFC
// (the fast path) and one in NFD with CRLF (the slow path).
func BenchmarkNormalize(b *testing.B) {
	text, _ := germanDoc(rand.New(rand.NewPCG(1, 2)), 3000)
	nfd := strings.ReplaceAll(norm.NFD.String(text), "\n", "\r\n")
	for name, s := range map[string]string{"nfc": text, "nfd+crlf": nfd} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				if n := NormalizeString(s); n.Text == "" {
					b.Fatal("empty")
				}
			}
		})
	}
}
