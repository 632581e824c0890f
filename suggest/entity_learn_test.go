package suggest

import (
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

// learnDoc is a document of a synthetic corpus and its labelled spans.
type learnDoc struct {
	id, text string
	spans    []EntitySpan
}

// labelTokens labels every token of text with label, as a part-of-speech
// or token layer does.
func labelTokens(text, label string) []EntitySpan {
	var out []EntitySpan
	for _, t := range entTokens(text, nil) {
		out = append(out, EntitySpan{Label: label, Text: t.text, Start: t.start, End: t.end})
	}
	return out
}

// labelForm labels every occurrence of form in text (as whole tokens)
// with label and canonical name canonical.
func labelForm(text, form, label, canonical string) []EntitySpan {
	var out []EntitySpan
	for _, m := range NewGazetteer([]Entry{{Pattern: form, Label: label}}).Find(text) {
		out = append(out, EntitySpan{Label: label, Canonical: canonical, Text: form, Start: m.Span.Start, End: m.Span.End})
	}
	return out
}

// learnCorpus learns the entries of docs with a lexicon of their texts,
// and reports the documents whose text the learner asked for.
func learnCorpus(t *testing.T, docs []learnDoc) (entries []Entry, read []string) {
	t.Helper()
	lex := NewLexicon()
	var bytes int64
	for _, d := range docs {
		lex.AddDocument(d.text)
		bytes += int64(len(d.text))
	}
	l := NewEntityLearner(lex, bytes)
	for _, d := range docs {
		rec := annot.Doc{ID: d.id, Size: annot.Runes(d.text), Bytes: len(d.text)}
		err := l.AddDocument(rec, d.spans, func() (string, error) {
			read = append(read, d.id)
			return d.text, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return l.Entries(), read
}

// entryForms lists the entries as "form/label".
func entryForms(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Pattern+"/"+e.Label)
	}
	return out
}

// TestEntityLearnerTokenLayer: a document annotated with a layer over
// every token (POS) and a real ORG: the layer is not learned, not even
// its rare words; the ORG is, and is proposed in a document nobody
// annotated.
func TestEntityLearnerTokenLayer(t *testing.T) {
	tagged := "Acme Corp hired the new head of the lab in Bonn."
	docs := []learnDoc{{id: "tagged", text: tagged,
		spans: append(labelTokens(tagged, "POS"), labelForm(tagged, "Acme Corp", "ORG", "")...)}}
	// a sparse document: its text is never needed
	sparse := "Later the board of Acme Corp met in the city of Bonn to vote on the plan."
	docs = append(docs, learnDoc{id: "sparse", text: sparse, spans: labelForm(sparse, "Bonn", "LOC", "")})
	for _, text := range []string{
		"The shares of Acme Corp rose in the morning.",
		"In the end the lab moved to the coast.",
		"A report on the state of the art, and of the plan.",
	} {
		docs = append(docs, learnDoc{id: text[:8], text: text})
	}
	entries, read := learnCorpus(t, docs)
	got := entryForms(entries)
	if slices.ContainsFunc(got, func(f string) bool { return strings.HasSuffix(f, "/POS") }) {
		t.Errorf("the token layer is learned: %q", got)
	}
	for _, want := range []string{"Acme Corp/ORG", "Bonn/LOC"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s not learned: %q", want, got)
		}
	}
	if !slices.Equal(read, []string{"tagged"}) {
		t.Errorf("texts read: %q, want the tagged document's alone", read)
	}
	var sugs []string
	for _, s := range NewEntitySuggester(entries, false).Suggest("d", "Yesterday the staff of Acme Corp went to the lab.", nil) {
		sugs = append(sugs, s.Text+"/"+s.Candidates[0].Text)
	}
	if !slices.Equal(sugs, []string{"Acme Corp/ORG"}) {
		t.Errorf("suggestions %q, want Acme Corp as ORG alone", sugs)
	}
}

// TestEntityLearnerTagSet: labels that share the tokens out between them
// (a part-of-speech tag each, as brat's TDT corpus has) are a layer too;
// a span that sits on tagged tokens (a named entity over a tagging) is
// not part of it.
func TestEntityLearnerTagSet(t *testing.T) {
	text := "Halonen matkusti eilen Irlantiin ja puhui siellä pitkään."
	var spans []EntitySpan
	tags := []string{"N", "V", "Adv", "N", "C", "V", "Adv", "Adv", "Punct"}
	for i, tok := range entTokens(text, nil) {
		spans = append(spans, EntitySpan{Label: tags[i], Text: tok.text, Start: tok.start, End: tok.end})
	}
	spans = append(spans, labelForm(text, "Halonen", "PER", "")...)
	entries, _ := learnCorpus(t, []learnDoc{{id: "tdt", text: text, spans: spans}, {id: "other", text: "Halonen ja Irlantiin."}})
	if got := entryForms(entries); !slices.Equal(got, []string{"Halonen/PER"}) {
		t.Errorf("learned %q, want Halonen/PER alone", got)
	}
}

// TestEntityLearnerShare: a form is proposed only when the corpus bears
// it out.
func TestEntityLearnerShare(t *testing.T) {
	filler := "The mayor said that the plan is on the table and the vote is in the spring."
	newsDoc := func(id, extra string, spans ...func(string) []EntitySpan) learnDoc {
		d := learnDoc{id: id, text: filler + " " + extra}
		for _, f := range spans {
			d.spans = append(d.spans, f(d.text)...)
		}
		return d
	}
	label := func(form, label, canonical string) func(string) []EntitySpan {
		return func(text string) []EntitySpan { return labelForm(text, form, label, canonical) }
	}
	// one mention of the in the first document
	theOnce := func(text string) []EntitySpan { return labelForm(text, "the", "DET", "")[:1] }
	tests := []struct {
		name    string
		docs    []learnDoc
		want    []string // forms learned, as form/label
		notWant []string
	}{
		{
			name: "a name labelled once, unlabelled only where nobody annotated",
			docs: []learnDoc{
				newsDoc("a", "Ute Berg spoke in Köln.", label("Köln", "LOC", "")),
				newsDoc("b", "Köln"), newsDoc("c", "Köln again"), newsDoc("d", "Köln and Köln"),
			},
			want: []string{"Köln/LOC"},
		},
		{
			name: "a word labelled once, unlabelled throughout annotated documents",
			docs: []learnDoc{
				newsDoc("a", "Ute Berg spoke.", theOnce, label("Ute Berg", "PER", "")),
				newsDoc("b", "Hans Roth spoke.", label("Hans Roth", "PER", "")),
				newsDoc("c", "Eva Lind spoke.", label("Eva Lind", "PER", "")),
			},
			want:    []string{"Ute Berg/PER", "Hans Roth/PER", "Eva Lind/PER"},
			notWant: []string{"the/DET"},
		},
		{
			name: "a label made mostly of forms the corpus does not bear out",
			docs: []learnDoc{
				newsDoc("a", "Ute Berg spoke.", theOnce, label("Ute", "DET", "")),
				newsDoc("b", "Hans Roth spoke.", theOnce, label("Hans Roth", "PER", "")),
				newsDoc("c", "Eva Lind spoke.", label("Eva Lind", "PER", "")),
			},
			want:    []string{"Hans Roth/PER"},
			notWant: []string{"the/DET", "Ute/DET"},
		},
		{
			name: "punctuation names no entity",
			docs: []learnDoc{
				newsDoc("a", "Ute Berg spoke (twice).", label("(", "Punct", ""), label("Ute Berg", "PER", "")),
			},
			want:    []string{"Ute Berg/PER"},
			notWant: []string{"(/Punct"},
		},
		{
			name: "a canonical entity is the reviewer's decision",
			docs: []learnDoc{
				newsDoc("a", "Ute Berg spoke.", label("the", "ORG", "The Times")),
				newsDoc("b", "Hans Roth spoke.", label("Hans Roth", "PER", "")),
			},
			want: []string{"the/ORG", "The Times/ORG", "Hans Roth/PER"},
		},
	}
	// a common word (in every document of 30) needs 3 documents
	var common, common3 []learnDoc
	for i := range 30 {
		id := string(rune('A' + i))
		d, d3 := newsDoc(id, "Reuters reports."), newsDoc(id, "Reuters reports.")
		if i == 0 {
			d.spans = labelForm(d.text, "Reuters", "ORG", "")
		}
		if i < 3 {
			d3.spans = labelForm(d3.text, "Reuters", "ORG", "")
		}
		common, common3 = append(common, d), append(common3, d3)
	}
	tests = append(tests,
		struct {
			name          string
			docs          []learnDoc
			want, notWant []string
		}{"a common word labelled in one document", common, nil, []string{"Reuters/ORG"}},
		struct {
			name          string
			docs          []learnDoc
			want, notWant []string
		}{"a common word labelled in three documents", common3, []string{"Reuters/ORG"}, nil})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, _ := learnCorpus(t, tt.docs)
			got := entryForms(entries)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%s not learned: %q", w, got)
				}
			}
			for _, w := range tt.notWant {
				if slices.Contains(got, w) {
					t.Errorf("%s learned: %q", w, got)
				}
			}
		})
	}
}

