package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"folio/annot"
	"folio/corpus"
)

// wantEntity is an entity of a tricky document and its text in the
// corrected text.
type wantEntity struct {
	label, corrected string
}

// trickyDoc is a document of the offset property test and what the
// corrected-text formats must show of it.
type trickyDoc struct {
	item      Item
	corrected string
	ents      []wantEntity
}

// trickyDocs are documents with umlauts, ß, CJK, emoji outside the BMP
// (also as ZWJ sequences), combining marks, corrections that shorten and
// lengthen the text before entities, an entity covering a correction and
// one across a line break.
func trickyDocs(t *testing.T) []trickyDoc {
	var docs []trickyDoc
	add := func(b *builder, ents []wantEntity) {
		it := b.item("tricky " + b.id)
		docs = append(docs, trickyDoc{item: it, corrected: naiveApply(it.Text, it.Anns), ents: ents})
	}

	b := &builder{t: t, id: "tricky/ä ß 😀", text: "Zoe\u0308 Weiß traf in Koeln-Mülheim 😀 den Bürgermeister von 北京市. " +
		"🎉 Die Straße heißt\n„Große Straße“ – 𝔘𝔫𝔦 👩\u200d👩\u200d👧 Familie Ärger\ngroß. Ende e\u0301te.\n"}
	b.correct("Koeln", 1, "Köln", annot.ClassOCR)
	b.correct("😀 ", 1, "", annot.ClassBoilerplate)
	b.correct("🎉", 1, "🎉🎊", annot.ClassEdit)
	b.correct("Ende", 1, "Schluß", annot.ClassEdit)
	zoe := b.entity("Zoe\u0308 Weiß", 1, "PER", "Zoë Weiß")
	b.note(zoe, "mit Trema\nund ß")
	b.mark("Weiß", 1, "")
	b.entity("Koeln-Mülheim", 1, "LOC", "Köln-Mülheim")
	b.entity("北京", 1, "LOC", "北京")
	b.entity("Große Straße", 1, "LOC", "")
	b.entity("𝔘𝔫𝔦", 1, "ORG", "")
	b.entity("👩\u200d👩\u200d👧", 1, "MISC", "")
	b.entity("Familie Ärger\ngroß", 1, "PER", "")
	b.entity("e\u0301te", 1, "MISC", "")
	b.tag("tricky")
	add(b, []wantEntity{{"PER", "Zoe\u0308 Weiß"}, {"LOC", "Köln-Mülheim"}, {"LOC", "北京"}, {"LOC", "Große Straße"},
		{"ORG", "𝔘𝔫𝔦"}, {"MISC", "👩\u200d👩\u200d👧"}, {"PER", "Familie Ärger\ngroß"}, {"MISC", "e\u0301te"}})

	b = &builder{t: t, id: "../b", text: "🎉Party in Düsseldorf"}
	b.entity("🎉", 1, "MISC", "")
	b.entity("Düsseldorf", 1, "LOC", "Düsseldorf")
	add(b, []wantEntity{{"MISC", "🎉"}, {"LOC", "Düsseldorf"}})

	b = &builder{t: t, id: "empty", text: ""}
	add(b, nil)

	b = &builder{t: t, id: "Straße", text: "Ärger in Köln\u00a0Süd\tund 東京 😀😀 Ende"}
	b.correct("😀😀", 1, "😀", annot.ClassEdit)
	b.entity("Köln\u00a0Süd", 1, "LOC", "")
	b.entity("東京", 1, "LOC", "Tokio")
	b.entity("Ende", 1, "MISC", "")
	add(b, []wantEntity{{"LOC", "Köln\u00a0Süd"}, {"LOC", "東京"}, {"MISC", "Ende"}})
	return docs
}

// naiveApply applies the corrections on runes, independently of annot.
func naiveApply(text string, anns []annot.Annotation) string {
	rs := []rune(text)
	var cs []annot.Annotation
	for _, a := range anns {
		if a.Kind == annot.KindCorrection {
			cs = append(cs, a)
		}
	}
	slices.SortFunc(cs, func(a, b annot.Annotation) int { return b.Start - a.Start })
	for _, c := range cs { // from the end, so earlier offsets stay valid
		rs = slices.Concat(rs[:c.Start], []rune(c.Value), rs[c.End:])
	}
	return string(rs)
}

