package suggest

import (
	"os"
	"path/filepath"
	"testing"

	"folio/internal/shared"
	"folio/suggest/hunspell"
)

// The system's evidence, as `folio suggest` finds it on Debian with
// wngerman, hunspell-de-de and wamerican.
const (
	benchWordListPath = "/usr/share/dict/ngerman"
	benchAff          = "/usr/share/hunspell/de_DE.aff"
	benchDic          = "/usr/share/hunspell/de_DE.dic"
	benchForeignPath  = "/usr/share/dict/american-english"
)

// benchSystemOCR builds an OCR over docs with the system's word list,
// dictionary and foreign words, or skips.
func benchSystemOCR(b testing.TB, docs []string) *OCR {
	b.Helper()
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("%s: %v", p, err)
		}
	}
	lex, foreign := NewLexicon(), NewLexicon()
	for l, p := range map[*Lexicon]string{lex: benchWordListPath, foreign: benchForeignPath} {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		err = l.LoadWordList(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range docs {
		lex.AddDocument(d)
	}
	o := NewOCR(lex)
	dict, err := hunspell.Open(benchAff, benchDic)
	if err != nil {
		b.Fatal(err)
	}
	o.SetDictionary(dict)
	o.SetForeign(foreign)
	o.ensureIndex()
	return o
}

// BenchmarkLoadSystemDictionary measures what the first suggestion waits
// for: reading wngerman and hunspell de_DE and indexing the word list.
func BenchmarkLoadSystemDictionary(b *testing.B) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic} {
		if _, err := os.Stat(p); err != nil {
			b.Skipf("%s: %v", p, err)
		}
	}
	for b.Loop() {
		lex := NewLexicon()
		f, err := os.Open(benchWordListPath)
		if err != nil {
			b.Fatal(err)
		}
		err = lex.LoadWordList(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		o := NewOCR(lex)
		dict, err := hunspell.Open(benchAff, benchDic)
		if err != nil {
			b.Fatal(err)
		}
		o.SetDictionary(dict)
		o.ensureIndex()
	}
}

// ocrDevTexts reads the OCR sides of ../shared/ocr-dev, or skips.
func ocrDevTexts(b *testing.B) []string {
	files, _ := filepath.Glob(filepath.Join(shared.Dir(b, "ocr-dev"), "*.ocr.txt"))
	if len(files) == 0 {
		b.Fatal("../shared/ocr-dev has no scans")
	}
	var out []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	return out
}

// BenchmarkSuggestSystemDictionary measures suggestions with the system's
// dictionaries, on the real scans of ocr-dev (3–5 KB each, damage from 2
// to 30 %) and on 300 generated documents of 3 KB.
func BenchmarkSuggestSystemDictionary(b *testing.B) {
	for _, set := range []struct {
		name string
		docs func(*testing.B) []string
	}{
		{"ocr-dev", ocrDevTexts},
		{"generated", func(b *testing.B) []string { return benchDocs(b, 300, 3000) }},
	} {
		b.Run(set.name, func(b *testing.B) {
			docs := set.docs(b)
			benchSuggestAll(b, benchSystemOCR(b, docs), docs)
		})
	}
}
