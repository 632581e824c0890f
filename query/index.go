package query

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
)

// Index evaluation. A store keeps a posting list (a bitmap of document
// numbers) for every Term of its documents: the terms of each record
// (RecordTerms) and the words of its title, id, tags and searched text
// (EachDocWord). Eval turns a query into bitmap algebra over them; a term
// the postings cannot decide exactly (a phrase, conf:)
// gives candidates that the caller decides with Match.

// TermKind is the kind of an indexed term; its value is the first byte of
// the term's key in a store.
type TermKind byte

// The kinds of Term.
const (
	TermWord   TermKind = 'w' // a folded word (EachWord)
	TermTag    TermKind = 't' // a tag as written
	TermStatus TermKind = 's' // todo (also for no status), done, rejected
	TermLabel  TermKind = 'l' // an entity label with a count above 0, as written
	TermEntity TermKind = 'e' // a canonical entity name, FoldKey
	TermTwin   TermKind = 'd' // the id of a near-duplicate, FoldKey
	TermHas    TermKind = 'h' // a has: word, and "conf" for OCR confidences
)

// Term is one indexed term.
type Term struct {
	Kind  TermKind
	Value string
}

// HasConf is the TermHas value of documents with OCR confidences.
const HasConf = "conf"

// RecordTerms calls fn with each term of d's record. Words are not among
// them (EachDocWord), nor its twins (TwinTerms), which a store keeps
// apart from the record. has:suggestions follows the count the record
// keeps (Counts.Suggestions), which the store brings up to date after a
// write.
func RecordTerms(d *annot.Doc, fn func(Term)) {
	st := d.Status
	if st == "" {
		st = annot.StatusTodo
	}
	fn(Term{TermStatus, string(st)})
	for _, t := range d.Tags {
		fn(Term{TermTag, t})
	}
	for l, c := range d.Labels {
		if c > 0 {
			fn(Term{TermLabel, l})
		}
	}
	for _, e := range d.Entities {
		fn(Term{TermEntity, FoldKey(e)})
	}
	c := &d.Counts
	for _, h := range []struct {
		has has
		on  bool
	}{
		{hasCorrections, c.Corrections > 0}, {hasMarks, c.Marks > 0}, {hasNotes, c.Notes > 0},
		{hasEntities, c.Entities > 0}, {hasStale, c.Stale > 0},
		{hasSuggestions, c.Suggestions > 0},
	} {
		if h.on {
			fn(Term{TermHas, h.has.String()})
		}
	}
	if d.HasConf {
		fn(Term{TermHas, HasConf})
	}
}

// TwinTerms calls fn with the terms of a document whose near-duplicates
// are twins (ids): twin: of each, and has:twin if there is one.
func TwinTerms(twins []string, fn func(Term)) {
	for _, t := range twins {
		fn(Term{TermTwin, FoldKey(t)})
	}
	if len(twins) > 0 {
		fn(Term{TermHas, hasTwin.String()})
	}
}

// EachDocWord calls fn with each word of d's title, id and tags and of
// text, the text free words search (the corrected text). A word may come
// more than once; it is only valid during the call.
func EachDocWord(d *annot.Doc, text string, buf []byte, fn func(word []byte)) []byte {
	buf = EachWord(d.Title, buf, fn)
	buf = EachWord(d.ID, buf, fn)
	for _, t := range d.Tags {
		buf = EachWord(t, buf, fn)
	}
	return EachWord(text, buf, fn)
}

// Index is what Eval needs of a store: its posting lists.
type Index interface {
	// All returns every document.
	All() (*roaring.Bitmap, error)
	// Term returns the documents of t.
	Term(t Term) (*roaring.Bitmap, error)
	// Terms returns the documents of every term of kind whose value
	// starts with prefix and for which keep (nil: every one) is true.
	Terms(kind TermKind, prefix string, keep func(value string) bool) (*roaring.Bitmap, error)
	// Containing returns the documents of every term of kind whose value
	// contains sub and for which keep (nil: every one) is true. A store
	// answers it from an index of the words' letter triples, so that
	// its cost follows the words that share sub's, not the lexicon.
	Containing(kind TermKind, sub string, keep func(value string) bool) (*roaring.Bitmap, error)
	// IDs returns the document whose id is id, or those whose id starts
	// with it when prefix is set.
	IDs(id string, prefix bool) (*roaring.Bitmap, error)
}

// Eval evaluates q over the postings of ix. When exact is false, the
// result is a superset of the answer: the candidates, each of which the
// caller decides with Match. The empty query gives every document,
// exactly.
func (q *Query) Eval(ix Index) (docs *roaring.Bitmap, exact bool, err error) {
	if q.Empty() {
		all, err := ix.All()
		return all, true, err
	}
	return q.root.evalIndex(ix)
}

