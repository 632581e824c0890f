package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"folio/annot"
	"folio/corpus"
	"folio/internal/shared"
)

// bratLines parses every annotation line of a .ann file (T, R, E, A, M,
// N, #, *) into one string each, with every reference to another
// annotation replaced by what that annotation is: an entity by "LABEL
// start end" (see joinBlank), an event by "E(TYPE [trigger])", a relation
// by "R(LABEL from -> to)". Two files hold the same annotations when
// their lines are the same multiset, whatever the ids and the order.
// Lines it cannot parse come back as they are, so that they count.
func bratLines(t *testing.T, path, text string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	spans, evs, rels := map[string]string{}, map[string][]string{}, map[string][]string{}
	for _, line := range lines {
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 2 || f[0] == "" {
			continue
		}
		switch f[0][0] {
		case 'T':
			spans[f[0]] = joinBlank(f[1], text)
		case 'E':
			evs[f[0]] = strings.Fields(f[1])
		case 'R':
			rels[f[0]] = strings.Fields(f[1])
		}
	}
	var desc func(id string, depth int) string
	desc = func(id string, depth int) string {
		if s, ok := spans[id]; ok {
			return s
		}
		if a, ok := evs[id]; ok && len(a) > 0 && depth < 8 {
			typ, tr, _ := strings.Cut(a[0], ":")
			return "E(" + typ + " [" + desc(tr, depth+1) + "])"
		}
		if a, ok := rels[id]; ok && len(a) == 3 && depth < 8 {
			_, from, _ := strings.Cut(a[1], ":")
			_, to, _ := strings.Cut(a[2], ":")
			return "R(" + a[0] + " " + desc(from, depth+1) + " -> " + desc(to, depth+1) + ")"
		}
		return "?" + id
	}
	var out []string
	for _, line := range lines {
		f := strings.SplitN(line, "\t", 3)
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(f) < 2 || f[0] == "" {
			out = append(out, line)
			continue
		}
		a := strings.Fields(f[1])
		switch c := f[0][0]; {
		case c == 'T':
			out = append(out, "T "+spans[f[0]])
		case c == 'R' && len(a) == 3:
			out = append(out, desc(f[0], 0))
		case c == 'E' && len(a) > 0:
			var args []string
			for _, x := range a[1:] {
				role, id, _ := strings.Cut(x, ":")
				args = append(args, role+":"+desc(id, 1))
			}
			slices.Sort(args)
			out = append(out, "E "+strings.TrimPrefix(strings.TrimSuffix(desc(f[0], 0), ")"), "E(")+" "+strings.Join(args, " "))
		case (c == 'A' || c == 'M') && len(a) >= 2:
			p := strings.SplitN(f[1], " ", 3)
			out = append(out, "A "+p[0]+" on "+desc(p[1], 0)+" = "+strings.Join(p[2:], ""))
		case c == 'N' && len(a) >= 3 && len(f) == 3:
			out = append(out, "N on "+desc(a[1], 0)+" "+a[2]+" "+f[2])
		case c == '#' && len(a) == 2 && len(f) == 3:
			out = append(out, "# "+a[0]+" on "+desc(a[1], 0)+" "+f[2])
		case c == '*' && len(a) >= 2:
			var ms []string
			for _, m := range a[1:] {
				ms = append(ms, desc(m, 0))
			}
			slices.Sort(ms)
			out = append(out, "* "+a[0]+" "+strings.Join(ms, " | "))
		default:
			out = append(out, line)
		}
	}
	slices.Sort(out)
	return out
}

