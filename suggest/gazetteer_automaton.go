package suggest

import (
	"unicode"
	"unicode/utf8"
)

// gazAutomaton is an Aho–Corasick automaton over token symbols: each
// distinct token of the surface forms is one symbol, and a state is a
// prefix of one or more surface forms. Feeding it a text's tokens in one
// pass reports every surface form that ends at each token.
type gazAutomaton struct {
	lower bool             // keys are lower-cased tokens
	vocab map[string]int32 // token → symbol
	edges map[gazEdge]int32
	fail  []int32   // longest proper suffix state
	dict  []int32   // nearest state along fail links that ends a form, or -1
	depth []int32   // length of the state's prefix, in tokens
	ends  [][]int32 // gazetteer entries whose form ends exactly here
}

type gazEdge struct{ from, sym int32 }

func newGazAutomaton(lower bool) *gazAutomaton {
	a := &gazAutomaton{lower: lower, vocab: map[string]int32{}, edges: map[gazEdge]int32{}}
	a.addState(0)
	return a
}

func (a *gazAutomaton) addState(depth int32) int32 {
	a.fail = append(a.fail, 0)
	a.dict = append(a.dict, -1)
	a.depth = append(a.depth, depth)
	a.ends = append(a.ends, nil)
	return int32(len(a.depth) - 1)
}

// insert adds the form keys for entry.
func (a *gazAutomaton) insert(keys []string, entry int32) {
	s := int32(0)
	for _, k := range keys {
		sym, ok := a.vocab[k]
		if !ok {
			sym = int32(len(a.vocab))
			a.vocab[k] = sym
		}
		next, ok := a.edges[gazEdge{s, sym}]
		if !ok {
			next = a.addState(a.depth[s] + 1)
			a.edges[gazEdge{s, sym}] = next
		}
		s = next
	}
	a.ends[s] = append(a.ends[s], entry)
}

// link computes the failure and dictionary links, breadth first.
func (a *gazAutomaton) link() {
	type kid struct{ sym, to int32 }
	kids := make([][]kid, len(a.depth))
	for e, to := range a.edges {
		kids[e.from] = append(kids[e.from], kid{e.sym, to})
	}
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, k := range kids[s] {
			sym, c := k.sym, k.to
			queue = append(queue, c)
			if s == 0 {
				continue // fail[c] = 0
			}
			f := a.fail[s]
			for {
				if to, ok := a.edges[gazEdge{f, sym}]; ok {
					a.fail[c] = to
					break
				}
				if f == 0 {
					break
				}
				f = a.fail[f]
			}
			if fc := a.fail[c]; len(a.ends[fc]) > 0 {
				a.dict[c] = fc
			} else {
				a.dict[c] = a.dict[fc]
			}
		}
	}
}

// symbol returns the symbol of a text token, lower-casing it into buf for
// a lower-case automaton (a map lookup with string(buf) does not allocate).
func (a *gazAutomaton) symbol(tok string, buf *[]byte) (int32, bool) {
	if a.lower && gazHasUpper(tok) {
		b := (*buf)[:0]
		for _, r := range tok {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		*buf = b
		sym, ok := a.vocab[string(b)]
		return sym, ok
	}
	sym, ok := a.vocab[tok]
	return sym, ok
}

// gazHasUpper reports whether s may change when lower-cased.
func gazHasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// step moves from state s on a token of symbol sym (ok false: a token no
// form contains).
func (a *gazAutomaton) step(s, sym int32, ok bool) int32 {
	if !ok {
		return 0
	}
	for {
		if to, ok := a.edges[gazEdge{s, sym}]; ok {
			return to
		}
		if s == 0 {
			return 0
		}
		s = a.fail[s]
	}
}

// gazHit is a surface form found at tokens [first, last] by one automaton,
// ending in state.
type gazHit struct {
	first, last int
	state       int32
	auto        *gazAutomaton
}

// scan feeds toks through the automaton and appends every hit. A blank
// line resets it: no form spans paragraphs.
func (a *gazAutomaton) scan(toks []entTok, hits []gazHit) []gazHit {
	var buf []byte
	s := int32(0)
	for i, t := range toks {
		if t.para {
			s = 0
		}
		sym, ok := a.symbol(t.text, &buf)
		s = a.step(s, sym, ok)
		h := s
		if len(a.ends[h]) == 0 {
			h = a.dict[h]
		}
		for ; h > 0; h = a.dict[h] {
			hits = append(hits, gazHit{first: i - int(a.depth[h]) + 1, last: i, state: h, auto: a})
		}
	}
	return hits
}