func (n *node) evalIndex(ix Index) (*roaring.Bitmap, bool, error) {
	switch n.op {
	case opWord:
		return n.evalWord(ix)
	case opField:
		return n.evalField(ix)
	case opNot:
		kid, exact, err := n.kids[0].evalIndex(ix)
		if err != nil {
			return nil, false, err
		}
		all, err := ix.All()
		if err != nil || !exact {
			return all, false, err // a superset's complement decides nothing
		}
		all.AndNot(kid)
		return all, true, nil
	case opAnd:
		var acc *roaring.Bitmap
		exact := true
		for _, k := range n.eval {
			b, ex, err := k.evalIndex(ix)
			if err != nil {
				return nil, false, err
			}
			exact = exact && ex
			if acc == nil {
				acc = b
			} else {
				acc.And(b)
			}
			if acc.IsEmpty() {
				return acc, true, nil
			}
		}
		return acc, exact, nil
	default: // opOr
		acc := roaring.New()
		exact := true
		for _, k := range n.eval {
			b, ex, err := k.evalIndex(ix)
			if err != nil {
				return nil, false, err
			}
			exact = exact && ex
			acc.Or(b)
		}
		return acc, exact, nil
	}
}

// evalWord looks a free word up in the word index. A word of letters and
// digits alone is decided exactly: it occurs in a document when it occurs
// in one of the document's words. Otherwise each of its runs must occur
// in a word (at the word's start or end where the free word has another
// character next to it), which gives candidates.
func (n *node) evalWord(ix Index) (*roaring.Bitmap, bool, error) {
	runs := wordRuns(string(appendFold(nil, n.value)))
	if len(runs) == 0 {
		all, err := ix.All()
		return all, false, err
	}
	var acc *roaring.Bitmap
	for _, r := range runs {
		var b *roaring.Bitmap
		var err error
		switch {
		case !r.left && !r.right:
			b, err = ix.Term(Term{TermWord, r.s})
		case !r.left:
			b, err = ix.Terms(TermWord, r.s, nil)
		case !r.right:
			s := r.s
			b, err = ix.Containing(TermWord, s, func(w string) bool { return strings.HasSuffix(w, s) })
		default:
			b, err = ix.Containing(TermWord, r.s, nil)
		}
		if err != nil {
			return nil, false, err
		}
		if acc == nil {
			acc = b
		} else {
			acc.And(b)
		}
	}
	exact := len(runs) == 1 && runs[0].left && runs[0].right
	return acc, exact || acc.IsEmpty(), nil
}

// foldedTerms returns the documents of the terms of kind whose value n
// equals (a tag's or an entity's, compared folded), looking only at the
// values that can: those that start with a rune whose fold starts as
// n's folded value does (foldFirsts). key is how the index writes a
// value's first rune.
func (n *node) foldedTerms(ix Index, kind TermKind, key func(string) string) (*roaring.Bitmap, error) {
	if n.folded == "" {
		return ix.Terms(kind, "", n.equal)
	}
	f, _ := utf8.DecodeRuneInString(n.folded)
	var starts []string
	for _, r := range foldFirsts(f) {
		if k := key(string(r)); !slices.Contains(starts, k) {
			starts = append(starts, k)
		}
	}
	out := roaring.New()
	for _, k := range starts {
		b, err := ix.Terms(kind, k, n.equal)
		if err != nil {
			return nil, err
		}
		out.Or(b)
	}
	return out, nil
}

func (n *node) evalField(ix Index) (*roaring.Bitmap, bool, error) {
	var b *roaring.Bitmap
	var err error
	switch n.field {
	case fieldID:
		b, err = ix.IDs(n.value, n.prefix)
	case fieldTag:
		b, err = n.foldedTerms(ix, TermTag, func(s string) string { return s })
	case fieldStatus:
		b, err = ix.Term(Term{TermStatus, string(n.status)})
	case fieldLabel:
		if n.prefix {
			b, err = ix.Terms(TermLabel, "", n.equal)
			break
		}
		b = roaring.New()
		for _, v := range n.variants {
			p, err := ix.Term(Term{TermLabel, v})
			if err != nil {
				return nil, false, err
			}
			b.Or(p)
		}
	case fieldEntity:
		b, err = n.foldedTerms(ix, TermEntity, FoldKey)
	case fieldTwin:
		if n.prefix {
			b, err = ix.Terms(TermTwin, FoldKey(n.value), nil)
		} else {
			b, err = ix.Term(Term{TermTwin, FoldKey(n.value)})
		}
	case fieldConf:
		b, err = ix.Term(Term{TermHas, HasConf})
		return b, false, err
	default: // fieldHas
		b, err = ix.Term(Term{TermHas, n.has.String()})
	}
	return b, true, err
}