// joinBlank turns "L 5 7;8 10" into "L 5 10" when only white space lies
// between its fragments in text: folio holds such an entity as one span,
// and writes it back split at line breaks only.
func joinBlank(spec, text string) string {
	label, offs, _ := strings.Cut(spec, " ")
	frags := strings.Split(offs, ";")
	if len(frags) == 1 {
		return spec
	}
	runes := []rune(text)
	var first, last int
	prevEnd := -1
	for i, fr := range frags {
		var s, e int
		if _, err := fmt.Sscanf(fr, "%d %d", &s, &e); err != nil {
			return spec
		}
		if i == 0 {
			first = s
		}
		if prevEnd >= 0 && (s > len(runes) || strings.TrimSpace(string(runes[prevEnd:s])) != "") {
			return spec
		}
		prevEnd, last = e, e
	}
	return label + " " + strconv.Itoa(first) + " " + strconv.Itoa(last)
}

// TestBratRoundTrip imports every brat document of ../shared/interop/brat
// and exports it as brat again, and compares the two .ann files line by
// line after parsing both (bratLines): every text-bound annotation,
// relation, event, equivalence, attribute, normalization and note comes
// back, nested and identical spans included (brat's own example data lost
// 182 of 9 664 entities before), and nothing is gained. Only what the
// reader reported as skipped may be missing, one line for each problem,
// and only discontinuous spans with text in their gaps, with what hangs
// on them, are skipped.
func TestBratRoundTrip(t *testing.T) {
	root := shared.Dir(t, "interop", "brat")
	var txts []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".txt") {
			if _, err := os.Stat(strings.TrimSuffix(p, ".txt") + ".ann"); err == nil {
				txts = append(txts, p)
			}
		}
		return nil
	})
	if len(txts) < 30 {
		t.Fatalf("found %d brat documents under %s, want the 30 or more its README lists", len(txts), root)
	}
	kept := map[byte]int{}
	for _, p := range txts {
		var docs []corpus.Doc
		var skipped []string
		err := corpus.Read([]string{p}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, func(pr corpus.Problem) {
			if pr.Skipped {
				for range max(pr.N, 1) {
					skipped = append(skipped, pr.String())
				}
			}
		})
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %v, %d docs", p, err, len(docs))
		}
		d := docs[0]
		anns := make([]annot.Annotation, len(d.Anns))
		for i, a := range d.Anns {
			if a.ID == "" {
				a.ID = "a" + strconv.Itoa(i)
			}
			anns[i] = a
		}
		out := filepath.Join(t.TempDir(), "out")
		it := Item{Doc: annot.Doc{ID: "doc", Title: d.Title}, Text: d.Text, Anns: anns}
		ext := map[string]string{}
		for _, x := range d.External {
			ext[x.Label+"\x00"+x.Canonical] = x.ID
		}
		opt := Options{Format: FormatBrat, Out: out, Warn: func(w string) { t.Errorf("%s: export: %s", p, w) },
			ExternalID: func(label, canonical string) string { return ext[label+"\x00"+canonical] }}
		if _, err := Write(sliceSource([]Item{it}), opt); err != nil {
			t.Fatal(err)
		}
		want := bratLines(t, strings.TrimSuffix(p, ".txt")+".ann", d.Text)
		got := bratLines(t, filepath.Join(out, "doc.ann"), d.Text)
		var lost []string
		for _, w := range want {
			if i, ok := slices.BinarySearch(got, w); ok {
				got = slices.Delete(got, i, i+1)
				kept[w[0]]++
			} else {
				lost = append(lost, w)
			}
		}
		if len(got) != 0 {
			t.Errorf("%s: written, not read: %q", p, got)
		}
		if len(lost) != len(skipped) {
			t.Errorf("%s: lost %d lines %q; the reader skipped %d: %q", p, len(lost), lost, len(skipped), skipped)
		}
		for _, s := range skipped {
			// a discontinuous span with text in a gap, and the event it
			// triggers
			if !strings.Contains(s, "discontinuous span: the gap") && !strings.Contains(s, "is not an imported entity; not imported") {
				t.Errorf("%s: skipped: %s", p, s)
			}
		}
	}
	t.Logf("%d documents round-tripped, line by line: %d T, %d R, %d E, %d *, %d A/M, %d N, %d #",
		len(txts), kept['T'], kept['R'], kept['E'], kept['*'], kept['A'], kept['N'], kept['#'])
	// the files' own counts (their README): en-ref.ann alone has 203 T
	// lines, 4 of them two by two identical
	if kept['T'] < 691 {
		t.Errorf("%d text-bound annotations round-tripped, want the 691 of the files", kept['T'])
	}
}