// cp slices s in code points, as Python does.
func cp(t *testing.T, s string, start, end int) string {
	t.Helper()
	rs := []rune(s)
	if start < 0 || end > len(rs) || start > end {
		t.Fatalf("span [%d,%d) outside a text of %d code points", start, end, len(rs))
	}
	return string(rs[start:end])
}

func trickySource(docs []trickyDoc) Source {
	items := make([]Item, len(docs))
	for i, d := range docs {
		items[i] = d.item
	}
	return sliceSource(items)
}

// writeTricky exports the tricky documents and returns the output (the
// stream, or the directory).
func writeTricky(t *testing.T, docs []trickyDoc, opt Options) (stream []byte, dir string) {
	t.Helper()
	var out bytes.Buffer
	opt.Stdout = &out
	if !lineFormat(opt.Format) {
		dir = filepath.Join(t.TempDir(), "out")
		opt.Out = dir
	}
	if _, err := Write(trickySource(docs), opt); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), dir
}

func jsonLines(t *testing.T, data []byte, n int) []json.RawMessage {
	t.Helper()
	var lines []json.RawMessage
	for l := range bytes.Lines(data) {
		lines = append(lines, json.RawMessage(l))
	}
	if len(lines) != n {
		t.Fatalf("%d lines, want %d", len(lines), n)
	}
	return lines
}

func checkEnts(t *testing.T, text string, d trickyDoc, got [][3]any) {
	t.Helper()
	if len(got) != len(d.ents) {
		t.Fatalf("doc %q: %d entities, want %d", d.item.Doc.ID, len(got), len(d.ents))
	}
	for i, g := range got {
		s, e := int(g[0].(float64)), int(g[1].(float64))
		if txt := cp(t, text, s, e); txt != d.ents[i].corrected || g[2] != d.ents[i].label {
			t.Errorf("doc %q entity %d: %v [%d,%d) = %q, want %s %q", d.item.Doc.ID, i, g[2], s, e, txt, d.ents[i].label, d.ents[i].corrected)
		}
	}
}

