package query

import (
	"slices"
	"strings"
	"testing"

	"folio/annot"
)

func TestConf(t *testing.T) {
	docs := []annot.Doc{
		{ID: "txt"},
		{ID: "zero", MinConf: 0, HasConf: true},
		{ID: "low", MinConf: 0.3, HasConf: true},
		{ID: "half", MinConf: 0.5, HasConf: true},
		{ID: "high", MinConf: 0.95, HasConf: true},
	}
	for _, c := range []struct{ q, want string }{
		{"conf:<0.5", "zero low"},
		{"conf:<=0.5", "zero low half"},
		{"conf:>0.5", "high"},
		{"conf:>=0.5", "half high"},
		{"conf:<0", ""},
		{"-conf:<0.5", "txt half high"},
		{"conf:<0.5 OR id:high", "zero low high"},
	} {
		q, err := Parse(c.q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.q, err)
		}
		var got []string
		for _, d := range docs {
			if q.Match(Subject{Doc: d}) {
				got = append(got, d.ID)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s matches %q, want %q", c.q, got, c.want)
		}
		if s := q.String(); s != c.q {
			if q2, err := Parse(s); err != nil || q2.String() != s {
				t.Errorf("%s: canonical form %q does not parse back (%v)", c.q, s, err)
			}
		}
	}
	for _, bad := range []string{"conf:0.5", "conf:<x", "conf:<1.5", "conf:<-1", "conf:="} {
		if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), "conf:") {
			t.Errorf("Parse(%q) = %v, want an error about conf:", bad, err)
		}
	}
}

func TestTwinTerms(t *testing.T) {
	docs := []annot.Doc{
		{ID: "001_scan", Twins: []string{"004_web"}},
		{ID: "004_web", Twins: []string{"001_scan"}},
		{ID: "000_other"},
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"has:twin", []string{"001_scan", "004_web"}},
		{"-has:twin", []string{"000_other"}},
		{"twin:004_web", []string{"001_scan"}},
		{"twin:004*", []string{"001_scan"}},
		{"twin:nothing", nil},
	} {
		q, err := Parse(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		var got []string
		for _, d := range docs {
			if q.Match(Subject{Doc: d}) {
				got = append(got, d.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
		}
	}
}