// TestCoNLLRoundTrip: folio's CoNLL export reads back through its own
// CoNLL reader, one document for each, with the entities on the same
// words. The text is rebuilt from the tokens, so spacing and offsets
// differ; words are compared without spaces.
func TestCoNLLRoundTrip(t *testing.T) {
	items := seedItems(t)
	out, warns, _ := export(t, items, Options{Format: FormatCoNLL})
	path := filepath.Join(t.TempDir(), "seeds.conll")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(items) {
		t.Fatalf("%d documents read back, want %d", len(docs), len(items))
	}
	squeeze := func(label, text string) string { return label + " " + strings.Join(strings.Fields(text), "") }
	wrote, read := 0, 0
	for i, it := range items {
		c := (&docCtx{opt: &Options{Format: FormatCoNLL}}).correct(it)
		var want []string
		for _, e := range c.ents {
			want = append(want, squeeze(e.ann.Label, c.textOf(e.Span)))
		}
		for _, a := range docs[i].Anns {
			if g := squeeze(a.Label, a.Text); !slices.Contains(want, g) {
				t.Errorf("doc %d: %q read back, not among %q", i, g, want)
			}
		}
		wrote += len(want)
		read += len(docs[i].Anns)
	}
	// an entity that does not align with tokens, or lies inside another, is
	// written O with a warning
	left := 0
	for _, w := range warns {
		if strings.Contains(w, "does not align") || strings.Contains(w, "already written") {
			left++
		}
	}
	if read != wrote-left || read == 0 {
		t.Errorf("read back %d entities; wrote %d, %d of them left O with a warning: %q", read, wrote, len(warns), warns)
	}
}

