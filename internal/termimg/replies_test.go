package termimg

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// chunks reads its parts one Read at a time, as a terminal's input
// arrives.
type chunks struct{ parts [][]byte }

func (c *chunks) Read(p []byte) (int, error) {
	if len(c.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, c.parts[0])
	if n < len(c.parts[0]) {
		c.parts[0] = c.parts[0][n:]
	} else {
		c.parts = c.parts[1:]
	}
	return n, nil
}

// filtered reads all of parts through a ReplyFilter with reads of size
// bufSize, as Bubble Tea reads its input, and returns what passed and
// the capabilities reported.
func filtered(t *testing.T, parts []string, bufSize int) (string, []Caps) {
	t.Helper()
	var caps []Caps
	src := &chunks{}
	for _, p := range parts {
		src.parts = append(src.parts, []byte(p))
	}
	r := &ReplyFilter{in: src, onCaps: func(c Caps) { caps = append(caps, c) }}
	var out bytes.Buffer
	buf := make([]byte, bufSize)
	for i := 0; ; i++ {
		n, err := r.Read(buf)
		out.Write(buf[:n])
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if i > 10000 {
			t.Fatal("the filter reads forever")
		}
	}
	return out.String(), caps
}

const (
	xtversion = "\x1bP>|tmux 3.3a\x1b\\"
	da1       = "\x1b[?1;2c"
	da1Sixel  = "\x1b[?63;1;2;4;6;9;15;22c"
	cellPx    = "\x1b[6;13;6t"
	kittyOK   = "\x1b_Gi=31;OK\x1b\\"
	bgST      = "\x1b]11;rgb:0000/0000/0000\x1b\\"
	bgBEL     = "\x1b]11;rgb:ffff/ffff/ffff\x07"
)

// TestReplyFilterKeysPass: keys, escape sequences of keys among them,
// pass unchanged, also those that start like an answer.
func TestReplyFilterKeysPass(t *testing.T) {
	for _, keys := range []string{
		"abc", "\x1b", "\x1b\x1b", "\x1b[A", "\x1b[6~", "\x1b[6;5~", "\x1bP", "\x1b[", "\x1b_", "\x1b]",
		"\x1b[1;5R", "\x1b[200~pasted\x1b[201~", "j t good\r", "\x1b[<0;10;5M", "ü→", "\x1bOP",
	} {
		if got, caps := filtered(t, []string{keys}, 256); got != keys || len(caps) != 0 {
			t.Errorf("%q came out as %q (caps %v)", keys, got, caps)
		}
	}
}

// TestReplyFilterAnswersDropped: each answer folio asks for is taken out
// of the keys around it, whole or cut anywhere by the reads.
func TestReplyFilterAnswersDropped(t *testing.T) {
	for _, a := range []string{xtversion, da1, da1Sixel, cellPx, kittyOK, bgST, bgBEL} {
		in := "j" + a + "t"
		if got, _ := filtered(t, []string{in}, 256); got != "jt" {
			t.Errorf("%q came out as %q", in, got)
		}
		for cut := 1; cut < len(in); cut++ {
			want := "jt"
			if cut <= 2 {
				// the answer's first byte or two end a read that was not
				// cut short: they went on as the key they also are
				// (Escape, alt+P), and only the rest is taken out
				want = "j" + in[1:cut+1] + "t"
			}
			if got, _ := filtered(t, []string{in[:cut+1], in[cut+1:]}, 256); got != want {
				t.Errorf("%q read as %q + %q came out as %q, want %q", in, in[:cut+1], in[cut+1:], got, want)
			}
		}
		// keys before it, so that Bubble Tea's reads of 256 bytes cut it
		// wherever the buffer ends
		for pad := 256 - len(in); pad < 256; pad++ {
			keys := strings.Repeat("k", pad)
			if got, _ := filtered(t, []string{keys + in}, 256); got != keys+"jt" {
				t.Errorf("%q after %d keys, in reads of 256, came out as %q", in, pad, got)
			}
		}
	}
}

// TestReplyFilterLateCaps: a round of late answers, ended by DA1, is
// reported with what it says.
func TestReplyFilterLateCaps(t *testing.T) {
	got, caps := filtered(t, []string{"\x1bP>|XTerm(379)\x1b\\" + cellPx, da1Sixel + "i"}, 256)
	if got != "i" {
		t.Errorf("keys %q, want %q", got, "i")
	}
	want := Caps{Sixel: true, CellW: 6, CellH: 13, Name: "XTerm(379)"}
	if len(caps) != 1 || caps[0] != want {
		t.Errorf("caps %+v, want [%+v]", caps, want)
	}
	// a background colour answer alone reports nothing
	if _, caps := filtered(t, []string{bgST}, 256); len(caps) != 0 {
		t.Errorf("caps %+v from a colour answer", caps)
	}
}

