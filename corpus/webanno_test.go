package corpus

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf16"

	"folio/annot"
	"folio/internal/shared"
)

// describe lists a document's entities and relations as text.
func describe(d Doc) []string {
	byID := map[string]annot.Annotation{}
	for _, a := range d.Anns {
		if a.ID != "" {
			byID[a.ID] = a
		}
	}
	var out []string
	for _, a := range d.Anns {
		switch a.Kind {
		case annot.KindEntity:
			s := a.Label + " " + a.Text
			if a.Canonical != "" {
				s += " =" + a.Canonical
			}
			out = append(out, s)
		case annot.KindRelation:
			out = append(out, a.Label+": "+byID[a.From].Text+" -> "+byID[a.To].Text)
		}
	}
	slices.Sort(out)
	return out
}

func TestWebAnno(t *testing.T) {
	dir := shared.Dir(t, "interop", "webanno")
	cases := []struct {
		file string
		text string // the start of the text
		want []string
	}{
		{"inception-curation/testsuite/multipleStackedAnnotationsAreNotMergedTest/user1.tsv", "Mourinho admitted a top four",
			[]string{"ORG Champions League", "ORGpart Champions League"}},
		{"inception-tsv3-suite/testSingleNonMultiTokenRelationWithMultipleFeatureValues/reference.tsv", "This is a test .",
			[]string{"Span This is", "Span a test", "nsubj: This is -> a test"}},
		// a slot feature: the host span's links are relations, the role
		// their label
		{"inception-tsv3-suite/testSimpleSlotFeature/reference.tsv", "This is a test .",
			[]string{"SimpleLinkHost This", "SimpleSpan a", "SimpleSpan is", "p1: This -> is", "p2: This -> a"}},
		{"inception-tsv3-suite/testSentenceWithEmoji/reference.tsv", "I like it 😊 .", []string{"Span 😊"}},
		{"inception-tsv3-suite/testCrossSentenceSpanWithFeatureValue/reference.tsv", "", nil},
		{"inception-tsv3-suite/testTokenBoundedSpanWithSpecialSymbolsValue/reference.tsv", "", nil},
		{"inception-tsv3-suite/testSentenceWithLineBreak/reference.tsv", "", nil},
	}
	for _, c := range cases {
		var docs []Doc
		var probs []string
		err := Read([]string{filepath.Join(dir, c.file)}, func(d Doc) error { docs = append(docs, d); return nil },
			func(p Problem) {
				if p.Skipped && p.Dropped == "" {
					probs = append(probs, p.String())
				}
			})
		if err != nil || len(docs) != 1 {
			t.Errorf("%s: %v, %d docs, %q", c.file, err, len(docs), probs)
			continue
		}
		d := docs[0]
		for _, p := range probs {
			// a label with a tab or line break in it is refused, as every
			// label with control characters is (issue 16)
			if !strings.Contains(c.file, "SpecialSymbols") || !strings.Contains(p, "may not contain control characters") {
				t.Errorf("%s: %q", c.file, p)
			}
		}
		if strings.Contains(c.file, "SpecialSymbols") && len(probs) == 0 {
			t.Errorf("%s: a label with a tab and a line break was not refused", c.file)
		}
		if !strings.HasPrefix(d.Text, c.text) {
			t.Errorf("%s: text %q", c.file, d.Text)
		}
		if c.want != nil && !reflect.DeepEqual(describe(d), c.want) {
			t.Errorf("%s: %q, want %q", c.file, describe(d), c.want)
		}
		if err := annot.Validate(d.Anns, annot.Runes(d.Text)); err != nil {
			t.Errorf("%s: %v", c.file, err)
		}
	}
	// every TSV 3 file of the folder reads; what folio cannot hold is
	// reported: stacked spans that say the same (folio keeps one, and the
	// relations of both) and zero-length spans
	var files []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tsv") {
			files = append(files, p)
		}
		return nil
	})
	ents := 0
	for _, f := range files {
		g := &got{}
		if err := Read([]string{f}, g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
		for _, p := range g.probs {
			if p.Skipped && p.Dropped == "" && !strings.Contains(p.Msg, "WebAnno TSV 2") &&
				!strings.Contains(p.Msg, "empty or inverted") &&
				!strings.Contains(p.Msg, "may not contain control characters") {
				t.Errorf("%s", p)
			}
		}
		for _, d := range g.docs {
			ents += len(d.Anns)
		}
	}
	t.Logf("%d files, %d annotations", len(files), ents)
}

