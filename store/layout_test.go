package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

func testLayout() *annot.Layout {
	return &annot.Layout{Format: "alto", Page: 2, ImageRef: "a.tif", Image: "scans/a.png", Width: 100, Height: 50,
		Lines: []annot.LayoutLine{{Span: annot.Span{Start: 0, End: 9}, Box: annot.Box{X0: 1, Y0: 2, X1: 90, Y1: 20},
			Polygon: []annot.Point{{X: 1, Y: 2}, {X: 90, Y: 2}, {X: 90, Y: 20}}, Alt: []string{"Hallo Wclt"}}},
		Words: []annot.LayoutWord{
			{Span: annot.Span{Start: 0, End: 5}, Box: annot.Box{X0: 1, Y0: 2, X1: 40, Y1: 20}, Conf: 0, HasConf: true},
			{Span: annot.Span{Start: 6, End: 9}, Box: annot.Box{X0: 50, Y0: 2, X1: 90, Y1: 20}, Conf: 0.25, HasConf: true, Alt: []string{"Wclt"}},
		},
		Source: []byte("<alto>…</alto>\n"),
	}
}

// TestLayoutStored: a layout imported with its document comes back
// whole; re-importing the same text without one keeps it; a changed text
// without one drops it.
func TestLayoutStored(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.Layout("d"); !errors.Is(err, ErrNoLayout) {
		t.Fatalf("Layout before any import: %v, want ErrNoLayout", err)
	}
	imp := func(d ImportDoc) {
		t.Helper()
		im := s.NewImporter(nil)
		if err := im.Add(d); err != nil {
			t.Fatal(err)
		}
		if _, err := im.Close(); err != nil {
			t.Fatal(err)
		}
	}
	want := testLayout()
	imp(ImportDoc{ID: "d", Text: "Hallo Welt", Layout: want})
	imp(ImportDoc{ID: "plain", Text: "no layout"})
	got, err := s.Layout("d")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("layout\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.Layout("plain"); !errors.Is(err, ErrNoLayout) {
		t.Errorf("Layout(plain): %v, want ErrNoLayout", err)
	}
	imp(ImportDoc{ID: "d", Text: "Hallo Welt"})
	if _, err := s.Layout("d"); err != nil {
		t.Errorf("the same text without a layout dropped it: %v", err)
	}
	imp(ImportDoc{ID: "d", Text: "Hallo Welt!"})
	if _, err := s.Layout("d"); !errors.Is(err, ErrNoLayout) {
		t.Errorf("a changed text kept its stale layout: %v", err)
	}
}

func TestDecodeLayoutDamaged(t *testing.T) {
	good, err := encodeLayout(testLayout())
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{nil, {9}, good[:len(good)/2], append([]byte{layoutVersion}, "not deflate"...)} {
		if _, err := decodeLayout(b); !errors.Is(err, ErrDamaged) {
			t.Errorf("decodeLayout(%q): %v, want ErrDamaged", b, err)
		}
	}
}

// FuzzDecodeLayout: no stored value makes decodeLayout panic.
func FuzzDecodeLayout(f *testing.F) {
	good, err := encodeLayout(testLayout())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := decodeLayout(b)
		if err == nil && l == nil {
			t.Fatal("nil layout without an error")
		}
	})
}

// TestDocRecordConf: the lowest OCR confidence survives the binary
// record, 0 included; a record without it decodes as none.
func TestDocRecordConf(t *testing.T) {
	for _, d := range []annot.Doc{
		{ID: "a", MinConf: 0, HasConf: true},
		{ID: "b", MinConf: 0.123456, HasConf: true},
		{ID: "c", MinConf: 1, HasConf: true},
		{ID: "d"},
	} {
		got, err := decodeDoc(encodeDoc(d))
		if err != nil {
			t.Fatal(err)
		}
		if got.HasConf != d.HasConf || got.MinConf != d.MinConf {
			t.Errorf("%s: conf %v %v, want %v %v", d.ID, got.MinConf, got.HasConf, d.MinConf, d.HasConf)
		}
	}
	bad := append(encodeDoc(annot.Doc{ID: "x"}), 0)
	if _, err := decodeDoc(bad); err == nil {
		t.Error("a trailing 0 (no confidence written as one) decodes")
	}
}

// TestCheckLayouts: check finds a layout whose spans leave the text and
// one without a document.
func TestCheckLayouts(t *testing.T) {
	s, _ := openTemp(t)
	importDocs(t, s, ImportDoc{ID: "d", Text: "Hallo Welt", Layout: testLayout()})
	if probs, err := s.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("a sound store: %v %v", probs, err)
	}
	bad := testLayout()
	bad.Words[1].End = 99
	for id, l := range map[string]*annot.Layout{"d": bad, "ghost": testLayout()} {
		err := s.update(func(tx *bolt.Tx) error { return putLayout(tx, id, l, false) })
		if err != nil {
			t.Fatal(err)
		}
	}
	probs, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(probs, "\n")
	for _, want := range []string{`layout of "d": word 1 [6,99) does not fit`, `layout of "ghost": no such document`} {
		if !strings.Contains(got, want) {
			t.Errorf("check says\n%s\nwant %q", got, want)
		}
	}
}

// TestLayoutSameSource: a page imported again from the very same XML is
// the document stored, even when the reader now writes its text
// otherwise (a word's spacing): its text, layout and annotations stay,
// nothing goes stale. A changed page replaces it.
func TestLayoutSameSource(t *testing.T) {
	s, _ := openTemp(t)
	imp := func(d ImportDoc) ImportStats { return importDocs(t, s, d) }
	first := testLayout()
	imp(ImportDoc{ID: "d", Text: "Hallo Welt", Layout: first,
		Anns: []annot.Annotation{{Kind: annot.KindEntity, Start: 6, End: 10, Label: "LOC"}}})
	again := testLayout()
	again.Words[1].Span = annot.Span{Start: 7, End: 10}
	if st := imp(ImportDoc{ID: "d", Text: "Hallo  Welt", Layout: again}); st.Unchanged != 1 || st.Updated != 0 || st.Stale != 0 {
		t.Errorf("the same XML read again: %+v, want one unchanged", st)
	}
	doc, err := s.Document("d")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "Hallo Welt" {
		t.Errorf("text %q, want the stored one", doc.Text)
	}
	if len(doc.Anns) != 1 || doc.Anns[0].Stale || doc.Anns[0].Start != 6 {
		t.Errorf("annotations %+v, want the entity as it was", doc.Anns)
	}
	if got, err := s.Layout("d"); err != nil || !reflect.DeepEqual(got, first) {
		t.Errorf("layout %+v (%v), want the stored one", got, err)
	}
	changed := testLayout()
	changed.Source = []byte("<alto>changed</alto>\n")
	changed.Words[1].Span = annot.Span{Start: 7, End: 10}
	if st := imp(ImportDoc{ID: "d", Text: "Hallo  Welt", Layout: changed}); st.Updated != 1 {
		t.Errorf("a changed XML: %+v, want one updated", st)
	}
	if got, err := s.Layout("d"); err != nil || !reflect.DeepEqual(got, changed) {
		t.Errorf("layout %+v (%v), want the changed one", got, err)
	}
}
