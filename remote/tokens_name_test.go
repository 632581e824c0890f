package remote

import (
	"regexp"
	"strings"
	"testing"
)

// validName accepts exactly what the rule's regular expression matches.
func TestValidNameIsTheRule(t *testing.T) {
	rule := regexp.MustCompile(`^[\pL\pN][\pL\pN._@-]{0,63}$`)
	names := []string{"", "ute", "Ute.Berg", "ute@example.org", "u-1_2", ".ute", "-x", "_x", "@x", "1ute",
		"Ärger", "ß", "٣x", "ute berg", "ute\n", "ute\x00", "ute/../x", "\xffute", "ute\xff", "日本語",
		strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("ä", 64), strings.Repeat("ä", 65), "a" + strings.Repeat(".", 63), "a" + strings.Repeat(".", 64)}
	for _, n := range names {
		if got, want := validName(n), rule.MatchString(n); got != want {
			t.Errorf("validName(%q) = %v, the rule says %v", n, got, want)
		}
	}
}

func FuzzValidName(f *testing.F) {
	rule := regexp.MustCompile(`^[\pL\pN][\pL\pN._@-]{0,63}$`)
	for _, s := range []string{"ute", ".x", "ä1", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validName(s), rule.MatchString(s); got != want {
			t.Errorf("validName(%q) = %v, the rule says %v", s, got, want)
		}
	})
}
