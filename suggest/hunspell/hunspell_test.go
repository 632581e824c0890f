package hunspell

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// smallCase is a hand-written dictionary with words it must accept and
// words it must refuse. Every expectation was checked against hunspell
// 1.7.1; TestSmallDictsAgainstHunspell repeats that check where hunspell is
// installed.
type smallCase struct {
	name      string
	aff, dic  string
	good, bad []string
}

var smallCases = []smallCase{
	{
		name: "prefix suffix condition cross",
		aff: `SET UTF-8
PFX U Y 1
PFX U 0 un .

PFX R N 1
PFX R 0 re .

SFX S Y 2
SFX S y ies [^aeiou]y
SFX S 0 s [aeiou]y

SFX D N 1
SFX D 0 ed [^y]
`,
		dic: "3\nplay/US\ntry/SR\nwork/RD\n",
		good: []string{"play", "plays", "unplay", "unplays", "try", "tries", "retry", "work", "worked", "rework",
			"Play", "PLAYS", "Tries"},
		bad: []string{"trys", "retries", "reworked", "unwork", "playes", "plaies", "workeds", "pLay", "untry"},
	},
	{
		name: "continuation classes",
		aff: `SET UTF-8
NEEDAFFIX h
SFX A Y 1
SFX A 0 able/B .
SFX B Y 1
SFX B 0 ness .
SFX P Y 1
SFX P 0 ish/h .
SFX L Y 1
SFX L 0 ly .
SFX S Y 1
SFX S 0 s .
`,
		dic:  "3\nread/A\nboy/P\npseudo/hS\n",
		good: []string{"read", "readable", "readableness", "boy", "pseudos"},
		bad:  []string{"readness", "readablenessness", "boyish", "pseudo", "boyishly"},
	},
	{
		name: "german style compounding",
		aff: `SET UTF-8
COMPOUNDBEGIN x
COMPOUNDMIDDLE y
COMPOUNDEND z
ONLYINCOMPOUND o
COMPOUNDPERMITFLAG c
NEEDAFFIX h
FORBIDDENWORD d
COMPOUNDMIN 2

SFX j Y 1
SFX j 0 0/xoc .

SFX e Y 1
SFX e 0 0/yoc .

SFX S Y 1
SFX S 0 s .
`,
		dic: `8
Jahr/S
Jahres/hj
Treffen/S
treffen/zo
bahn/he
Bahn/j
Bahntreffen/d
Ei/j
`,
		good: []string{"Jahr", "Jahrs", "Treffen", "Treffens", "Jahrestreffen", "Jahresbahntreffen", "Eitreffen",
			"Bahn", "JAHRESTREFFEN"},
		bad: []string{"Jahres", "Jahrtreffen", "treffen", "Jahrestreffens", "bahn", "Bahntreffen", "Jahrestreffenbahn",
			"Jahresbahn", "jahrestreffen", "Treffenjahres"},
	},
	{
		name: "compound min and flag",
		aff: `SET UTF-8
COMPOUNDFLAG Y
COMPOUNDMIN 3
CHECKCOMPOUNDDUP
CHECKCOMPOUNDCASE
CHECKCOMPOUNDTRIPLE
`,
		dic:  "6\nfoo/Y\nbar/Y\nab/Y\nBaz/Y\nglass/Y\nsko/Y\n",
		good: []string{"foobar", "barfoo", "foobarfoo", "glassfoo", "Foobar"},
		bad:  []string{"foofoo", "foobarbar", "abfoo", "fooab", "fooBaz", "glasssko", "foob"},
	},
	{
		name: "compound word max",
		aff: `SET UTF-8
COMPOUNDFLAG Y
COMPOUNDWORDMAX 2
`,
		dic:  "2\nfoo/Y\nbar/Y\n",
		good: []string{"foobar", "foofoo"},
		bad:  []string{"foobarfoo"},
	},
	{
		name: "keepcase and sharp s",
		aff: `SET UTF-8
KEEPCASE k
CHECKSHARPS
`,
		dic:  "4\nfoo/k\nStraße\nhaus\nMüller\n",
		good: []string{"foo", "Straße", "STRASSE", "STRAßE", "haus", "Haus", "HAUS", "Müller", "MÜLLER"},
		bad:  []string{"Foo", "FOO", "Strasse", "straße", "hAus", "müller", "MüLLER"},
	},
	{
		name: "long flags",
		aff: `SET UTF-8
FLAG long
SFX Aa Y 1
SFX Aa 0 s .
PFX Bb Y 1
PFX Bb 0 re .
`,
		dic:  "2\nwork/AaBb\nplay/Bb\n",
		good: []string{"work", "works", "rework", "reworks", "replay"},
		bad:  []string{"plays", "replays", "reworkss"},
	},
	{
		name: "numeric flags with aliases",
		aff: `SET UTF-8
FLAG num
AF 2
AF 1,2
AF 2
SFX 1 Y 1
SFX 1 0 s .
PFX 2 Y 1
PFX 2 0 re .
`,
		dic:  "2\nwork/1\nplay/2\n",
		good: []string{"work", "works", "rework", "reworks", "replay"},
		bad:  []string{"plays", "replays"},
	},
	{
		name: "utf-8 flags",
		aff: `SET UTF-8
FLAG UTF-8
SFX ü Y 1
SFX ü 0 en .
PFX ß Y 1
PFX ß 0 ver .
`,
		dic:  "1\nlauf/üß\n",
		good: []string{"lauf", "laufen", "verlauf", "verlaufen"},
		bad:  []string{"verlaufe", "laufe"},
	},
	{
		name: "circumfix",
		aff: `SET UTF-8
CIRCUMFIX X
PFX A Y 1
PFX A 0 leg/X .
PFX B Y 1
PFX B 0 legesleg/X .
SFX C Y 3
SFX C 0 obb .
SFX C 0 obb/AX .
SFX C 0 obb/BX .
`,
		dic:  "1\nnagy/C\n",
		good: []string{"nagy", "nagyobb", "legnagyobb", "legeslegnagyobb"},
		bad:  []string{"legnagy", "legeslegnagy", "legeslegnagyobbobb"},
	},
	{
		name: "break ignore iconv",
		aff: `SET UTF-8
WORDCHARS -
IGNORE ·
ICONV 1
ICONV ’ '
`,
		dic:  "3\nplay\nwork\ndon't\n",
		good: []string{"play-work", "-play", "pla·y", "don’t", "don't", "1.000,50", "work."},
		bad:  []string{"play-wrok", "dont", "wrok-play"},
	},
}

