package query

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
)

// parser is a recursive-descent parser over the tokens of one query:
//
//	query := ε | or
//	or    := and { "OR" and }
//	and   := unary { unary }
//	unary := "-" unary | "(" or ")" | word
type parser struct {
	toks  []token
	pos   int
	depth int // nesting of parentheses and negations
}

// maxDepth bounds the nesting of parentheses and negations, so that a
// hostile query cannot exhaust the stack.
const maxDepth = 100

func newParser(s string) (*parser, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	return &parser{toks: toks}, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != tokEOF {
		p.pos++
	}
	return t
}

func (p *parser) parseQuery() (*node, error) {
	if p.peek().kind == tokEOF {
		return nil, nil
	}
	n, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokRParen {
		return nil, errAt(t.col, "unmatched )")
	}
	return n, nil
}

// parseOr parses ORed groups; the caller has checked that a term may start.
func (p *parser) parseOr() (*node, error) {
	var kids []*node
	for {
		and, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		kids = append(kids, and)
		if p.peek().kind != tokOR {
			return newGroup(opOr, kids), nil
		}
		or := p.next()
		switch p.peek().kind {
		case tokEOF, tokRParen:
			return nil, errAt(or.col, "OR needs a term after it")
		}
	}
}

func (p *parser) parseAnd() (*node, error) {
	var kids []*node
	for {
		switch t := p.peek(); t.kind {
		case tokEOF, tokRParen, tokOR:
			if len(kids) == 0 {
				switch t.kind {
				case tokOR:
					return nil, errAt(t.col, "OR needs a term before it")
				case tokRParen:
					return nil, errAt(t.col, "unmatched )")
				}
				return nil, errAt(t.col, "expected a term")
			}
			return newGroup(opAnd, kids), nil
		}
		k, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
}

func (p *parser) parseUnary() (*node, error) {
	t := p.next()
	if t.kind == tokMinus || t.kind == tokLParen {
		if p.depth++; p.depth > maxDepth {
			return nil, errAt(t.col, "nested too deeply")
		}
		defer func() { p.depth-- }()
	}
	switch t.kind {
	case tokMinus:
		nt := p.peek()
		if !nt.glued || nt.kind == tokEOF || nt.kind == tokRParen || nt.kind == tokOR {
			return nil, errAt(t.col, "- needs a term right after it (quote \"-\" to search for it)")
		}
		k, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return newNot(k), nil
	case tokLParen:
		if p.peek().kind == tokRParen {
			return nil, errAt(t.col, "empty parentheses")
		}
		if p.peek().kind == tokEOF {
			return nil, errAt(t.col, "unclosed (")
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokRParen {
			return nil, errAt(t.col, "unclosed (")
		}
		p.next()
		return n, nil
	case tokWord:
		return termNode(t)
	}
	// parseAnd never calls parseUnary at EOF, ) or OR
	return nil, errAt(t.col, "expected a term")
}

// termNode checks a word token and builds its node.
func termNode(t token) (*node, error) {
	v := norm.NFC.String(t.value)
	if t.field == "" {
		if v == "" {
			return nil, errAt(t.col, "empty quotes")
		}
		// a free word matches inside words already: koel*, as other
		// search boxes take it, is koel (which finds Köln), not a word
		// that ends in a star; in quotes, "Anm.*" is what it says
		if w := strings.Trim(v, "*"); w != "" && !t.quoted {
			v = w
		}
		return newWord(v), nil
	}
	f, ok := lookupField(t.field)
	if !ok {
		return nil, errAt(t.col, "unknown field "+strconv.Quote(t.field)+" (want "+fieldNames+")")
	}
	if v == "" {
		return nil, errAt(t.col, f.String()+": needs a value")
	}
	n := &node{op: opField, field: f, value: v, cost: fieldCost(f)}
	switch f {
	case fieldStatus:
		st, err := annot.ParseStatus(strings.ToLower(v))
		if err != nil {
			return nil, errAt(t.valueCol, "unknown status "+strconv.Quote(v)+" (want todo, done, rejected)")
		}
		n.status, n.value = st, string(st)
	case fieldHas:
		h, ok := lookupHas(strings.ToLower(v))
		if !ok {
			return nil, errAt(t.valueCol, "unknown has: value "+strconv.Quote(v)+" (want "+hasNames+")")
		}
		n.has, n.value = h, h.String()
	case fieldConf:
		c, b, ok := parseConf(v)
		if !ok {
			return nil, errAt(t.valueCol, "conf: wants a comparison with a confidence from 0 to 1, such as conf:<0.5, not "+strconv.Quote(v))
		}
		n.cmp, n.bound = c, b
	default:
		if strings.HasSuffix(v, "*") {
			n.prefix, n.value = true, strings.TrimSuffix(v, "*")
		}
		switch f {
		case fieldTag:
			n.folded = Fold(n.value)
		case fieldEntity:
			n = newEntity(n.value, n.prefix)
		}
		if f == fieldLabel {
			n.variants = []string{n.value}
			for _, w := range []string{strings.ToUpper(n.value), strings.ToLower(n.value)} {
				if !slices.Contains(n.variants, w) {
					n.variants = append(n.variants, w)
				}
			}
		}
	}
	return n, nil
}

// parseConf reads the value of conf: "<0.5", "<=0.5", ">0.9" or ">=0.9".
func parseConf(v string) (string, float64, bool) {
	var c string
	for _, op := range []string{"<=", ">=", "<", ">"} {
		if strings.HasPrefix(v, op) {
			c = op
			break
		}
	}
	if c == "" {
		return "", 0, false
	}
	b, err := strconv.ParseFloat(v[len(c):], 64)
	if err != nil || b < 0 || b > 1 {
		return "", 0, false
	}
	return c, b, true
}
