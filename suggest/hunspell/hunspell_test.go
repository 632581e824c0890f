package hunspell

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
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
	{
		name: "dic syntax and hidden capitals",
		aff: `SET UTF-8
WORDCHARS /
SFX S Y 1
SFX S 0 s .
PFX X Y 1
PFX X a an a
`,
		dic:  "5\nOpenOffice/S\nalpha/X\tpo:noun\nbeta/S po:noun st:beta\nand\\/or\nNASA\n",
		good: []string{"OpenOffice", "OpenOffices", "OPENOFFICE", "OPENOFFICES", "alpha", "anlpha", "beta", "betas", "and/or", "NASA"},
		bad:  []string{"Openoffice", "openoffice", "alphas", "nasa", "Nasa", "anbeta"},
	},
	{
		name: "homonyms",
		aff: `SET UTF-8
FORBIDDENWORD d
SFX A Y 1
SFX A 0 a .
SFX B Y 1
SFX B 0 b .
SFX C Y 1
SFX C 0 c .
`,
		dic:  "6\nfoo/A\nfoo/B\nfoo/C\nbar/d\nbar/A\nbaz/A\n",
		good: []string{"foo", "fooa", "foob", "fooc", "bara", "baz", "baza"},
		bad:  []string{"bar", "Bar", "BAR", "food", "bazb"},
	},
	{
		name: "compound forbid flag fullstrip",
		aff: `SET UTF-8
COMPOUNDFLAG Y
COMPOUNDFORBIDFLAG Z
FULLSTRIP
SFX A Y 1
SFX A 0 s/Z .
SFX B Y 1
SFX B 0 e .
SFX F Y 1
SFX F ab xy ab
`,
		dic: "3\nfoo/YAB\nbar/Y\nab/F\n",
		// hunspell accepts barfoos: it ignores COMPOUNDFORBIDFLAG on the
		// suffix of a last part when continuation classes exist.
		good: []string{"foobar", "foos", "fooe", "barfooe", "xy", "ab", "barfoos"},
		bad:  []string{"foosbar", "foosfoo"},
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

func TestFormsSmall(t *testing.T) {
	collect := func(d *Dict) []string {
		var out []string
		d.Forms(func(f string) bool {
			out = append(out, f)
			return true
		})
		return out
	}
	d := loadSmall(t, smallCases[0])
	want := []string{"play", "plays", "unplay", "unplays", "retry", "tries", "try", "rework", "work", "worked"}
	if got := collect(d); !slices.Equal(got, want) {
		t.Errorf("Forms = %q, want %q", got, want)
	}
	german := collect(loadSmall(t, smallCases[2]))
	for _, f := range []string{"Jahr", "Jahrs", "Treffen", "Treffens", "Bahn", "Ei"} {
		if !slices.Contains(german, f) {
			t.Errorf("Forms lacks %q: %q", f, german)
		}
	}
	for _, f := range []string{"Jahres", "treffen", "bahn", "Bahntreffen", "Jahrestreffen"} {
		if slices.Contains(german, f) {
			t.Errorf("Forms yields %q, which is not a word alone: %q", f, german)
		}
	}
	oc, err := Load(strings.NewReader("OCONV 1\nOCONV a A\nSFX S Y 1\nSFX S 0 as .\n"), strings.NewReader("1\nbab/S\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := collect(oc), []string{"bAb", "bAbAs"}; !slices.Equal(got, want) {
		t.Errorf("Forms with OCONV = %q, want %q", got, want)
	}
	n := 0
	d.Forms(func(string) bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("Forms went on after fn returned false: %d calls", n)
	}
}

// TestFormsAreWords checks, on every small dictionary, that Spell accepts
// every form that Forms generates.
func TestFormsAreWords(t *testing.T) {
	for _, c := range smallCases {
		d := loadSmall(t, c)
		d.Forms(func(f string) bool {
			if !d.Spell(f) {
				t.Errorf("%s: Forms yields %q, which Spell refuses", c.name, f)
			}
			return true
		})
	}
}

func TestCompoundSmall(t *testing.T) {
	d := loadSmall(t, smallCases[2])
	for _, c := range []struct {
		word string
		want []string
	}{
		{"Jahrestreffen", []string{"Jahres", "treffen"}},
		{"Jahresbahntreffen", []string{"Jahres", "bahn", "treffen"}},
		{"JAHRESTREFFEN", []string{"JAHRES", "TREFFEN"}},
		{"  Jahrestreffen..", []string{"Jahres", "treffen"}},
		{"Treffen", nil},
		{"Jahrtreffen", nil},
		{"", nil},
	} {
		if got := d.Compound(c.word); !slices.Equal(got, c.want) {
			t.Errorf("Compound(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// TestCompoundIgnore checks that parts refer to the word without its
// IGNORE characters.
func TestCompoundIgnore(t *testing.T) {
	d, err := Load(strings.NewReader("IGNORE ·\nCOMPOUNDFLAG Y\n"), strings.NewReader("2\nfoo/Y\nbar/Y\n"))
	if err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string][]string{
		"foo·bar": {"foo", "bar"},
		"foobar":  {"foo", "bar"},
		"Foobar":  {"Foo", "bar"},
		"foo·":    nil,
	} {
		if got := d.Compound(word); !slices.Equal(got, want) {
			t.Errorf("Compound(%q) = %q, want %q", word, got, want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	okAff := "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n"
	for _, c := range []struct {
		name, aff, dic, want string
	}{
		{"no count", okAff, "word/S\n", "want the number of words"},
		{"encoding", "SET ISO8859-1\n", "0\n", "only UTF-8"},
		{"flag type", "FLAG short\n", "0\n", "FLAG"},
		{"short table", "SFX S Y 3\nSFX S 0 s .\n", "0\n", "expected 3 entries"},
		{"corrupt entry", "SFX S Y 1\nSFX T 0 s .\n", "0\n", "corrupt"},
		{"bad count", "SFX S Y many\n", "0\n", "not a number"},
		{"short header", "SFX S Y\n", "0\n", "header"},
		{"alias range", "AF 1\nAF AB\n", "1\nword/2\n", "alias"},
		{"odd long flag", "FLAG long\n", "1\nword/ABC\n", "odd length"},
		{"num flag range", "FLAG num\n", "1\nword/70000\n", "numeric flag"},
		{"invalid utf-8 dic", okAff, "1\nw\xffrd\n", "UTF-8"},
		{"long line", okAff, "1\n" + strings.Repeat("a", maxLineLen+1) + "\n", "limit"},
		{"long condition", "SFX S Y 1\nSFX S 0 s " + strings.Repeat("a", maxCondLen+1) + "\n", "0\n", "condition"},
		{"table truncated", "REP 2\nREP a b\n", "0\n", "REP table"},
		{"compoundmin", "COMPOUNDMIN x\n", "0\n", "COMPOUNDMIN"},
	} {
		_, err := Load(strings.NewReader(c.aff), strings.NewReader(c.dic))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Load error = %v, want one mentioning %q", c.name, err, c.want)
		}
	}
	if _, err := Load(nil, strings.NewReader("0\n")); err == nil {
		t.Error("Load(nil, …) succeeded")
	}
	big := io.LimitReader(zeroReader{}, maxFileSize+1)
	if _, err := Load(big, strings.NewReader("0\n")); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("Load of an oversized .aff: %v, want a size error", err)
	}
}

// zeroReader yields an endless stream of spaces.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	aff, dic := filepath.Join(dir, "x.aff"), filepath.Join(dir, "x.dic")
	c := smallCases[0]
	if err := os.WriteFile(aff, []byte(c.aff), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dic, []byte(c.dic), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := Open(aff, dic)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Spell("unplays") {
		t.Error("Open: Spell(unplays) = false")
	}
	if _, err := Open(dir, dic); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Open(directory): %v, want not a regular file", err)
	}
	if _, err := Open(aff, filepath.Join(dir, "missing.dic")); err == nil {
		t.Error("Open(missing) succeeded")
	}
}

func TestUnsupported(t *testing.T) {
	d, err := Load(strings.NewReader("COMPOUNDRULE 1\nCOMPOUNDRULE AB\nCHECKCOMPOUNDREP\n"), strings.NewReader("0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Unsupported(), []string{"COMPOUNDRULE", "CHECKCOMPOUNDREP"}; !slices.Equal(got, want) {
		t.Errorf("Unsupported = %q, want %q", got, want)
	}
}

// TestCompoundBudget feeds a word whose compound analysis explodes; it must
// end (refused, as hunspell's time limit does) instead of running for
// minutes.
func TestCompoundBudget(t *testing.T) {
	d, err := Load(strings.NewReader("COMPOUNDFLAG Y\nCOMPOUNDMIN 1\n"), strings.NewReader("3\na/Y\naa/Y\naaa/Y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Spell("aaaa") {
		t.Error("Spell(aaaa) = false, want a compound of a, aa, aaa")
	}
	if d.Spell(strings.Repeat("a", 200) + "b") {
		t.Error("Spell(a…ab) = true")
	}
	if d.Spell(strings.Repeat("a", maxWordBytes)) {
		t.Error("a word of maxWordBytes bytes was accepted")
	}
}

// TestBudgetManyAffixes checks that the work budget also counts affix
// entries: thousands of entries per split must not make Spell slow.
func TestBudgetManyAffixes(t *testing.T) {
	d := manyAffixes(t)
	wk := &work{}
	if d.spell(strings.Repeat("a", 200)+"b", wk).ok {
		t.Error("Spell(a…ab) = true")
	}
	if !wk.exhausted() || wk.spent > workBudget+1000 {
		t.Errorf("spent %d units of %d: the budget did not stop the search", wk.spent, workBudget)
	}
	if !d.Spell("aaa") {
		t.Error("Spell(aaa) = false")
	}
}

// TestConcurrentSpell calls Spell, Compound and Forms from several
// goroutines; run with -race.
func TestConcurrentSpell(t *testing.T) {
	d := loadSmall(t, smallCases[2])
	words := append(slices.Clone(smallCases[2].good), smallCases[2].bad...)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				w := words[(i+g)%len(words)]
				want := slices.Contains(smallCases[2].good, w)
				if d.Spell(w) != want {
					t.Errorf("Spell(%q) != %v", w, want)
					return
				}
				d.Compound(w)
			}
			d.Forms(func(string) bool { return true })
		})
	}
	wg.Wait()
}

// manyAffixes loads a dictionary whose one suffix class has 5 000
// entries, each of which every split of a compound tries: a word of a's
// costs it more than the work budget allows.
func manyAffixes(t *testing.T) *Dict {
	t.Helper()
	var aff strings.Builder
	aff.WriteString("COMPOUNDFLAG Y\nCOMPOUNDMIN 1\nSFX A Y 5000\n")
	for range 5000 {
		aff.WriteString("SFX A 0 0 .\n")
	}
	d, err := Load(strings.NewReader(aff.String()), strings.NewReader("2\na/YA\naa/YA\n"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}
