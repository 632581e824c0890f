package query

import (
	"cmp"
	"slices"
	"unicode"

	"folio/annot"
)

type op uint8

const (
	opWord op = iota
	opField
	opNot
	opAnd
	opOr
)

type field uint8

const (
	fieldID field = iota
	fieldTag
	fieldStatus
	fieldLabel
	fieldEntity
	fieldHas
	fieldConf
	fieldTwin
)

// fieldNames lists the fields in the order error messages give them.
const fieldNames = "id, tag, status, label, entity, has, conf, twin"

func lookupField(name string) (field, bool) {
	switch name {
	case "id":
		return fieldID, true
	case "tag":
		return fieldTag, true
	case "status":
		return fieldStatus, true
	case "label":
		return fieldLabel, true
	case "entity":
		return fieldEntity, true
	case "has":
		return fieldHas, true
	case "conf":
		return fieldConf, true
	case "twin":
		return fieldTwin, true
	}
	return 0, false
}

func (f field) String() string {
	return [...]string{"id", "tag", "status", "label", "entity", "has", "conf", "twin"}[f]
}

type has uint8

const (
	hasCorrections has = iota
	hasMarks
	hasNotes
	hasEntities
	hasSuggestions
	hasStale
	hasTwin
)

const hasNames = "corrections, marks, notes, entities, suggestions, stale, twin"

func lookupHas(s string) (has, bool) {
	for h, name := range hasWords {
		if s == name {
			return has(h), true
		}
	}
	return 0, false
}

func (h has) String() string {
	return hasWords[h]
}

// hasWords are the words of has:, in the order of the has constants.
var hasWords = [...]string{"corrections", "marks", "notes", "entities", "suggestions", "stale", "twin"}

// node is one node of a parsed query. It is a concrete struct rather than
// an interface so that evaluation does not allocate.
type node struct {
	op op
	// opWord and opField
	value string // as written (NFC), without a trailing * for a prefix
	// opWord: the value case-folded, and the UTF-8 forms of every rune
	// that folds to its first rune, for a fast scan
	fold   []rune
	firsts []first
	// lo is the first rune when it is ASCII, for a fast scan of ASCII
	// strings; loLetter reports that it is a letter
	lo       byte
	loLetter bool
	// opField
	field field
	// variants of a label value to look up: as written, upper, lower case
	variants []string
	// folded is a tag value folded as free words are (Fold)
	folded string
	prefix bool // a trailing *: match any ending
	status annot.Status
	has    has
	// conf: the comparison ("<", "<=", ">", ">=") and the bound
	cmp   string
	bound float64
	// opNot: one kid; opAnd, opOr: two or more, as written
	kids []*node
	// eval is kids in evaluation order: cheap terms first, free words
	// (which may load the text) last
	eval []*node
	// words reports whether the subtree holds a free word
	words bool
	// cost estimates the work of evaluating the subtree
	cost int
}

func newWord(v string) *node {
	n := &node{op: opWord, value: v, words: true, cost: costWords}
	for _, r := range v {
		a, b := foldPair(r)
		n.fold = append(n.fold, a)
		if b != 0 {
			n.fold = append(n.fold, b)
		}
	}
	if len(n.fold) > 0 {
		f0 := n.fold[0]
		if f0 < 0x80 {
			n.lo, n.loLetter = byte(f0), 'a' <= f0 && f0 <= 'z'
		}
		// every rune whose fold starts with f0, and those whose fold
		// ends with it (the e of ä, ö, ü; the second s of ß)
		for _, r := range foldSources(f0) {
			_, pend := foldPair(r)
			n.firsts = append(n.firsts, first{s: string(r), pend: pend})
		}
		for _, r := range []rune{'ä', 'Ä', 'ö', 'Ö', 'ü', 'Ü', 'ß', 'ẞ'} {
			if _, b := foldPair(r); b == f0 {
				n.firsts = append(n.firsts, first{s: string(r)})
			}
		}
	}
	return n
}

// first is one form a match of a free word may start with: a rune whose
// fold starts with the word's first rune (pend is the rest of its fold),
// or ends with it (pend is 0).
type first struct {
	s    string
	pend rune
}

// foldSources returns the runes whose fold starts with f: f's case forms
// and, for a, o, u and s, the German letters written out.
func foldSources(f rune) []rune {
	var out []rune
	add := func(r rune) {
		if a, _ := foldPair(r); a == f && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	add(f)
	for r := unicode.SimpleFold(f); r != f; r = unicode.SimpleFold(r) {
		add(r)
	}
	if u := unicode.ToUpper(f); u != f {
		add(u)
		for r := unicode.SimpleFold(u); r != u; r = unicode.SimpleFold(r) {
			add(r)
		}
	}
	switch f {
	case 'a':
		add('ä')
		add('Ä')
	case 'o':
		add('ö')
		add('Ö')
	case 'u':
		add('ü')
		add('Ü')
	case 's':
		add('ß')
		add('ẞ')
	case 'i':
		add('İ')
	}
	return out
}

// newGroup builds an AND or OR of kids, flattening nested groups of the
// same op; a single kid stands for itself.
func newGroup(o op, kids []*node) *node {
	if len(kids) == 1 {
		return kids[0]
	}
	n := &node{op: o}
	for _, k := range kids {
		if k.op == o {
			n.kids = append(n.kids, k.kids...)
		} else {
			n.kids = append(n.kids, k)
		}
	}
	for _, k := range n.kids {
		n.words = n.words || k.words
		n.cost += k.cost
	}
	n.eval = slices.Clone(n.kids)
	slices.SortStableFunc(n.eval, func(a, b *node) int { return cmp.Compare(a.cost, b.cost) })
	return n
}

// newEntity is the term entity:v (v* when prefix).
func newEntity(v string, prefix bool) *node {
	return &node{op: opField, field: fieldEntity, value: v, prefix: prefix, folded: Fold(FoldKey(v)), cost: fieldCost(fieldEntity)}
}

// withAliases is Query.WithAliases for the subtree n.
func (n *node) withAliases(names func(match func(alias string) bool) []string) *node {
	if n == nil {
		return n // the empty query
	}
	switch n.op {
	case opField:
		if n.field != fieldEntity {
			return n
		}
		alts := []*node{n}
		for _, name := range names(n.equal) {
			if !n.equal(name) && !slices.ContainsFunc(alts, func(a *node) bool { return a.equal(name) }) {
				alts = append(alts, newEntity(name, false))
			}
		}
		return newGroup(opOr, alts)
	case opNot:
		if k := n.kids[0].withAliases(names); k != n.kids[0] {
			return newNot(k)
		}
	case opAnd, opOr:
		kids := make([]*node, len(n.kids))
		changed := false
		for i, k := range n.kids {
			kids[i] = k.withAliases(names)
			changed = changed || kids[i] != k
		}
		if changed {
			return newGroup(n.op, kids)
		}
	}
	return n
}

func newNot(k *node) *node {
	return &node{op: opNot, kids: []*node{k}, words: k.words, cost: k.cost}
}

// Costs of evaluating terms, to test cheap ones first.
const (
	costFlat  = 1  // a comparison of the record: id, status, has
	costList  = 2  // a walk over tags or entities
	costMap   = 4  // map lookups: label
	costWords = 16 // a free word: substring scans, maybe the text
)

func fieldCost(f field) int {
	switch f {
	case fieldTag, fieldEntity:
		return costList
	case fieldLabel:
		return costMap
	}
	return costFlat
}
