package suggest

import (
	"folio/annot"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// nameFiller is a clean German text of 50 words, every one of them known
// to the test dictionary (nameNouns, nameWords).
const nameFiller = "Er sagte es wieder. Die Stellung ist gut und frei. Wir gehen in das Haus. " +
	"Sie ist nicht alt. Das Jahr ist schon gut. Er sagte es nicht oder wie es ist. " +
	"Die Wahl ist frei und gut. Wir lassen es vor dem Haus. Das Tier ist alt und gut."

const (
	nameNouns = "Haus Stellung Wahl Tier Jahr Bürger Tür"
	nameWords = "er sagte es oder sie nicht der die das dem und ist ein eine lassen wir in wie wieder für frei " +
		"vor zu gehen gut alt schon uns"
)

func TestCleanTextNames(t *testing.T) {
	o := nounOCR(nameNouns, nameWords)
	damaged := strings.Replace(nameFiller, "Die Stellung ist gut und frei.", "Die Stellung ist fiir uns fiir alle fiir sie.", 1)
	for _, tc := range []struct {
		name       string
		text, word string
		conf       float64 // the engine's confidence in word, 0 for none
		flagged    bool
	}{
		// a clean text: a capitalised word of plain letters that no cheap
		// fix explains is a name
		{"clean, name", nameFiller + " Er sagte es Brumholt nicht.", "Brumholt", 0, false},
		{"clean, name with umlaut", nameFiller + " Er sagte es Grünwedel nicht.", "Grünwedel", 0, false},
		{"clean, name beside a hyphen", nameFiller + " Er sagte es Brumholt-Haus nicht.", "Brumholt", 0, false},
		// the same word where the page shows damage: a suspect
		{"damaged, name", damaged + " Er sagte es Brumholt nicht.", "Brumholt", 0, true},
		// a few lines prove nothing
		{"short, name", "Er sagte es Brumholt nicht.", "Brumholt", 0, true},
		// not the shape of a name, but no convincing fix either: in a
		// clean text a rare or foreign word, debris of a web page
		{"clean, small letters", nameFiller + " Er sagte es brumholt nicht.", "brumholt", 0, false},
		{"clean, digit", nameFiller + " Er sagte es Brumh0lt nicht.", "Brumh0lt", 0, false},
		{"clean, accent German lacks", nameFiller + " Er sagte es Brumhélt nicht.", "Brumhélt", 0, false},
		{"clean, two letters", nameFiller + " Er sagte es Ma nicht.", "Ma", 0, false},
		{"damaged, small letters", damaged + " Er sagte es brumholt nicht.", "brumholt", 0, true},
		{"damaged, digit", damaged + " Er sagte es Brumh0lt nicht.", "Brumh0lt", 0, true},
		{"damaged, two letters", damaged + " Er sagte es Ma nicht.", "Ma", 0, true},
		{"clean, small letters, doubted", nameFiller + " Er sagte es brumholt nicht.", "brumholt", 0.2, true},
		// two words run together with a capital: a web page's join in a
		// clean text, a lost space in a damaged one
		{"clean, joined", nameFiller + " Er sagte es gehenDas nicht.", "gehenDas", 0, false},
		{"damaged, joined", damaged + " Er sagte es gehenDas nicht.", "gehenDas", 0, true},
		{"clean, joined, doubted", nameFiller + " Er sagte es gehenDas nicht.", "gehenDas", 0.2, true},
		// a common confusion does not (l read as i), a nearly free one
		// does (the dots of an umlaut lost)
		{"clean, a common confusion", nameFiller + " Er sagte es Wahi nicht.", "Wahi", 0, false},
		{"damaged, a common confusion", damaged + " Er sagte es Wahi nicht.", "Wahi", 0, true},
		{"clean, lost umlaut dots", nameFiller + " Er sagte es Burger nicht.", "Burger", 0, true},
		// the engine doubted the word
		{"clean, doubted", nameFiller + " Er sagte es Brumholt nicht.", "Brumholt", 0.2, true},
		{"clean, sure", nameFiller + " Er sagte es Brumholt nicht.", "Brumholt", 0.95, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var conf []WordConf
			if tc.conf > 0 {
				at := strings.LastIndex(tc.text, tc.word)
				start := utf8.RuneCountInString(tc.text[:at])
				conf = []WordConf{{Start: start, End: start + utf8.RuneCountInString(tc.word), Conf: tc.conf}}
			}
			got := false
			for _, s := range o.SuggestConf("d", tc.text, nil, conf) {
				if strings.Contains(s.Text, tc.word) {
					got = true
				}
			}
			if got != tc.flagged {
				t.Errorf("%q flagged = %v, want %v; suggestions: %+v", tc.word, got, tc.flagged, o.SuggestConf("d", tc.text, nil, conf))
			}
		})
	}
}