// loadSmall loads a test dictionary.
func loadSmall(t testing.TB, c smallCase) *Dict {
	t.Helper()
	d, err := Load(strings.NewReader(c.aff), strings.NewReader(c.dic))
	if err != nil {
		t.Fatalf("%s: Load: %v", c.name, err)
	}
	return d
}

func TestSmallDicts(t *testing.T) {
	for _, c := range smallCases {
		t.Run(c.name, func(t *testing.T) {
			d := loadSmall(t, c)
			for _, w := range c.good {
				if !d.Spell(w) {
					t.Errorf("Spell(%q) = false, want true", w)
				}
			}
			for _, w := range c.bad {
				if d.Spell(w) {
					t.Errorf("Spell(%q) = true, want false", w)
				}
			}
		})
	}
}

// TestSmallDictsAgainstHunspell checks the expectations of smallCases with
// the real hunspell, so that they describe hunspell and not this package.
func TestSmallDictsAgainstHunspell(t *testing.T) {
	if _, err := exec.LookPath("hunspell"); err != nil {
		needOrSkip(t, "hunspell is not installed (apt-get install hunspell)")
	}
	for _, c := range smallCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			base := filepath.Join(dir, "t")
			if err := os.WriteFile(base+".aff", []byte(c.aff), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".dic", []byte(c.dic), 0o600); err != nil {
				t.Fatal(err)
			}
			words := append(slices.Clone(c.good), c.bad...)
			cmd := exec.Command("hunspell", "-d", base, "-l", "-i", "utf-8")
			cmd.Stdin = strings.NewReader(strings.Join(words, "\n") + "\n")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("hunspell: %v", err)
			}
			rejected := map[string]bool{}
			for l := range strings.SplitSeq(string(out), "\n") {
				rejected[l] = true
			}
			for _, w := range c.good {
				if rejected[w] {
					t.Errorf("hunspell rejects %q, which the case lists as good", w)
				}
			}
			for _, w := range c.bad {
				if !rejected[w] {
					t.Errorf("hunspell accepts %q, which the case lists as bad", w)
				}
			}
		})
	}
}
