package corpus

import (
	"bytes"
	"reflect"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// TestBigSingleLine reads a 50 MB document that is one line, as JSONL and
// as .txt: no line length limit, and no second copy per document.
func TestBigSingleLine(t *testing.T) {
	const size = 50 << 20
	unit := []byte("Grüße aus Köln, der Stadt am Rhein. ")
	body := bytes.Repeat(unit, size/len(unit)+1)
	var jsonl bytes.Buffer
	jsonl.Grow(len(body) + 100)
	jsonl.WriteString(`{"id":"big","label":[[0,5,"X"]],"text":"`)
	jsonl.Write(body)
	jsonl.WriteString("\"}\n{\"id\":\"small\",\"text\":\"klein\"}\n")
	fsys := fstest.MapFS{
		"big.jsonl": {Data: jsonl.Bytes()},
		"huge.txt":  {Data: body},
	}
	g := readFS(t, fsys, ".")
	if len(g.probs) != 0 {
		t.Errorf("problems:\n%s", g.problemList())
	}
	if want := []string{"big", "small", "huge"}; !reflect.DeepEqual(g.ids(), want) {
		t.Fatalf("ids = %q, want %q", g.ids(), want)
	}
	for _, d := range []Doc{g.docs[0], g.docs[2]} {
		if d.Text != string(body) {
			t.Errorf("%s: %d bytes, want %d", d.Source, len(d.Text), len(body))
		}
		if n := utf8.RuneCountInString(d.Title); n > MaxTitle || n < MaxTitle-30 || d.Title[:10] != string(unit[:10]) {
			t.Errorf("%s: title %q", d.Source, d.Title)
		}
	}
	if a := g.docs[0].Anns; len(a) != 1 || a[0].Text != "Grüße" {
		t.Errorf("annotations of the big line: %+v", a)
	}
}