// TestCleanTextKeepsDamage checks that a clean text's convincing damage
// stays a suggestion, also in small letters: only name-shaped or joined
// suspects and those without a convincing fix are dropped.
func TestCleanTextKeepsDamage(t *testing.T) {
	o := nounOCR(nameNouns, nameWords)
	text := nameFiller + " Er sagte es fiir uns."
	var got []string
	for _, s := range o.Suggest("d", text, nil) {
		got = append(got, s.Text)
	}
	if len(got) != 1 || got[0] != "fiir" {
		t.Errorf("suggestions %q, want only fiir", got)
	}
}

func TestOCRCleanText(t *testing.T) {
	items := func(convincing, weak, names, joined int) []ocrItem {
		var items []ocrItem
		for range convincing {
			items = append(items, ocrItem{s: Suggestion{Kind: KindOCR}})
		}
		for range weak {
			items = append(items, ocrItem{s: Suggestion{Kind: KindOCR}, unknown: true, weak: true})
		}
		for range names {
			// a name-shaped suspect with a fix: judged, not evidence
			items = append(items, ocrItem{s: Suggestion{Kind: KindOCR}, unknown: true, name: true})
		}
		for range joined {
			// a join with a convincing split: judged, not evidence
			items = append(items, ocrItem{s: Suggestion{Kind: KindOCR}, unknown: true, joined: true})
		}
		// line-end breaks are no damage
		return append(items, ocrItem{s: Suggestion{Kind: KindHyphen}}, ocrItem{s: Suggestion{Kind: KindHyphen}})
	}
	for _, tc := range []struct {
		convincing, weak, names, joined, words int
		clean                                  bool
	}{
		{0, 0, 0, 0, 100, true},
		{0, 5, 0, 0, 100, true}, // suspects without a convincing fix are no damage
		{1, 5, 0, 0, 100, true},
		{2, 0, 0, 0, 100, false},
		{1, 0, 3, 0, 100, true},
		{1, 0, 0, 3, 100, true},
		{1, 0, 2, 2, 100, true},
		{0, 0, 0, 0, 39, false}, // too short to tell
		{0, 0, 0, 0, 40, true},
		{5, 0, 0, 0, 500, true},
		{6, 0, 0, 0, 500, false},
	} {
		if got := ocrCleanText(items(tc.convincing, tc.weak, tc.names, tc.joined), tc.words); got != tc.clean {
			t.Errorf("%d convincing, %d weak, %d names, %d joined in %d words: clean = %v, want %v",
				tc.convincing, tc.weak, tc.names, tc.joined, tc.words, got, tc.clean)
		}
	}
}