// TestProdigyRoundTrip imports the Prodigy files of ../shared/interop and
// exports them as Prodigy again: each task's text comes back with the
// same accepted spans, the same answer and its meta keys. Tasks that share
// a text are one document in folio: their spans are compared together,
// and their answer only when they agree.
func TestProdigyRoundTrip(t *testing.T) {
	root := shared.Dir(t, "interop", "prodigy")
	files, _ := filepath.Glob(filepath.Join(root, "*.jsonl"))
	if len(files) < 5 {
		t.Fatalf("%d Prodigy files under %s", len(files), root)
	}
	type task struct {
		Text   string
		Answer string
		Meta   map[string]any
		Spans  []struct {
			Start, End int
			Label      string
			Answer     string
		}
	}
	key := func(tk task) (spans []string) {
		for _, s := range tk.Spans {
			if cmpOr(s.Answer, tk.Answer) != "reject" {
				spans = append(spans, fmt.Sprintf("%d %d %s", s.Start, s.End, s.Label))
			}
		}
		return spans
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{}
		answers := map[string]map[string]bool{}
		metas := map[string]map[string]any{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var tk task
			if err := json.Unmarshal([]byte(line), &tk); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			want[tk.Text] = append(want[tk.Text], key(tk)...)
			if answers[tk.Text] == nil {
				answers[tk.Text], metas[tk.Text] = map[string]bool{}, map[string]any{}
			}
			answers[tk.Text][tk.Answer] = true
			for k, v := range tk.Meta {
				metas[tk.Text][k] = v
			}
		}
		var items []Item
		sets := map[string]*annot.Set{} // lines of one text are one document, as in the store
		err = corpus.Read([]string{f}, func(d corpus.Doc) error {
			set := sets[d.ID]
			if set == nil {
				set = annot.NewSet(annot.Runes(d.Text), nil)
				sets[d.ID] = set
				items = append(items, Item{Doc: annot.Doc{ID: d.ID, Title: d.Title, Source: d.Source}, Text: d.Text})
			}
			for _, a := range d.Anns {
				if _, err := set.Put(a); err != nil {
					t.Errorf("%s: %v", d.ID, err)
				}
			}
			return nil
		}, nil)
		for i := range items {
			items[i].Anns = sets[items[i].Doc.ID].All()
		}
		if err != nil {
			t.Fatal(err)
		}
		out, _, _ := export(t, items, Options{Format: FormatProdigy})
		n := 0
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			var tk task
			if err := json.Unmarshal([]byte(line), &tk); err != nil {
				t.Fatal(err)
			}
			n++
			w, g := slices.Compact(slices.Sorted(slices.Values(want[tk.Text]))), slices.Sorted(slices.Values(key(tk)))
			if !slices.Equal(w, g) {
				t.Errorf("%s: %.40q: spans %q, want %q", filepath.Base(f), tk.Text, g, w)
			}
			if a := answers[tk.Text]; len(a) == 1 && !a[tk.Answer] {
				t.Errorf("%s: %.40q: answer %q, want %v", filepath.Base(f), tk.Text, tk.Answer, a)
			}
			for k := range metas[tk.Text] {
				if _, ok := tk.Meta[k]; !ok {
					t.Errorf("%s: %.40q: meta %q lost", filepath.Base(f), tk.Text, k)
				}
			}
		}
		if n != len(want) {
			t.Errorf("%s: %d tasks out, %d distinct texts in", filepath.Base(f), n, len(want))
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// TestLabelStudioRoundTrip exports documents as Label Studio tasks and
// reads them back: the same entities (nested ones too), attributes,
// relations and tags; and the Label Studio files of ../shared/interop
// come back with their regions.
func TestLabelStudioRoundTrip(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Ute Berg arbeitet für die Stadt Köln."}
	b.entity("Ute Berg", 1, "PER", "")
	b.entity("Stadt Köln", 1, "ORG", "")
	b.entity("Köln", 1, "LOC", "")
	b.tag("ocr")
	it := b.item("x")
	var per, org string
	for i, a := range it.Anns {
		switch a.Label {
		case "PER":
			per = a.ID
			it.Anns[i].Attrs = map[string]string{"gender": "f"}
		case "ORG":
			org = a.ID
		}
	}
	it.Anns = append(it.Anns, annot.Annotation{ID: "r1", Kind: annot.KindRelation, Label: "works_for", From: per, To: org},
		annot.Annotation{ID: "p1", Kind: annot.KindPrediction, Start: 26, End: 36, Label: "ORG", Value: "0.75", Class: "ner-v2"},
		annot.Annotation{ID: "p2", Kind: annot.KindPrediction, Start: 0, End: 3, Label: "PER", Class: "ner-v1"})
	out, warns, _ := export(t, []Item{it}, Options{Format: FormatLabelStudio})
	if len(warns) != 0 {
		t.Fatalf("warnings %q", warns)
	}
	var tasks []map[string]any
	if err := json.Unmarshal(out, &tasks); err != nil || len(tasks) != 1 {
		t.Fatalf("not a JSON list of one task: %v\n%s", err, out)
	}
	path := filepath.Join(t.TempDir(), "tasks.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) != 1 {
		t.Fatalf("%v, %d docs", err, len(docs))
	}
	describe := func(anns []annot.Annotation) []string {
		byID := map[string]annot.Annotation{}
		for _, a := range anns {
			byID[a.ID] = a
		}
		var out []string
		for _, a := range anns {
			switch a.Kind {
			case annot.KindEntity:
				out = append(out, fmt.Sprintf("%s %d %d %v", a.Label, a.Start, a.End, a.Attrs))
			case annot.KindRelation:
				out = append(out, a.Label+" "+byID[a.From].Label+" "+byID[a.To].Label)
			case annot.KindTag:
				out = append(out, "tag "+a.Label)
			case annot.KindPrediction:
				out = append(out, fmt.Sprintf("prediction %s %d %d %s %s", a.Label, a.Start, a.End, a.Value, a.Class))
			}
		}
		slices.Sort(out)
		return out
	}
	if got, want := describe(docs[0].Anns), describe(it.Anns); !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
	// the Label Studio files of ../shared/interop: import, export, import
	root := shared.Dir(t, "interop", "label-studio")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	read := func(path string) []corpus.Doc {
		var docs []corpus.Doc
		if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil {
			t.Fatal(err)
		}
		return docs
	}
	compared, predictions := 0, 0
	for _, f := range files {
		in := read(f)
		var items []Item
		for _, d := range in {
			items = append(items, Item{Doc: annot.Doc{ID: d.ID, Title: d.Title}, Text: d.Text, Anns: withIDs(d.Anns)})
		}
		out, _, _ := export(t, items, Options{Format: FormatLabelStudio})
		again := filepath.Join(t.TempDir(), "again.json")
		if err := os.WriteFile(again, out, 0o644); err != nil {
			t.Fatal(err)
		}
		back := read(again)
		if len(back) != len(in) {
			t.Fatalf("%s: %d tasks in, %d back", f, len(in), len(back))
		}
		for i := range in {
			if got, want := describe(back[i].Anns), describe(in[i].Anns); !slices.Equal(got, want) || back[i].Text != in[i].Text {
				t.Errorf("%s task %d: read back %q, want %q", f, i+1, got, want)
			}
			compared++
			for _, a := range back[i].Anns {
				if a.Kind == annot.KindPrediction {
					predictions++
				}
			}
		}
	}
	if compared < 4 || predictions == 0 {
		t.Errorf("compared %d tasks, %d predictions", compared, predictions)
	}
	// an empty export is an empty list
	out, _, _ = export(t, nil, Options{Format: FormatLabelStudio})
	if string(out) != "[]\n" {
		t.Errorf("empty export %q", out)
	}
}

// withIDs gives the annotations that have no id one, as the store would.
func withIDs(anns []annot.Annotation) []annot.Annotation {
	out := make([]annot.Annotation, len(anns))
	for i, a := range anns {
		if a.ID == "" {
			a.ID = "a" + strconv.Itoa(i)
		}
		out[i] = a
	}
	return out
}

// TestWebAnnoRoundTrip: folio → WebAnno TSV 3 → folio keeps nested
// entities, canonical names and relations on the same words; and the
// TSV 3 files of ../shared/interop import, export and import again with
// the same entities and relations.
func TestWebAnnoRoundTrip(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Ute Berg arbeitet für die Stadt Köln. Dann | [x] 😊 _ ging sie."}
	b.entity("Ute Berg", 1, "PER", "Ute Berg")
	b.entity("Stadt Köln", 1, "ORG", "")
	b.entity("Köln", 1, "LOC", "")
	b.entity("😊", 1, "X|Y", "")
	it := b.item("x")
	var per, org string
	for _, a := range it.Anns {
		switch a.Label {
		case "PER":
			per = a.ID
		case "ORG":
			org = a.ID
		}
	}
	it.Anns = append(it.Anns, annot.Annotation{ID: "r1", Kind: annot.KindRelation, Label: "works_for", From: per, To: org})
	describe := func(text string, anns []annot.Annotation) []string {
		byID := map[string]annot.Annotation{}
		for _, a := range anns {
			byID[a.ID] = a
		}
		var out []string
		for _, a := range anns {
			switch a.Kind {
			case annot.KindEntity:
				out = append(out, a.Label+" "+annot.Slice(text, a.Span())+" "+a.Canonical)
			case annot.KindRelation:
				out = append(out, a.Label+": "+byID[a.From].Label+" -> "+byID[a.To].Label)
			}
		}
		slices.Sort(out)
		return out
	}
	roundTrip := func(items []Item) []corpus.Doc {
		t.Helper()
		out := filepath.Join(t.TempDir(), "out")
		if _, err := Write(sliceSource(items), Options{Format: FormatWebAnno, Out: out, Warn: func(w string) { t.Errorf("export: %s", w) }}); err != nil {
			t.Fatal(err)
		}
		var docs []corpus.Doc
		var probs []string
		files, _ := filepath.Glob(filepath.Join(out, "*.tsv"))
		for _, f := range files {
			if filepath.Base(f) == "ids.tsv" {
				continue
			}
			if err := corpus.Read([]string{f}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, func(p corpus.Problem) {
				if p.Skipped {
					probs = append(probs, p.String())
				}
			}); err != nil {
				t.Fatal(err)
			}
		}
		if len(probs) > 0 {
			t.Errorf("reading back: %q", probs)
		}
		return docs
	}
	docs := roundTrip([]Item{it})
	if len(docs) != 1 {
		t.Fatalf("%d documents back", len(docs))
	}
	if got, want := describe(docs[0].Text, docs[0].Anns), describe(it.Text, it.Anns); !slices.Equal(got, want) {
		t.Errorf("read back %q, want %q", got, want)
	}
	if docs[0].Text != it.Text {
		t.Errorf("text %q, want %q", docs[0].Text, it.Text)
	}

	root := shared.Dir(t, "interop", "webanno")
	for _, f := range []string{
		"inception-curation/testsuite/multipleStackedAnnotationsAreNotMergedTest/user1.tsv",
		"inception-tsv3-suite/testSingleNonMultiTokenRelationWithMultipleFeatureValues/reference.tsv",
		"inception-tsv3-suite/testSentenceWithEmoji/reference.tsv",
	} {
		var in []corpus.Doc
		if err := corpus.Read([]string{filepath.Join(root, f)}, func(d corpus.Doc) error { in = append(in, d); return nil }, nil); err != nil || len(in) != 1 {
			t.Fatalf("%s: %v", f, err)
		}
		back := roundTrip([]Item{{Doc: annot.Doc{ID: "d"}, Text: in[0].Text, Anns: withIDs(in[0].Anns)}})
		if got, want := describe(back[0].Text, back[0].Anns), describe(in[0].Text, withIDs(in[0].Anns)); !slices.Equal(got, want) {
			t.Errorf("%s: read back %q, want %q", f, got, want)
		}
	}
}

// TestProdigyRelationsRoundTrip: relations written as Prodigy's
// rel.manual form read back between the same entities.
func TestProdigyRelationsRoundTrip(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Ute Berg arbeitet für die Stadt Köln."}
	b.entity("Ute Berg", 1, "PER", "")
	b.entity("Stadt Köln", 1, "ORG", "")
	it := b.item("x")
	it.Anns = append(it.Anns, annot.Annotation{ID: "r1", Kind: annot.KindRelation, Label: "works_for", From: it.Anns[0].ID, To: it.Anns[1].ID})
	if it.Anns[0].Kind != annot.KindEntity || it.Anns[1].Kind != annot.KindEntity {
		t.Fatalf("fixture: %+v", it.Anns)
	}
	out, _, _ := export(t, []Item{it}, Options{Format: FormatProdigy, Tokens: true})
	if !strings.Contains(string(out), `"relations":[{"head":1,"child":6,"head_span":{"start":0,"end":8,"token_start":0,"token_end":1,"label":"PER"}`) {
		t.Errorf("relations not in Prodigy's form:\n%s", out)
	}
	path := filepath.Join(t.TempDir(), "p.jsonl")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) != 1 {
		t.Fatalf("%v %d", err, len(docs))
	}
	byID := map[string]annot.Annotation{}
	for _, a := range docs[0].Anns {
		byID[a.ID] = a
	}
	n := 0
	for _, a := range docs[0].Anns {
		if a.Kind == annot.KindRelation {
			n++
			if a.Label != "works_for" || byID[a.From].Text != "Ute Berg" || byID[a.To].Text != "Stadt Köln" {
				t.Errorf("relation %+v", a)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d relations read back", n)
	}
}

// TestBratReadsItsOwnExport: folio reads back its brat export, an entity
// across a line break (written as fragments) and its normalization
// included (issue 14: "discontinuous span, not imported").
func TestBratReadsItsOwnExport(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Die Hannover\nMesse beginnt."}
	b.entity("Hannover\nMesse", 1, "EVENT", "Hannover Messe")
	out := filepath.Join(t.TempDir(), "out")
	if _, err := Write(sliceSource([]Item{b.item("x")}), Options{Format: FormatBrat, Out: out}); err != nil {
		t.Fatal(err)
	}
	ann, _ := os.ReadFile(filepath.Join(out, "x.ann"))
	if !strings.Contains(string(ann), "EVENT 4 12;13 18") {
		t.Fatalf("not written as fragments:\n%s", ann)
	}
	var docs []corpus.Doc
	var probs []string
	if err := corpus.Read([]string{filepath.Join(out, "x.txt")}, func(d corpus.Doc) error { docs = append(docs, d); return nil },
		func(p corpus.Problem) { probs = append(probs, p.String()) }); err != nil || len(docs) != 1 {
		t.Fatalf("%v %d", err, len(docs))
	}
	if len(probs) != 0 {
		t.Errorf("problems %q", probs)
	}
	a := docs[0].Anns
	if len(a) != 1 || a[0].Text != "Hannover\nMesse" || a[0].Canonical != "Hannover Messe" {
		t.Errorf("read back %+v", a)
	}
}

// TestDoccanoRelationsRoundTrip: a document with relations is written in
// doccano's relation form and reads back with them.
func TestDoccanoRelationsRoundTrip(t *testing.T) {
	b := &builder{t: t, id: "x", text: "Ute Berg arbeitet für die Stadt Köln."}
	b.entity("Ute Berg", 1, "PER", "")
	b.entity("Stadt Köln", 1, "ORG", "")
	b.entity("Köln", 1, "LOC", "")
	it := b.item("x")
	ids := map[string]string{}
	for _, a := range it.Anns {
		ids[a.Label] = a.ID
	}
	it.Anns = append(it.Anns, annot.Annotation{ID: "r1", Kind: annot.KindRelation, Label: "works_for", From: ids["PER"], To: ids["ORG"]})
	out, warns, _ := export(t, []Item{it}, Options{Format: FormatDoccano})
	if len(warns) != 0 || !strings.Contains(string(out), `"relations":[{"id":1,"from_id":1,"to_id":2,"type":"works_for"}]`) {
		t.Fatalf("warnings %q:\n%s", warns, out)
	}
	path := filepath.Join(t.TempDir(), "d.jsonl")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []corpus.Doc
	if err := corpus.Read([]string{path}, func(d corpus.Doc) error { docs = append(docs, d); return nil }, nil); err != nil || len(docs) != 1 {
		t.Fatalf("%v", err)
	}
	byID := map[string]annot.Annotation{}
	ents, rels := 0, 0
	for _, a := range docs[0].Anns {
		byID[a.ID] = a
	}
	for _, a := range docs[0].Anns {
		switch a.Kind {
		case annot.KindEntity:
			ents++
		case annot.KindRelation:
			rels++
			if byID[a.From].Label != "PER" || byID[a.To].Label != "ORG" {
				t.Errorf("relation %+v", a)
			}
		}
	}
	if ents != 3 || rels != 1 {
		t.Errorf("%d entities, %d relations read back", ents, rels)
	}
}
