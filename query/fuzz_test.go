package query

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// dump writes the structure of n, so that two queries can be compared
// beyond their String.
func dump(n *node) string {
	if n == nil {
		return "∅"
	}
	switch n.op {
	case opWord:
		return "w(" + n.value + ")"
	case opField:
		s := "f(" + n.field.String() + ":" + n.value
		if n.prefix {
			s += "*"
		}
		return s + ")"
	}
	s := [...]string{"", "", "not(", "and(", "or("}[n.op]
	for i, k := range n.kids {
		if i > 0 {
			s += ","
		}
		s += dump(k)
	}
	return s + ")"
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "label:PER -label:DATE status:done", `entity:"Ute Berg" OR tag:x`,
		"a b OR c", "-(a OR b) (c d)", `"a\"b" x*`, "status:foo", "(a", "a)", "a OR",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %v is not a *query.Error", s, err)
			}
			if n := utf8.RuneCountInString(s); qe.Col < 1 || qe.Col > n+1 {
				t.Fatalf("Parse(%q): col %d outside 1..%d", s, qe.Col, n+1)
			}
			return
		}
		out := q.String()
		q2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", s, out, err)
		}
		if out2 := q2.String(); out2 != out {
			t.Fatalf("Parse(%q): String %q reparses as %q", s, out, out2)
		}
		if d1, d2 := dump(q.root), dump(q2.root); d1 != d2 {
			t.Fatalf("Parse(%q): %s, but its String %q parses as %s", s, d1, out, d2)
		}
		for _, d := range testDocs {
			sub := Subject{Doc: d.doc, Text: func() string { return d.text + s }}
			if q.Match(sub) != q2.Match(sub) {
				t.Fatalf("Parse(%q) and Parse(%q) disagree on %s", s, out, d.doc.ID)
			}
		}
	})
}
