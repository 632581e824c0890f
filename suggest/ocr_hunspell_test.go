package suggest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestHunspellBaseline measures hunspell (de_DE) on the same gold standard
// as TestSeed001Quality, for docs/QUALITY.md: every word hunspell rejects
// is a flag, its first suggestion the candidate. It asserts what the
// comparison claims: folio is more precise and more often right first.
// Without hunspell it is skipped, except under CI (FOLIO_CI=1), which
// installs it.
func TestHunspellBaseline(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: hunspell takes about 20 s")
	}
	if _, err := exec.LookPath("hunspell"); err != nil {
		skipUnlessCI(t, "hunspell not installed (apt-get install hunspell hunspell-de-de)")
	}
	docs, lex := seedCorpus(t)
	text := seedText(t, docs, "001_")
	gold := loadGold(t, text)
	toks := Tokens(text)
	var in strings.Builder
	for _, tk := range toks {
		in.WriteString("^" + tk.Text + "\n")
	}
	cmd := exec.Command("hunspell", "-d", "de_DE", "-a")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		skipUnlessCI(t, fmt.Sprintf("hunspell -d de_DE: %v", err))
	}
	var sugs []Suggestion
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	i := 0 // each token's answer ends with a blank line
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "@(#)") {
			continue
		}
		if line == "" {
			i++
			continue
		}
		if i >= len(toks) || (line[0] != '&' && line[0] != '#') {
			continue
		}
		tk := toks[i]
		if len(sugs) > 0 && sugs[len(sugs)-1].Start == tk.Start {
			continue // one flag a token
		}
		s := Suggestion{Start: tk.Start, End: tk.End, Text: tk.Text, Kind: KindOCR}
		if _, list, ok := strings.Cut(line, ": "); ok && line[0] == '&' {
			for c := range strings.SplitSeq(list, ", ") {
				s.Candidates = append(s.Candidates, Candidate{Text: c})
			}
		}
		sugs = append(sugs, s)
	}
	h := scoreSuggestions(t, gold, sugs)
	t.Log("hunspell de_DE: ", h)
	f := scoreSuggestions(t, gold, NewOCR(lex).Suggest("001", text, nil))
	if f.precision() <= h.precision() || f.top1Rate() <= h.top1Rate() {
		t.Errorf("folio (%v) is not better than hunspell (%v)", f, h)
	}
}

// skipUnlessCI skips a test that needs a tool the machine lacks, or fails
// it under CI, which installs the tool.
func skipUnlessCI(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("FOLIO_CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}
