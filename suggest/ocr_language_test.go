package suggest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestForeignLanguageDocument: a page written in the foreign list's
// language (English beside a German dictionary) is not read as German
// damage: none of its words the list knows is a suspect, short ones
// included (`the`, `of`, `I`). A German page with a few English words is
// judged as before: its damage is found.
func TestForeignLanguageDocument(t *testing.T) {
	for _, p := range []string{benchWordListPath, benchAff, benchDic, benchForeignPath} {
		if _, err := os.Stat(p); err != nil {
			skipUnlessCI(t, fmt.Sprintf("%s: %v (apt-get install wngerman hunspell-de-de wamerican)", p, err))
		}
	}
	english := "When the committee met on Monday, few of the members had read the report. I told them that my own view was simple: " +
		"the plan would cost too much and take too long. They listened, and at the end of the day we agreed to wait for the figures from the city."
	german := "Die Kommission traf sich am Montag, aber nur wenige Mitglieder hatten den Bericht gelesen. Ich sagte ihnen, dass der Plan " +
		"fiir die Stadt zu teuer sei und zu lange dauern wiirde. Am Ende des Tages warteten wir auf die Zahlen, das Meeting war vorbei."
	o := benchSystemOCR(t, []string{english, german})
	for _, s := range o.Suggest("en", english, nil) {
		if s.Kind == KindOCR && o.foreign.Known(lexFold(s.Text)) {
			t.Errorf("the English page: %q (a word of its language) suggested: %s", s.Text, s.Reason)
		}
	}
	var found []string
	for _, s := range o.Suggest("de", german, nil) {
		found = append(found, s.Text)
	}
	if got := strings.Join(found, " "); !strings.Contains(got, "fiir") || !strings.Contains(got, "wiirde") {
		t.Errorf("the German page's damage is not found: %q", got)
	}
	// the flag itself, on each page
	for _, tc := range []struct {
		name, text string
		want       bool
	}{{"English", english, true}, {"German", german, false}} {
		if got := foreignFlag(o, tc.text); got != tc.want {
			t.Errorf("%s page: inForeignLanguage = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// foreignFlag is inForeignLanguage on text's words, as suggestConf asks it.
func foreignFlag(o *OCR, text string) bool {
	var foreign bool
	withDoc(o, text, func(d *ocrDoc) { foreign = d.inForeignLanguage() })
	return foreign
}

// withDoc calls fn with the state of a document of text as suggestConf
// starts it (its words counted), under the locks suggestConf holds.
func withDoc(o *OCR, text string, fn func(d *ocrDoc)) {
	maps := o.docs.get()
	defer o.docs.put(maps)
	o.ensureIndex()
	o.mu.RLock()
	defer o.mu.RUnlock()
	o.lex.mu.RLock()
	defer o.lex.mu.RUnlock()
	d := &ocrDoc{o: o, lex: o.lex, local: maps.local, newer: maps.newer, memo: maps.memo, written: maps.written, docFacts: maps.facts}
	lexWordsOf(text, appendTokens(nil, text), d.count)
	fn(d)
}
