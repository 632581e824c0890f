package tui

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"folio/annot"
	"folio/config"
	"folio/store"
)

// hostile is a document full of what must never reach a terminal.
func hostile() string {
	var b strings.Builder
	b.WriteString("Titel \x1b]0;pwned\x07 OSC title\n")
	b.WriteString("clip \x1b]52;c;ZXZpbA==\x07 OSC 52 and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\n")
	b.WriteString("clear \x1b[2J\x1b[H screen \x1b[31mred\x1b[0m \x1bP1$qm\x1b\\ DCS \x1b_apc\x1b\\ APC\n")
	b.WriteString("C1 \u0085 \u009b31m \u009d0;x\u009c and \x7f DEL, NUL \x00 BEL \x07 bs a\bb\b\bc\n")
	b.WriteString("bidi \u202eevil\u202c \u2066iso\u2069 \u200fRLM lone\rCR tab\tstop\n")
	b.WriteString("zwj 👨\u200d👩\u200d👧 zw\u200bsp \ufeffbom e\u0301 ")
	b.WriteString("z" + strings.Repeat("\u0301", 50) + " deep\n")
	b.WriteString("CJK 漢字かな交じり文 emoji 😀🎉👍🏽 flags 🇩🇪 ❤️ wide\n")
	b.WriteString("line " + strings.Repeat("x", 1<<20) + "\n")
	b.WriteString("end \u2028 sep \U000E0041 tag")
	return b.String()
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

// checkSafe asserts that a frame has no escape but SGR styling, no
// control character but \n, no C1 or bidi control, and exact size.
func checkSafe(t *testing.T, view string, w, h int) {
	t.Helper()
	plain := sgr.ReplaceAllString(view, "")
	for i := 0; i < len(plain); i++ {
		if c := plain[i]; c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("control byte %#x at %d: %q", c, i, plain[max(i-20, 0):min(i+20, len(plain))])
		}
	}
	for i, r := range plain {
		if r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200f || r == 0x200b || r == 0x200d {
			t.Fatalf("rune %U at %d", r, i)
		}
	}
	if !utf8.ValidString(plain) {
		t.Fatal("invalid UTF-8")
	}
	checkFrame(t, view, w, h)
}

func TestHostileText(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.ANSI256} {
		r := lipgloss.NewRenderer(nil, termenv.WithProfile(profile))
		r.SetColorProfile(profile)
		text := hostile()
		st := newMemStore()
		ix := annot.NewIndex(text)
		find := func(s string) annot.Span {
			i := strings.Index(text, s)
			return annot.Span{Start: ix.Rune(i), End: ix.Rune(i + len(s))}
		}
		ev := find("evil")
		cj := find("漢字")
		st.add("evil\x1b[2J", "\x1b]0;title\x07\u202eevil title\x9b", text,
			annot.Annotation{ID: "e1", Kind: annot.KindEntity, Start: cj.Start, End: cj.End, Label: "LOC\x1b[31m", Canonical: "\x1b]52;c;x\x07"},
			annot.Annotation{ID: "c1", Kind: annot.KindCorrection, Start: ev.Start, End: ev.End, Value: "\x1b[2Jgood\u202e"},
			annot.Annotation{ID: "t1", Kind: annot.KindTag, Label: "x\x1b[1m"},
			annot.Annotation{ID: "n1", Kind: annot.KindNote, Value: "note \x1b]0;x\x07\n2"},
		)
		st.SaveEntity(store.Entity{Label: "PER\x1b[2J", Name: "Ute\x1b]0;x\x07\u202eBerg\x9b", ExternalID: "Q\x1b[31m1\u2066",
			Aliases: []string{"U.\x00Berg\x1b[5m", "\u200fUte"}})
		// a tag vocabulary with hostile names and keys, one of them the
		// document's tag
		cfg := config.Default()
		cfg.Tags = []config.Tag{{Name: "x\x1b[1m", Key: "x"}, {Name: "\x1b]0;pwned\x07\u202eocr\x9b", Key: "\x1b"},
			{Name: "z\u200d" + strings.Repeat("\u0301", 40) + "👨\u200d👩", Key: "\u202e"}}
		for _, sz := range [][2]int{{20, 6}, {90, 30}, {200, 60}} {
			w, h := sz[0], sz[1]
			a := New(st, Options{Config: cfg, Renderer: r})
			drive(t, a, a.Init())
			send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
			for mode := 0; mode < 3; mode++ {
				for _, focus := range []string{"alt+1", "alt+2", "alt+3"} {
					press(t, a, focus)
					checkSafe(t, a.View(), w, h)
				}
				press(t, a, "alt+2")
				for _, k := range []string{"j", "j", "j", "v", "w", "w", "j", "$", "j", "j", "j", "G", "k", "0", "l", "l", "esc", "g", "?"} {
					press(t, a, k)
					checkSafe(t, a.View(), w, h)
				}
				press(t, a, "esc", "c")
				checkSafe(t, a.View(), w, h)
				// the tag picker (its short help shows the keys), its
				// input
				for _, k := range []string{"esc", "t", "up", "tab"} {
					press(t, a, k)
					checkSafe(t, a.View(), w, h)
				}
				// the entity view, its prompts (prefilled with hostile
				// names), and the note input
				press(t, a, "esc", "E")
				for _, k := range []string{"j", "R", "esc", "k", "R", "esc", "I", "esc", "D", "n", "j", "D", "n", "/", "u", "esc", "esc", "alt+2", "v", "w", "m"} {
					press(t, a, k)
					checkSafe(t, a.View(), w, h)
				}
				press(t, a, "esc", "o")
			}
		}
	}
}

// TestSanitize checks the stand-ins one by one.
func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"a\x1b[2Jb":    "a␛[2Jb",
		"\x00\x07\x7f": "␀␇␡",
		"a\u0085b":     "a␦b",
		"\u202eabc":    "⇄abc",
		"a\u200bb":     "ab",
		"a\tb":         "a b",
		"x\ny":         "x␤y",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
	for r := rune(0); r < 0x30000; r++ {
		s := Sanitize(string(r))
		for _, c := range s {
			if c < 0x20 || c >= 0x7f && c < 0xa0 || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 {
				t.Fatalf("%U sanitized to %q", r, s)
			}
		}
	}
}
