package suggest

import "testing"

func TestChannelRewrites(t *testing.T) {
	tests := []struct {
		word, want string
		reach      bool
	}{
		{"Kdln", "köln", true},
		{"Koln", "köln", true},
		{"fiir", "für", true},
		{"Biindnis", "bündnis", true},
		{"gruindet", "gründet", true},
		{"Riusselsheim", "rüsselsheim", true},
		{"Kélner", "kölner", true},
		{"néachsten", "nächsten", true},
		{"mittelstdndischen", "mittelständischen", true},
		{"grofse", "große", true},
		{"groBe", "große", true},
		{"Bund", "ßund", false}, // B is ß only inside a word
		{"AIlianz", "allianz", true},
		{"rnehr", "mehr", true},
		{"cler", "der", true},
		{"Kaufrnann", "kaufmann", true},
		{"1ch", "ich", true},
		{"K0ln", "koln", true},
		{"Stadtepartnerschaften", "städtepartnerschaften", true},
		{"gedffnet", "geöffnet", true},
		{"Kdlner", "kölnér", false},
	}
	c := newChannel()
	for _, tt := range tests {
		got := false
		c.expand(lexFold(tt.word), tt.word, 2, func(v []byte, rw chRewrite) bool {
			if string(v) == tt.want {
				got = true
				if rw.p <= 0 || rw.p > 1 || rw.n < 1 || rw.n > 2 {
					t.Errorf("%s→%s: bad rewrite %+v", tt.word, tt.want, rw)
				}
			}
			return !got
		})
		if got != tt.reach {
			t.Errorf("expand(%q) reaches %q: %v, want %v", tt.word, tt.want, got, tt.reach)
		}
	}
}

func TestChannelDiff(t *testing.T) {
	tests := []struct{ a, b, obs, want string }{
		{"rathaiis", "rathaus", "ii", "u"},
		{"kdln", "köln", "d", "ö"},
		{"köln", "kéln", "ö", "é"},
		{"abc", "abc", "", ""},
		{"ab", "abc", "", "c"},
	}
	for _, tt := range tests {
		if obs, want := chDiff(tt.a, tt.b); obs != tt.obs || want != tt.want {
			t.Errorf("chDiff(%q, %q) = %q, %q; want %q, %q", tt.a, tt.b, obs, want, tt.obs, tt.want)
		}
	}
}

func TestLearnRaisesWeight(t *testing.T) {
	o := NewOCR(NewLexicon())
	before := o.Weight("d", "ö")
	o.Learn("Kdln", "Köln")
	after := o.Weight("d", "ö")
	if after <= before {
		t.Errorf("d→ö weight %v after a confirmed fix, was %v", after, before)
	}
	o.Learn("Kdlner", "Kölner")
	if again := o.Weight("d", "ö"); again <= after || again > chLearnedMax {
		t.Errorf("d→ö weight %v after two fixes, was %v", again, after)
	}
	if o.Weight("ii", "u") != 0 {
		t.Fatal("ii→u should not be in the table")
	}
	o.Learn("Rathaiis", "Rathaus")
	if o.Weight("ii", "u") <= chLearnedPrior {
		t.Errorf("learning ii→u gave weight %v", o.Weight("ii", "u"))
	}
	o.Learn("feierli-\nchem", "feierlichem") // a join, not a rewrite
	if !o.Lexicon().Known("feierlichem") || !o.Lexicon().Known("köln") {
		t.Error("Learn did not add the fixes to the lexicon")
	}
}