// FuzzWebAnno reads arbitrary TSV: no panic, and every annotation kept is
// valid on its document's text.
func FuzzWebAnno(f *testing.F) {
	f.Add("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n#T_RL=webanno.custom.R|value|BT_webanno.custom.Span\n\n\n#Text=This is a test .\n1-1\t0-4\tThis\t*[1]\t_\t_\t\n1-2\t5-7\tis\t*[1]\t_\t_\t\n1-3\t8-9\ta\tX[2]\tnsubj\t1-1[1_2]\t\n1-4\t10-14\ttest\tX[2]\t_\t_\t\n")
	f.Add("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|identifier|value\n\n\n#Text=I 😊\n1-1\t0-1\tI\t_\tPER\n1-2\t2-4\t😊\t*\tX\\|Y|Z\n")
	f.Fuzz(func(t *testing.T, data string) {
		g := &got{}
		if err := ReadFS(fstest.MapFS{"x.tsv": {Data: []byte(data)}}, "x.tsv", g.doc, g.problem); err != nil {
			t.Fatal(err)
		}
		for _, d := range g.docs {
			if err := annot.Validate(d.Anns, annot.Runes(d.Text)); err != nil {
				t.Fatalf("%v in %+v", err, d.Anns)
			}
		}
	})
}

// TestWebAnnoOffsetJump: offsets far beyond the text are refused, not
// padded with gigabytes of spaces.
func TestWebAnnoOffsetJump(t *testing.T) {
	data := "#FORMAT=WebAnno TSV 3.3\n\n\n#Text=a\n1-1\t0-1\ta\n\n#Text=b\n2-1\t2000000000-2000000001\tb\n"
	g := readFS(t, fstest.MapFS{"x.tsv": {Data: []byte(data)}}, "x.tsv")
	if len(g.docs) != 0 {
		t.Fatalf("read %d documents", len(g.docs))
	}
	g.expectProblem(t, "x.tsv", "the offsets do not fit the text", true)
}