func TestOCRNameShape(t *testing.T) {
	for w, want := range map[string]bool{
		"Brumholt": true, "Grünwedel": true, "Straße": true, "Abc": true,
		"Ab": false, "brumholt": false, "BRUMHOLT": false, "BrumHolt": false,
		"Brumh0lt": false, "Brumhélt": false, "Brum-holt": false, "Ärger": true, "Éclair": false,
	} {
		if got := ocrNameShape(w); got != want {
			t.Errorf("ocrNameShape(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestOCRJoined(t *testing.T) {
	for w, want := range map[string]bool{
		"planungenDas": true, "toTop": true, "lebeART": true, "neuKöln": true, "DebianMentors": true,
		"Brumholt": false, "BRUMHOLT": false, "brumholt": false, "GmbH": true, "PDFs": false, "Ab": false, "3D": false,
	} {
		if got := ocrJoined(w); got != want {
			t.Errorf("ocrJoined(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestCostLead checks that letters lost before the capital that starts a
// word cost costLead more than lost elsewhere, and only there.
func TestCostLead(t *testing.T) {
	c := newCostTable()
	for _, tc := range []struct {
		obs, want string
		cost      float64
	}{
		{"Xuvw", "axuvw", 1.5}, // a letter lost before the capital: 0.9 + 0.6
		{"Xuvw", "abxuvw", 2.4},
		{"xuvw", "axuvw", 0.9}, // no capital: a lost first letter
		{"XUVW", "axuvw", 0.9}, // capitals throughout: no word start shown
		{"Xuvw", "xuvwa", 0.9}, // lost at the end
		{"Xuvw", "xuavw", 0.9}, // lost inside
		{"Xuvw", "uvw", 0.9},   // a letter added before
		{"Xuvw", "auvw", 1.0},  // the first letter misread
		{"Öuvw", "aöuvw", 1.5},
	} {
		if got := c.cost([]rune(tc.obs), []rune(tc.want), 10); math.Abs(got-tc.cost) > 1e-9 {
			t.Errorf("cost(%q → %q) = %v, want %v", tc.want, tc.obs, got, tc.cost)
		}
	}
}

// TestForeignPartOfHyphenated checks that a word of the foreign list
// joined to another with a hyphen (`Flame-Haus`) is no suspect in a
// damaged text though a German fix is in reach, while the same word
// standing alone is, and a nearly free fix (lost umlaut dots) still
// outweighs it.
func TestForeignPartOfHyphenated(t *testing.T) {
	damaged := strings.Replace(nameFiller, "Die Stellung ist gut und frei.", "Die Stellung ist fiir uns fiir alle fiir sie.", 1)
	foreign := NewLexicon()
	for _, w := range []string{"flame", "burger", "war"} {
		foreign.AddWord(w, 1)
	}
	for _, tc := range []struct {
		name, text, word string
		foreign          bool
		flagged          bool
	}{
		{"hyphenated", damaged + " Er sagte es Flame-Haus nicht.", "Flame", true, false},
		{"hyphenated, no foreign list", damaged + " Er sagte es Flame-Haus nicht.", "Flame", false, true},
		{"alone", damaged + " Er sagte es Flame nicht.", "Flame", true, true},
		{"hyphenated, lost umlaut dots", damaged + " Er sagte es Burger-Haus nicht.", "Burger", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := nounOCR(nameNouns+" Flamme", nameWords)
			if tc.foreign {
				o.SetForeign(foreign)
			}
			sugs := o.Suggest("d", tc.text, nil)
			got := slices.ContainsFunc(sugs, func(s Suggestion) bool { return s.Text == tc.word })
			if got != tc.flagged {
				t.Errorf("%q flagged = %v, want %v; suggestions: %+v", tc.word, got, tc.flagged, sugs)
			}
		})
	}
}

// TestPoliteCase checks that a candidate that is a pronoun of the polite
// form takes the case the text writes such pronouns in inside its
// sentences: `thres` is `Ihres` in a text that addresses its reader as
// Sie (also at a sentence's start), `ihres` in one that speaks of third
// persons.
func TestPoliteCase(t *testing.T) {
	o := nounOCR(nameNouns, nameWords+" ihres ihre ihnen")
	const (
		polite = "Wenn Sie gehen, ist Ihre Wahl frei. Wir lassen Ihnen das Haus. "
		third  = "Wenn sie gehen, ist ihre Wahl frei. Wir lassen ihnen das Haus. "
	)
	for _, tc := range []struct {
		name, text, want string
	}{
		{"polite", polite + "Er sagte es thres Haus wegen.", "Ihres"},
		{"third person", third + "Er sagte es thres Haus wegen.", "ihres"},
		{"polite, sentence start", polite + "Er sagte es. thres Haus ist gut.", "Ihres"},
		{"no pronoun", "Er sagte es thres Haus wegen.", "ihres"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Candidate
			for _, s := range o.Suggest("d", tc.text, nil) {
				if s.Text == "thres" {
					got = s.Candidates
				}
			}
			if len(got) == 0 || got[0].Text != tc.want {
				t.Errorf("thres: candidates %v, want %s first", got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{polite, true},
		{third, false},
		{"Sie gehen. Ihre Wahl ist frei.", false}, // at a sentence's start every word is capitalised
		{"Wenn Sie gehen und sie kommen, ist Ihre Wahl frei.", true},
		{"Wenn Sie gehen und sie kommen, ist ihre Wahl frei.", false},
	} {
		if got := ocrPoliteText(tc.text, Tokens(tc.text)); got != tc.want {
			t.Errorf("ocrPoliteText(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestSuspectCaseOfItsLetter checks the case of a suspect's candidate
// inside a sentence: a capital that is the candidate's own first letter
// but for its marks (`Offentliche` for `Öffentliche`, a title's word) or
// after a stray digit (`2Zur`) stays; one the scanner made of another
// letter (`Gber` for `über`) goes. The reason names the word as the
// candidate has it.
func TestSuspectCaseOfItsLetter(t *testing.T) {
	o := nounOCR(nameNouns, nameWords+" öffentliche über zur")
	for _, tc := range []struct{ text, word, want string }{
		{"Er sagte es in Die Offentliche Wahl.", "Offentliche", "Öffentliche"},
		{"Er sagte es in die offentliche Wahl.", "offentliche", "öffentliche"},
		{"Er sagte es 2Zur Wahl.", "2Zur", "Zur"},
		{"Er sagte es Gber das Haus.", "Gber", "über"},
	} {
		var got *Suggestion
		sugs := o.Suggest("d", tc.text, nil)
		for i := range sugs {
			if sugs[i].Text == tc.word {
				got = &sugs[i]
			}
		}
		if got == nil || len(got.Candidates) == 0 || got.Candidates[0].Text != tc.want {
			t.Errorf("%q: suggestion %+v, want %s first", tc.word, got, tc.want)
			continue
		}
		if !strings.HasSuffix(got.Reason, " "+tc.want) {
			t.Errorf("%q: reason %q does not name %s", tc.word, got.Reason, tc.want)
		}
	}
}

// TestLongSText checks that a text written with the long s (a Fraktur
// transcription) is not corrected for it, nor for its umlauts written
// with a small e above, while a stray ſ in a text without it is damage.
func TestLongSText(t *testing.T) {
	o := nounOCR(nameNouns, nameWords+" sagte lassen für")
	flagged := func(text string) []string {
		var out []string
		for _, s := range o.Suggest("d", text, nil) {
			out = append(out, s.Text)
		}
		return out
	}
	if got := flagged("Er ſagte es. Wir laſſen das Haus. Es iſt fu\u0364r uns."); len(got) != 0 {
		t.Errorf("a text written with ſ: flagged %q", got)
	}
	if got := flagged("Er sagte es. Wir lassen das Haus. Es iſt für uns."); !slices.Contains(got, "iſt") {
		t.Errorf("a stray ſ: flagged %q, want iſt", got)
	}
	// a word broken at a line end is joined as the text spells it
	var join []Candidate
	for _, s := range o.Suggest("d", "Er ſagte es. Wir laſ-\nſen das Haus. Es iſt fu\u0364r uns.", nil) {
		if s.Kind == KindHyphen {
			join = s.Candidates
		}
	}
	if len(join) == 0 || join[0].Text != "laſſen" {
		t.Errorf("laſ-/ſen joined as %v, want laſſen", join)
	}
}

// TestCleanTextAfterReview: what the reviewer dealt with does not weigh
// the page. Damage fixed or a suggestion rejected leaves the rest of the
// text judged as the text left to review shows it: clean, its name
// unflagged. Damage still open makes it damaged, the name a suspect.
func TestCleanTextAfterReview(t *testing.T) {
	text := strings.Replace(nameFiller, "Die Stellung", "Die fiir Stellung", 1) + " Er sagte es Brumholt nicht."
	at := utf8.RuneCountInString(text[:strings.Index(text, "fiir")])
	for _, tc := range []struct {
		name    string
		anns    []annot.Annotation
		flagged bool
	}{
		{"damage open", nil, true},
		{"damage fixed", []annot.Annotation{{Kind: annot.KindCorrection, Start: at, End: at + 4, Value: "für"}}, false},
		{"damage marked", []annot.Annotation{{Kind: annot.KindMark, Start: at, End: at + 4}}, false},
		{"damage rejected", []annot.Annotation{{Kind: annot.KindRejected, Start: at, End: at + 4, Label: string(KindOCR), Value: "fiir"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := nounOCR(nameNouns, nameWords)
			got := false
			for _, s := range o.Suggest("d", text, tc.anns) {
				got = got || s.Text == "Brumholt"
			}
			if got != tc.flagged {
				t.Errorf("Brumholt flagged = %v, want %v", got, tc.flagged)
			}
		})
	}
}

// TestAbbreviationOfItsWord: an unknown word before a full stop that
// begins a longer word of the same page is its abbreviation, even where
// the page shows damage; without that word, or without the stop, it is
// judged as any unknown word.
func TestAbbreviationOfItsWord(t *testing.T) {
	o := nounOCR(nameNouns, nameWords)
	damaged := strings.Replace(nameFiller, "Die Stellung ist gut und frei.", "Die Stellung ist fiir uns fiir alle fiir sie.", 1)
	for _, tc := range []struct {
		name, text string
		flagged    bool
	}{
		{"its word on the page", damaged + " Die Brumholtstraße ist alt. Er sagte es Brumholtstr. nicht.", false},
		{"no such word", damaged + " Er sagte es Brumholtstr. nicht.", true},
		{"no full stop", damaged + " Die Brumholtstraße ist alt. Er sagte es Brumholtstr nicht.", true},
		{"one letter cut", damaged + " Die Brumholtstraße ist alt. Er sagte es Brumholtstraß. nicht.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := false
			for _, s := range o.Suggest("d", tc.text, nil) {
				got = got || s.Text == "Brumholtstr" || s.Text == "Brumholtstraß"
			}
			if got != tc.flagged {
				t.Errorf("flagged = %v, want %v; suggestions %+v", got, tc.flagged, o.Suggest("d", tc.text, nil))
			}
		})
	}
}

// TestOtherScript: words of another script, and full-width forms, are not
// judged by the German engine; a Latin word with a Cyrillic letter inside
// (a confusable an engine misreads) still is.
func TestOtherScript(t *testing.T) {
	for w, want := range map[string]bool{
		"東京で会議": true, "Москва": true, "Ｆｕｌｌ": true, "ｗｉｄｔｈ": true, "Αθήνα": true,
		"Köln": false, "Kоln": false, "Stuͤk": false, "1783": false, "z5": false, "ſchen": false,
	} {
		if got := ocrOtherScript(w); got != want {
			t.Errorf("ocrOtherScript(%q) = %v, want %v", w, got, want)
		}
	}
	o := nounOCR(nameNouns, nameWords)
	damaged := strings.Replace(nameFiller, "Die Stellung ist gut und frei.", "Die Stellung ist fiir uns fiir alle fiir sie.", 1)
	for _, s := range o.Suggest("d", damaged+" Er sagte es 東京で会議 und Ｆｕｌｌ ｗｉｄｔｈ nicht.", nil) {
		if strings.ContainsAny(s.Text, "東京Ｆｗ") {
			t.Errorf("judged %q: %+v", s.Text, s)
		}
	}
}
