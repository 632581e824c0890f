package annot

import (
	"strings"
	"testing"
)

func TestNamesAndIDs(t *testing.T) {
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"PER", true}, {"Köln-Bonn", true}, {"東京", true}, {strings.Repeat("n", MaxNameBytes), true},
		{"", false}, {strings.Repeat("n", MaxNameBytes+1), false},
		{"LOC\x1b]2;PWNED\x07", false}, {"a\nb", false}, {"a\u009bb", false}, {"a\u202eb", false},
		{"a\u2028b", false}, {"a\x7f", false}, {"bad\xff", false},
	} {
		if err := CheckName("the label", c.name); (err == nil) != c.ok {
			t.Errorf("CheckName(%q) = %v", c.name, err)
		}
		ent := Annotation{Kind: KindEntity, Label: c.name, Start: 0, End: 1}
		if err := Check(ent, 5); (err == nil) != c.ok && strings.TrimSpace(c.name) != "" {
			t.Errorf("Check(entity %q) = %v", c.name, err)
		}
	}
	if err := Check(Annotation{Kind: KindEntity, Label: "PER", Canonical: "Ute\x1b[2J", Start: 0, End: 1}, 5); err == nil {
		t.Error("a canonical name with ESC was accepted")
	}
	for _, bad := range []string{"a\u009bb", "a\u202eb", strings.Repeat("t", MaxNameBytes+1)} {
		if err := CheckTagName(bad); err == nil {
			t.Errorf("CheckTagName(%q) accepted it", bad)
		}
	}
	if err := CheckID(strings.Repeat("i", MaxIDBytes)); err != nil {
		t.Error(err)
	}
	if err := CheckID(strings.Repeat("i", MaxIDBytes+1)); err == nil || !strings.Contains(err.Error(), "1025 bytes") {
		t.Errorf("CheckID(1025 bytes) = %v", err)
	}
	if err := CheckID(""); err == nil {
		t.Error("CheckID accepted an empty id")
	}
	// control characters are a file name's to have; bytes that are not
	// UTF-8 are refused, not replaced into another name's id
	for id, ok := range map[string]bool{"a\rb": true, "a\x1b[2Jb": true, "K\u00f6ln": true, "a\xffb": false, "K\xf6ln": false} {
		if err := CheckID(id); (err == nil) != ok {
			t.Errorf("CheckID(%q) = %v, want accepted %v", id, err, ok)
		} else if err != nil && !strings.Contains(err.Error(), "not valid UTF-8") {
			t.Errorf("CheckID(%q) = %v, want it to say why", id, err)
		}
	}
}