// TestWebAnnoStacked: stacked spans ("X[1]|X[2]" on the same tokens) are
// two entities, copies 0 and 1, and a relation from one stays with it.
func TestWebAnnoStacked(t *testing.T) {
	tsv := "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value\n#T_RL=webanno.custom.Rel|value|BT_webanno.custom.Span\n\n\n" +
		"#Text=Ute Berg .\n1-1\t0-3\tUte\tPER[1]|PER[2]\t_\t_\n1-2\t4-8\tBerg\tPER[1]|PER[2]\t_\t_\n1-3\t9-10\t.\tX[3]\tr\t1-1[2_3]\n"
	g := &got{}
	dir := t.TempDir()
	path := filepath.Join(dir, "s.tsv")
	if err := os.WriteFile(path, []byte(tsv), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Read([]string{path}, g.doc, g.problem); err != nil || len(g.docs) != 1 {
		t.Fatalf("%v, %d docs", err, len(g.docs))
	}
	var copies []int
	byID := map[string]annot.Annotation{}
	for _, a := range g.docs[0].Anns {
		byID[a.ID] = a
		if a.Kind == annot.KindEntity && a.Label == "PER" {
			copies = append(copies, a.Copy)
		}
	}
	if !reflect.DeepEqual(copies, []int{0, 1}) {
		t.Errorf("PER copies %v, want [0 1]; problems:\n%s", copies, g.problemList())
	}
	rels := 0
	for _, a := range g.docs[0].Anns {
		if a.Kind == annot.KindRelation {
			rels++
			if byID[a.From].Copy != 1 || byID[a.To].Label != "X" {
				t.Errorf("relation %+v goes from copy %d to %s, want from the second PER (copy 1) to X", a, byID[a.From].Copy, byID[a.To].Label)
			}
		}
	}
	if rels != 1 {
		t.Errorf("%d relations, want 1; problems:\n%s", rels, g.problemList())
	}
}

// TestWebAnnoChain: a chain layer's links are not kept, and each is
// counted as dropped once, however many tokens it spans.
func TestWebAnnoChain(t *testing.T) {
	data := "#FORMAT=WebAnno TSV 3.3\n#T_CH=webanno.custom.Koref|referenceRelation|referenceType\n\n\n" +
		"#Text=Anna kam . Sie blieb .\n" +
		"1-1\t0-4\tAnna\t*->1-1\t*[1]\t\n1-2\t5-8\tkam\t_\t_\t\n1-3\t9-10\t.\t_\t_\t\n" +
		"1-4\t11-14\tSie\t*->1-2[2]\t*[2]\t\n1-5\t15-20\tblieb\t*->1-2[2]\t*[2]\t\n1-6\t21-22\t.\t_\t_\t\n"
	g := readFS(t, fstest.MapFS{"k.tsv": {Data: []byte(data)}}, "k.tsv")
	if len(g.docs) != 1 || len(g.docs[0].Anns) != 1 || g.docs[0].Anns[0].Kind != annot.KindTokens {
		t.Fatalf("read %+v, want the tokens alone", g.docs)
	}
	var tl Tally
	for _, p := range g.probs {
		tl.Add(p)
	}
	if d := tl.Dropped(); d != "2 Koref chain links" {
		t.Errorf("dropped %q, want the two links", d)
	}
}

// TestWebAnnoSlotLinks: a link without a role is labelled with its
// feature, a link to a span with an id finds it, and one to no span is
// named in the dropped report.
func TestWebAnnoSlotLinks(t *testing.T) {
	tsv := "#FORMAT=WebAnno TSV 3.3\n" +
		"#T_SP=x.Part|\n" +
		"#T_SP=x.Deal|ROLE_x.Deal:parties_x.Link|x.Part\n\n\n" +
		"#Text=Ute kauft Bo Kahn Land\n" +
		"1-1\t0-3\tUte\t*\t_\t_\n" +
		"1-2\t4-9\tkauft\t_\tbuyer;;x\t1-1;1-3[2];1-5\t\n" +
		"1-3\t10-12\tBo\t*[2]\t_\t_\n" +
		"1-4\t13-17\tKahn\t*[2]\t_\t_\n" +
		"1-5\t18-22\tLand\t_\t_\t_\n"
	g := readFS(t, fstest.MapFS{"s.tsv": {Data: []byte(tsv)}}, "s.tsv")
	if len(g.docs) != 1 {
		t.Fatalf("%d docs\n%s", len(g.docs), g.problemList())
	}
	want := []string{"Deal kauft", "Part Bo Kahn", "Part Ute", "buyer: kauft -> Ute", "parties: kauft -> Bo Kahn"}
	if got := describe(g.docs[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("%q, want %q\n%s", got, want, g.problemList())
	}
	g.expectProblem(t, "s.tsv:8", "link x: no span at 1-5", true)
}

// TestWebAnnoTokensAtOffsets: TSV 3 offsets are offsets into the
// document's text, so the text read from a file holds every token (and
// sub-token) of the file at its offsets, across sentences too: each
// TSV 3 file of ../shared/interop/webanno. webanno_tsv's hand-made
// files are the exceptions the reader reports: a "#Text=" that is not
// the tokens' text (the tokens win) and offsets that start again in the
// second sentence (the sentence is moved after the first, its span
// across both kept).
func TestWebAnnoTokensAtOffsets(t *testing.T) {
	dir := shared.Dir(t, "interop", "webanno")
	var files []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".tsv") {
			files = append(files, p)
		}
		return nil
	})
	checked := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(raw), "#FORMAT=WebAnno TSV 3") {
			continue
		}
		g := &got{}
		if err := Read([]string{f}, g.doc, g.problem); err != nil || len(g.docs) != 1 {
			t.Fatalf("%s: %v, %d documents", f, err, len(g.docs))
		}
		d, rel := g.docs[0], strings.TrimPrefix(f, dir+string(filepath.Separator))
		moved := false
		for _, p := range g.probs {
			moved = moved || strings.Contains(p.Msg, "moved after it")
		}
		switch filepath.Base(f) {
		case "test_input_multi_sentence_span.tsv":
			// "#Text==A sentence …" holds "a" at 0 nowhere; the second
			// sentence's offsets start at 0 again
			if want := "a sentence with annotation-begin annotation-end here ."; d.Text != want || !moved {
				t.Errorf("%s: text %q (moved %v), want %q", rel, d.Text, moved, want)
			}
			if got, want := describe(d), []string{"ANNO annotation-begin annotation-end"}; !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", rel, got, want)
			}
			continue
		case "test_input_quotes.tsv":
			if want := `a sentence with " quotes "`; d.Text != want {
				t.Errorf("%s: text %q, want %q", rel, d.Text, want)
			}
		}
		if moved {
			t.Errorf("%s: offsets moved: %s", rel, g.problemList())
		}
		text := utf16.Encode([]rune(d.Text))
		for i, line := range strings.Split(string(raw), "\n") {
			fields := strings.Split(strings.TrimSuffix(line, "\r"), "\t")
			if strings.HasPrefix(line, "#") || len(fields) < 3 {
				continue
			}
			b, e, _ := strings.Cut(fields[1], "-")
			begin, err1 := strconv.Atoi(b)
			end, err2 := strconv.Atoi(e)
			if err1 != nil || err2 != nil || end > len(text) {
				t.Errorf("%s:%d: offsets %s beyond the text %q", rel, i+1, fields[1], d.Text)
				continue
			}
			if got := string(utf16.Decode(text[begin:end])); got != webannoUnescape(fields[2]) {
				t.Errorf("%s:%d: token %q, the text has %q at %s", rel, i+1, fields[2], got, fields[1])
			}
			checked++
		}
	}
	if checked < 240 {
		t.Errorf("%d tokens checked", checked)
	}
}