// TestEntityLearnerDocs: a form without a canonical name counts the
// documents it is labelled in, not those of its label.
func TestEntityLearnerDocs(t *testing.T) {
	docs := []learnDoc{
		{id: "a", text: "Ute Berg in Köln.", spans: labelForm("Ute Berg in Köln.", "Köln", "LOC", "")},
		{id: "b", text: "Hans in Bonn.", spans: labelForm("Hans in Bonn.", "Bonn", "LOC", "")},
		{id: "c", text: "Eva in Bonn.", spans: labelForm("Eva in Bonn.", "Bonn", "LOC", "")},
	}
	lex := NewLexicon()
	l := NewEntityLearner(lex, 0)
	l.AddEntity("PER", "Ute Berg", []string{"Frau Berg"})
	for _, d := range docs {
		text := func() (string, error) { return d.text, nil }
		if err := l.AddDocument(annot.Doc{ID: d.id, Size: annot.Runes(d.text), Bytes: len(d.text)}, d.spans, text); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, e := range l.Entries() {
		got = append(got, e.Pattern+"/"+e.Label+"/"+e.Canonical+"/"+string(rune('0'+e.Docs)))
	}
	want := []string{"Ute Berg/PER/Ute Berg/0", "Frau Berg/PER/Ute Berg/0", "Köln/LOC//1", "Bonn/LOC//2"}
	if !slices.Equal(got, want) {
		t.Errorf("entries %q, want %q", got, want)
	}
}