func TestOffsetsJSONL(t *testing.T) {
	docs := trickyDocs(t)
	out, _ := writeTricky(t, docs, Options{Format: FormatJSONL})
	type span struct {
		Start, End     *int
		Text, Original string
		CorrectedStart int    `json:"corrected_start"`
		CorrectedEnd   int    `json:"corrected_end"`
		CorrectedTextJ string `json:"corrected_text"`
		Label          string
	}
	for i, line := range jsonLines(t, out, len(docs)) {
		var r struct {
			Text          string `json:"text"`
			CorrectedText string `json:"corrected_text"`
			Entities      []span
			Corrections   []span
			Marks         []span
			Notes         []span
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		d := docs[i]
		if r.Text != d.item.Text || r.CorrectedText != d.corrected {
			t.Errorf("doc %q: text or corrected_text differ", d.item.Doc.ID)
		}
		var ents [][3]any
		for _, e := range r.Entities {
			if got := cp(t, r.Text, *e.Start, *e.End); got != e.Text {
				t.Errorf("entity text[%d:%d] = %q, record says %q", *e.Start, *e.End, got, e.Text)
			}
			if got := cp(t, r.CorrectedText, e.CorrectedStart, e.CorrectedEnd); got != e.CorrectedTextJ {
				t.Errorf("entity corrected_text[%d:%d] = %q, record says %q", e.CorrectedStart, e.CorrectedEnd, got, e.CorrectedTextJ)
			}
			ents = append(ents, [3]any{float64(e.CorrectedStart), float64(e.CorrectedEnd), e.Label})
		}
		checkEnts(t, r.CorrectedText, d, ents)
		for _, c := range r.Corrections {
			if got := cp(t, r.Text, *c.Start, *c.End); got != c.Original {
				t.Errorf("correction text[%d:%d] = %q, record says %q", *c.Start, *c.End, got, c.Original)
			}
		}
		for _, m := range r.Marks {
			if got := cp(t, r.Text, *m.Start, *m.End); got != m.Text {
				t.Errorf("mark text[%d:%d] = %q, record says %q", *m.Start, *m.End, got, m.Text)
			}
		}
		for _, n := range r.Notes {
			if n.Start != nil {
				cp(t, r.Text, *n.Start, *n.End)
			}
		}
	}
}

func TestOffsetsProdigy(t *testing.T) {
	docs := trickyDocs(t)
	out, _ := writeTricky(t, docs, Options{Format: FormatProdigy, Tokens: true})
	for i, line := range jsonLines(t, out, len(docs)) {
		var task struct {
			Text   string
			Tokens []struct {
				Text       string
				Start, End int
				ID         int
			}
			Spans []struct {
				Start, End int
				TokenStart *int `json:"token_start"`
				TokenEndJ  *int `json:"token_end"`
				Label      string
			}
			Meta struct{ ID string }
		}
		if err := json.Unmarshal(line, &task); err != nil {
			t.Fatal(err)
		}
		d := docs[i]
		if task.Text != d.corrected || task.Meta.ID != d.item.Doc.ID {
			t.Errorf("doc %q: text or meta.id differ", d.item.Doc.ID)
		}
		for k, tok := range task.Tokens {
			if got := cp(t, task.Text, tok.Start, tok.End); got != tok.Text || tok.ID != k {
				t.Errorf("token %d: text[%d:%d] = %q, token says %q (id %d)", k, tok.Start, tok.End, got, tok.Text, tok.ID)
			}
		}
		var ents [][3]any
		for _, s := range task.Spans {
			ents = append(ents, [3]any{float64(s.Start), float64(s.End), s.Label})
			if s.TokenStart == nil || s.TokenEndJ == nil {
				t.Errorf("doc %q: span [%d,%d) has no token indices", d.item.Doc.ID, s.Start, s.End)
				continue
			}
			if task.Tokens[*s.TokenStart].Start != s.Start || task.Tokens[*s.TokenEndJ].End != s.End {
				t.Errorf("doc %q: span [%d,%d) tokens %d..%d do not cover it", d.item.Doc.ID, s.Start, s.End, *s.TokenStart, *s.TokenEndJ)
			}
		}
		checkEnts(t, task.Text, d, ents)
	}
}

func TestOffsetsDoccano(t *testing.T) {
	docs := trickyDocs(t)
	out, _ := writeTricky(t, docs, Options{Format: FormatDoccano})
	for i, line := range jsonLines(t, out, len(docs)) {
		var r struct {
			ID    string
			Text  string
			Label [][3]any
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if r.Text != docs[i].corrected || r.ID != docs[i].item.Doc.ID {
			t.Errorf("doc %q: text or id differ", docs[i].item.Doc.ID)
		}
		checkEnts(t, r.Text, docs[i], r.Label)
	}
}

// unspaced drops what separates CoNLL tokens.
func unspaced(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

func TestOffsetsCoNLL(t *testing.T) {
	docs := trickyDocs(t)
	var warns []string
	out, _ := writeTricky(t, docs, Options{Format: FormatCoNLL, Warn: func(m string) { warns = append(warns, m) }})
	if len(warns) > 0 {
		t.Errorf("warnings: %q", warns)
	}
	parts := strings.Split(string(out), "-DOCSTART- -X- O O\n")
	if parts[0] != "" || len(parts) != len(docs)+1 {
		t.Fatalf("%d documents, want %d", len(parts)-1, len(docs))
	}
	for i, part := range parts[1:] {
		d := docs[i]
		var toks []string
		type ent struct{ label, text string }
		var ents []ent
		for line := range strings.Lines(part) {
			line = strings.TrimSuffix(line, "\n")
			if line == "" {
				continue
			}
			f := strings.Split(line, " ")
			if len(f) != 2 || f[0] == "" {
				t.Fatalf("doc %q: bad line %q", d.item.Doc.ID, line)
			}
			toks = append(toks, f[0])
			switch tag := f[1]; {
			case strings.HasPrefix(tag, "B-"):
				ents = append(ents, ent{tag[2:], f[0]})
			case strings.HasPrefix(tag, "I-"):
				if len(ents) == 0 || ents[len(ents)-1].label != tag[2:] {
					t.Fatalf("doc %q: %s without B-", d.item.Doc.ID, tag)
				}
				ents[len(ents)-1].text += f[0]
			}
		}
		if got, want := strings.Join(toks, ""), unspaced(d.corrected); got != want {
			t.Errorf("doc %q: tokens give %q, want %q", d.item.Doc.ID, got, want)
		}
		if len(ents) != len(d.ents) {
			t.Fatalf("doc %q: %d entities, want %d", d.item.Doc.ID, len(ents), len(d.ents))
		}
		for k, e := range ents {
			if e.label != d.ents[k].label || e.text != unspaced(d.ents[k].corrected) {
				t.Errorf("doc %q entity %d: %s %q, want %s %q", d.item.Doc.ID, k, e.label, e.text, d.ents[k].label, d.ents[k].corrected)
			}
		}
	}
}

// readIDs reads ids.tsv of dir as the importer does: id -> file.
func readIDs(t *testing.T, dir string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, idsFile))
	if err != nil {
		t.Fatal(err)
	}
	byFile, bad, err := corpus.ParseIDs(string(raw))
	if err != nil || len(bad) > 0 {
		t.Fatalf("ids.tsv: %v %q", err, bad)
	}
	m := make(map[string]string, len(byFile))
	for file, id := range byFile {
		m[id] = file
	}
	return m
}

func TestOffsetsBrat(t *testing.T) {
	docs := trickyDocs(t)
	_, dir := writeTricky(t, docs, Options{Format: FormatBrat})
	ids := readIDs(t, dir)
	for _, d := range docs {
		file, ok := ids[d.item.Doc.ID]
		if !ok {
			t.Fatalf("doc %q missing from ids.tsv", d.item.Doc.ID)
		}
		txt, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if string(txt) != d.corrected {
			t.Errorf("doc %q: %s differs from the corrected text", d.item.Doc.ID, file)
		}
		ann, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(file, ".txt")+".ann"))
		if err != nil {
			t.Fatal(err)
		}
		var ents [][3]any
		for line := range strings.Lines(string(ann)) {
			f := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
			if len(f) != 3 {
				t.Fatalf("doc %q: bad .ann line %q", d.item.Doc.ID, line)
			}
			if !strings.HasPrefix(f[0], "T") {
				continue
			}
			label, spans, _ := strings.Cut(f[1], " ")
			var texts []string
			first, last := -1, -1
			for _, frag := range strings.Split(spans, ";") {
				a, b, _ := strings.Cut(frag, " ")
				s, err1 := strconv.Atoi(a)
				e, err2 := strconv.Atoi(b)
				if err1 != nil || err2 != nil {
					t.Fatalf("bad fragment %q", frag)
				}
				texts = append(texts, cp(t, string(txt), s, e))
				if first < 0 {
					first = s
				}
				last = e
			}
			if got := strings.Join(texts, " "); got != f[2] {
				t.Errorf("doc %q: %s fragments give %q, line says %q", d.item.Doc.ID, f[0], got, f[2])
			}
			ents = append(ents, [3]any{float64(first), float64(last), label})
		}
		checkEnts(t, string(txt), d, ents)
	}
}

func TestOffsetsText(t *testing.T) {
	docs := trickyDocs(t)
	_, dir := writeTricky(t, docs, Options{Format: FormatText})
	ids := readIDs(t, dir)
	for _, d := range docs {
		txt, err := os.ReadFile(filepath.Join(dir, ids[d.item.Doc.ID]))
		if err != nil {
			t.Fatal(err)
		}
		if string(txt) != d.corrected {
			t.Errorf("doc %q: %q, want %q", d.item.Doc.ID, txt, d.corrected)
		}
	}
}
