package suggest

import "testing"

// TestFrakturConfusions: the confusions of Fraktur type that the channel
// knows beside the long s: k read as f (`Möglichfeit`) and the capitals B
// and V (`Berftandes` for Verstandes, not the likelier-looking
// Berstendes).
func TestFrakturConfusions(t *testing.T) {
	o := nounOCR(testNouns+" Möglichkeit Verstandes Berstendes Bestandes Vater", testWords+" des")
	for _, tc := range []struct{ text, word, want string }{
		{"Er sagte es: die Möglichfeit ist gut.", "Möglichfeit", "Möglichkeit"},
		{"Er sagte es: die Kraft des Berftandes ist gut.", "Berftandes", "Verstandes"},
	} {
		s := suggestedAt(o.Suggest("d", tc.text, nil), tc.word)
		switch {
		case s == nil:
			t.Errorf("%q: %s not suggested", tc.text, tc.word)
		case len(s.Candidates) == 0 || s.Candidates[0].Text != tc.want:
			t.Errorf("%q: %s → %+v, want %s first", tc.text, tc.word, s.Candidates, tc.want)
		}
	}
	c := newCostTable()
	cost := func(obs, want string) float64 { return c.cost([]rune(obs), []rune(want), 10) }
	if a, b := cost("Berftandes", "verstandes"), cost("Berftandes", "berstendes"); a >= b {
		t.Errorf("Berftandes costs %.2f from verstandes, %.2f from berstendes; want the first cheaper", a, b)
	}
	if got := cost("Möglichfeit", "möglichkeit"); got > 0.45 {
		t.Errorf("Möglichfeit costs %.2f from möglichkeit, want at most 0.45 (k read as f)", got)
	}
}
