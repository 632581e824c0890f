package suggest

import (
	"fmt"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

// suggestSame fails t unless got and want, the suggestions for document
// name, are the same.
func suggestSame(t *testing.T, name string, got, want []Suggestion) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	t.Errorf("%s: %d suggestions with helpers, %d without", name, len(got), len(want))
	for i := range min(len(got), len(want)) {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s: first difference at %d:\n with    %+v\n without %+v", name, i, got[i], want[i])
			return
		}
	}
}

// TestHelpedSameSuggestions judges each scan of ../shared/ocr-dev with
// the system's dictionaries cold (every verdict forgotten) with and
// without helpers (ocr_parallel.go), warm after that, and all ten in a
// row on two detectors, one with helpers and one without: the
// suggestions must be the same, and the helpers must have judged the cold
// scans (not the warm ones). Run it with -race too.
func TestHelpedSameSuggestions(t *testing.T) {
	docs := ocrDevTexts(t)
	o := benchSystemOCR(t, docs)
	for i, d := range docs {
		name := fmt.Sprintf("scan %d", i)
		o.forgetWords()
		o.SetDocHelpers(-1)
		want := o.Suggest(name, d, nil)
		o.forgetWords()
		o.SetDocHelpers(2)
		before := o.helped.Load()
		got := o.Suggest(name, d, nil)
		if o.helped.Load() != before+1 {
			t.Errorf("%s, cold: judged without helpers", name)
		}
		suggestSame(t, name+", cold", got, want)
		before = o.helped.Load()
		got = o.Suggest(name, d, nil)
		if o.helped.Load() != before {
			t.Errorf("%s, warm: judged with helpers again", name)
		}
		suggestSame(t, name+", warm", got, want)
	}

	// a corpus run: the verdicts of the scans before are kept
	sameInARow(t, docs, benchSystemOCR(t, docs), benchSystemOCR(t, docs), 1, "scan in a row")
}

// sameInARow judges docs in a row on seq without helpers and on par with
// helpers each: the same suggestions, and helpers used at least once.
func sameInARow(t *testing.T, docs []string, seq, par *OCR, helpers int, what string) {
	t.Helper()
	seq.SetDocHelpers(-1)
	par.SetDocHelpers(helpers)
	for i, d := range docs {
		name := fmt.Sprintf("%s %d", what, i)
		suggestSame(t, name, par.Suggest(name, d, nil), seq.Suggest(name, d, nil))
	}
	if par.helped.Load() == 0 {
		t.Errorf("%s: none judged with helpers", what)
	}
}

// TestHelpedSameWithoutDictionary is TestHelpedSameSuggestions for a
// detector with no dictionary and no word list (the corpus alone), on the
// generated documents.
func TestHelpedSameWithoutDictionary(t *testing.T) {
	docs := benchDocs(t, 12, 3000)
	sameInARow(t, docs, newTestOCR(docs...), newTestOCR(docs...), 3, "doc")
}

// TestHelpersFor: by default a document gets helpers only while cores are
// free of other Suggest calls, and only while it has parMinNew words new
// to the detector.
func TestHelpersFor(t *testing.T) {
	docs := benchDocs(t, 2, 3000)
	o := newTestOCR(docs...)
	o.ensureIndex()
	helpers := func(text string) int {
		var n int
		withDoc(o, text, func(d *ocrDoc) {
			o.busy.Add(1) // as suggestConf counts itself
			defer o.busy.Add(-1)
			n = o.helpersFor(d)
			o.busy.Add(-int32(n))
		})
		return n
	}
	procs := runtime.GOMAXPROCS(0)
	o.busy.Store(int32(procs)) // every core busy with other documents
	if n := helpers(docs[0]); n != 0 {
		t.Errorf("all cores busy: %d helpers", n)
	}
	o.busy.Store(0)
	if n := helpers(docs[0]); n != procs-1 {
		t.Errorf("a new document: %d helpers, want %d", n, procs-1)
	}
	// its words are known now (the entries made), and so the next time
	if n := helpers(docs[0]); n != 0 {
		t.Errorf("a known document: %d helpers", n)
	}
	o.Suggest("1", docs[1], nil)
	if n := helpers(docs[1]); n != 0 {
		t.Errorf("a judged document: %d helpers", n)
	}
	o.SetDocHelpers(-1)
	o.forgetWords()
	if n := helpers(docs[1]); n != 0 {
		t.Errorf("helpers off: %d helpers", n)
	}
}

// TestHelpedConcurrent judges new documents with helpers on several
// goroutines at once while Learn changes the channel; run with -race.
func TestHelpedConcurrent(t *testing.T) {
	docs := benchDocs(t, 8, 3000)
	o := newTestOCR(docs...)
	o.SetDocHelpers(2)
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := g; i < len(docs); i += 3 {
				o.Suggest(fmt.Sprint(i), docs[i], nil)
				if g == 0 {
					o.Learn("Kdln", "Köln")
				}
			}
		})
	}
	wg.Wait()
	if o.helped.Load() == 0 {
		t.Error("no document judged with helpers")
	}
}