// TestReplyFilterNotAnAnswer: what starts like an answer but is not
// one passes whole, in order, once it is known.
func TestReplyFilterNotAnAnswer(t *testing.T) {
	for _, in := range []string{"\x1b[A", "\x1bOP", "\x1b[6;5~", "\x1b[?1;2x", "\x1bP>|name\x1bX", "\x1b[6;13x", "\x1b_Gi=31;\x01", "\x1b[6;;t", "\x1b[?c"} {
		for cut := 1; cut < len(in); cut++ {
			if got, _ := filtered(t, []string{in[:cut], in[cut:]}, 256); got != in {
				t.Errorf("%q read as %q + %q came out as %q", in, in[:cut], in[cut:], got)
			}
		}
	}
	// an answer that never ends is given up as keys past maxReply
	long := "\x1bP>|" + strings.Repeat("x", 2*maxReply)
	if got, _ := filtered(t, []string{long[:10], long[10:]}, 256); got != long {
		t.Errorf("an endless answer came out as %d bytes of %d", len(got), len(long))
	}
}

// FuzzReplyFilter: keys cut into reads anywhere, with answers between
// them, come out as the keys alone; any input comes out no longer than
// it went in, without a panic.
func FuzzReplyFilter(f *testing.F) {
	f.Add([]byte("j\x00t\x01k\x02"), uint8(7))
	f.Add([]byte("\x1b[6~\x03\x1b\x04x"), uint8(3))
	keys := []string{"a", "\x1b", "\x1b[A", "\x1b[6~", "\x1b[6;5~", "\x1bP", "\x1b[", " ", "ü", "\r", "\x1b[<0;3;4M"}
	answers := []string{xtversion, da1, da1Sixel, cellPx, kittyOK, bgST, bgBEL}
	f.Fuzz(func(t *testing.T, script []byte, size uint8) {
		// each byte of script: a key, or (high bit) an answer, or (0x40) a cut
		var in, want strings.Builder
		var parts []string
		last := 0
		for _, b := range script {
			switch {
			case b&0x80 != 0:
				in.WriteString(answers[int(b&0x7f)%len(answers)])
			case b&0x40 != 0 && in.Len() > last:
				parts = append(parts, in.String()[last:])
				last = in.Len()
			default:
				k := keys[int(b)%len(keys)]
				in.WriteString(k)
				want.WriteString(k)
			}
		}
		parts = append(parts, in.String()[last:])
		got, _ := filtered(t, parts, 256)
		if len(got) > in.Len() {
			t.Fatalf("%q came out longer: %q", in.String(), got)
		}
		if got != want.String() {
			t.Fatalf("%q (in %q) came out as %q, want %q", in.String(), parts, got, want.String())
		}
		// raw bytes in small reads never panic and never grow
		if raw, _ := filtered(t, []string{string(script)}, int(size%64)+2); len(raw) > len(script) {
			t.Fatalf("%q came out longer: %q", script, raw)
		}
	})
}

// TestReplyFilterSmallReads: a reader whose buffer cannot hold what is
// held back gets it as keys, each byte once.
func TestReplyFilterSmallReads(t *testing.T) {
	for _, in := range []string{"\x1bP>|tm\x01", "j\x1b\x01", "\x1b[?1;2x"} {
		for size := 1; size < 8; size++ {
			if got, _ := filtered(t, []string{in[:len(in)-1], in[len(in)-1:]}, size); got != in {
				t.Errorf("%q in reads of %d came out as %q", in, size, got)
			}
		}
	}
}

// TestReplyFilterKeyAfterEscapeNotHeld: keys typed one by one after
// Escape come out in the read that brought them. An Escape that went on
// as a key was kept to take out the rest of an answer cut after its ESC,
// and kept for good: Esc ] 1 (cancel, next suggestion, accept candidate
// 1) held the 1 back ("ESC ] 1" starts OSC 11's answer) until the next
// key, as Esc [ ? held help and Esc [ 6 candidate 6.
func TestReplyFilterKeyAfterEscapeNotHeld(t *testing.T) {
	for _, presses := range [][]string{
		{"\x1b", "]", "1"}, {"\x1b", "[", "?"}, {"\x1b", "[", "6"}, {"\x1b", "P", ">"},
		{"\x1b", "_", "G"}, {"\x1b", "]", "1", "1", ";"}, {"\x1bP", ">"}, {"j\x1b", "[", "?", "1"},
	} {
		src := &chunks{}
		r := &ReplyFilter{in: src}
		buf := make([]byte, 256)
		var got string
		for i, p := range presses {
			src.parts = append(src.parts, []byte(p))
			n, err := r.Read(buf)
			if err != nil {
				t.Fatal(err)
			}
			got += string(buf[:n])
			if want := strings.Join(presses[:i+1], ""); got != want {
				t.Errorf("%q pressed one by one: after %q came %q, want %q", presses, p, got, want)
				break
			}
		}
	}
}
