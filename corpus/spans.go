package corpus

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"folio/annot"
)

// annSet collects the annotations an input carries for one document: it
// maps their spans onto the normalized text, checks them against the rules
// of annot, and reports what it has to skip.
type annSet struct {
	n      Normalized
	ix     *sparseIndex // of n.Text, built on the first span
	rules  *annot.Set   // what was added, under the rules; built on the first add
	anns   []annot.Annotation
	setIDs []string // the id rules gave anns[i]; "" once it was deleted
	ext    []External
	report func(Problem)
	// advisory is set while the spans added say what they cover only for
	// information (Prodigy's "text"): a mismatch is a warning, the
	// offsets win.
	advisory bool
	where    string            // of the annotation being added
	alias    map[string]string // the input's entity ids → ids in rules
	// apart is set for inputs whose entity ids name entities apart
	// (brat's T135 and T136): two entities that say the same under
	// two ids are both kept, as copies (annot.Set.PutApart).
	apart bool
	// listed is set for inputs that list bare spans without an identity
	// of their own (doccano's [start, end, label], Prodigy's spans): the
	// same span listed twice in one record is two entities, as copies,
	// so that the record comes back as it was (doccano's
	// example_overlapping.jsonl). Importing the record again adds
	// nothing: copies count by rank (annot.Set.Put).
	listed bool
	// author is who made the annotations added without one (Prodigy's
	// "_annotator_id"); "" leaves them to the importer.
	author string
}

func newAnnSet(n Normalized, report func(Problem)) *annSet {
	return &annSet{n: n, report: report, alias: map[string]string{}}
}

// add adds a, whose span is given in code points of the input text. given
// is the text the input says the span covers ("" if it says nothing); a
// span whose text differs is skipped. An annotation without an origin gets
// annot.OriginImport.
func (s *annSet) add(where string, a annot.Annotation, given string) bool {
	if a.Origin == "" {
		a.Origin = annot.OriginImport
	}
	if a.Author == "" {
		a.Author = s.author
	}
	in := a // problems name the span as the input gave it
	s.where = where
	if a.HasSpan() || a.Kind.Spanned() {
		if msg := s.place(&a, given); msg != "" {
			s.skip(where, in, msg)
			return false
		}
		if a.Kind == annot.KindRejected && a.Value == "" {
			a.Value = a.Text // a rejection holds the text it rejects
		}
	}
	givenID := a.ID // the input's own id, by which its relations name it
	switch a.Kind {
	case annot.KindTag, annot.KindStatus, annot.KindMeta, annot.KindTokens:
		givenID = "" // Put gives them their fixed ids
	default:
		a.ID = ""
	}
	switch a.Kind {
	case annot.KindRelation:
		from, to := s.alias[a.From], s.alias[a.To]
		for _, e := range []struct{ local, set string }{{a.From, from}, {a.To, to}} {
			if e.set == "" {
				s.skip(where, in, fmt.Sprintf("links %s, which is not an imported entity", e.local))
				return false
			}
		}
		a.From, a.To = from, to
	case annot.KindEntity:
		if givenID != "" {
			a.ID = givenID
		}
	}
	if err := annot.Check(a, s.index().n); err != nil {
		s.skip(where, in, err.Error())
		return false
	}
	if s.rules == nil {
		s.rules = annot.NewSet(s.index().n, nil)
	}
	apart := false
	if a.ID != "" {
		if _, taken := s.rules.Get(a.ID); taken {
			a.ID = "" // an id used twice: the set gives this one another
			// a listed span keyed by its offsets (Prodigy's) listed again
			apart = s.listed && a.Kind == annot.KindEntity
		} else if _, seen := s.alias[givenID]; !seen {
			apart = s.apart || s.listed // an id not seen yet: an entity of its own
		}
	} else if s.listed && a.Kind == annot.KindEntity {
		apart = true
	}
	put := s.rules.Put
	if apart {
		put = s.rules.PutApart
	}
	d, err := put(a)
	if err != nil {
		// the message starts with the span, already named
		s.skip(where, in, strings.TrimPrefix(err.Error(), a.Span().String()+" "))
		return false
	}
	if d.Put == nil {
		if givenID != "" && d.Same != nil {
			s.alias[givenID] = d.Same.ID // its relations link the earlier one
		}
		s.skip(where, in, "duplicate of an earlier annotation")
		return false
	}
	if _, seen := s.alias[givenID]; givenID != "" && !seen {
		// the first of listed copies is the one relations name
		s.alias[givenID] = d.Put.ID
	}
	a.ID, a.Copy = "", d.Put.Copy // PutApart may have numbered a copy
	switch a.Kind {
	case annot.KindTag, annot.KindStatus, annot.KindMeta, annot.KindTokens:
		a.ID = d.Put.ID // fixed ids
	}
	for _, h := range d.Deleted {
		i := slices.Index(s.setIDs, h.ID)
		s.setIDs[i] = ""
		s.skip(where, s.anns[i], fmt.Sprintf("resolved by the correction at %s", d.Put.Span()))
	}
	s.anns = append(s.anns, a)
	s.setIDs = append(s.setIDs, d.Put.ID)
	return true
}

// fragments maps the fragments of a discontinuous span (in input
// offsets, in order, apart) onto the normalized text. When only white
// space parts them, the entity is one span over the whole and rel is "";
// otherwise rel lists the fragments as FragmentsAttr holds them,
// relative to the first one's start ("0 2;4 5"). why says why they
// cannot be mapped, or is "".
func (s *annSet) fragments(frags []annot.Span) (rel, why string) {
	var mapped []annot.Span
	blank := true
	for i, f := range frags {
		if f.Start < 0 || f.End > s.inputLen() {
			return "", fmt.Sprintf("fragment %s out of range", f)
		}
		sp, ok := f, true
		if !s.identity() {
			sp, ok = s.n.MapSpan(f.Start, f.End)
		}
		if !ok {
			return "", fmt.Sprintf("fragment %s cuts a character that normalization merged", f)
		}
		if i > 0 {
			gap := annot.Span{Start: mapped[i-1].End, End: sp.Start}
			if strings.TrimSpace(s.index().slice(gap)) != "" {
				blank = false
			}
		}
		mapped = append(mapped, sp)
	}
	if blank {
		return "", ""
	}
	parts := make([]string, len(mapped))
	for i, f := range mapped {
		parts[i] = strconv.Itoa(f.Start-mapped[0].Start) + " " + strconv.Itoa(f.End-mapped[0].Start)
	}
	return strings.Join(parts, ";"), ""
}

// setCanonical gives the i-th annotation added a canonical name (its
// span, and so the rules, do not change) and returns it.
func (s *annSet) setCanonical(i int, name string) annot.Annotation {
	a := s.anns[i]
	a.Canonical = name
	s.anns[i] = a
	if s.rules != nil {
		in := a
		in.ID = s.setIDs[i]
		s.rules.Load([]annot.Annotation{in})
	}
	return a
}

// result returns the annotations added and kept, in input order. The
// entities that relations link carry ids (local to the document) that
// the relations' From and To name; no other annotation has one, except
// the fixed ids of tags and status.
func (s *annSet) result() []annot.Annotation {
	linked := map[string]bool{}
	for _, a := range s.anns {
		if a.Kind == annot.KindRelation {
			linked[a.From], linked[a.To] = true, true
		}
	}
	out := s.anns[:0:0]
	for i, a := range s.anns {
		if s.setIDs[i] == "" {
			continue
		}
		if a.Kind == annot.KindEntity && linked[s.setIDs[i]] {
			a.ID = s.setIDs[i]
		}
		out = append(out, a)
	}
	return out
}

// place maps a's span onto the normalized text and sets a.Text to what it
// covers; it returns why it cannot, or "".
func (s *annSet) place(a *annot.Annotation, given string) string {
	in := s.inputLen()
	switch {
	case a.Start < 0 || a.End > in:
		return fmt.Sprintf("out of range (the text has %d characters)", in)
	case a.End < a.Start || a.End == a.Start && !a.Stale:
		return "empty or inverted"
	}
	sp, ok := annot.Span{Start: a.Start, End: a.End}, true
	if !s.identity() {
		sp, ok = s.n.MapSpan(a.Start, a.End)
	}
	if !ok {
		return "cuts a character that normalization merged (a letter and its accent, or CR LF)"
	}
	a.Start, a.End = sp.Start, sp.End
	a.Text = s.index().slice(sp)
	if given != "" && !a.Stale {
		if want := NormalizeString(given).Text; want != a.Text {
			msg := fmt.Sprintf("says it covers %s, but the text there is %s", strconv.Quote(clip(want, 60)), strconv.Quote(clip(a.Text, 60)))
			if !s.advisory {
				return msg
			}
			s.report(Problem{Where: s.where, Msg: a.Span().String() + " " + a.Label + ": " + msg + "; the offsets win"})
		}
	}
	return ""
}

func (s *annSet) skip(where string, a annot.Annotation, msg string) {
	if s.report == nil {
		return
	}
	what := string(a.Kind)
	if a.HasSpan() || a.Kind.Spanned() {
		what += " " + annot.Span{Start: a.Start, End: a.End}.String()
	}
	if a.Label != "" {
		what += " " + a.Label
	}
	s.report(Problem{Where: where, Msg: what + ": " + msg, Skipped: true, Part: true})
}

// inputLen is the length of the input text in code points.
func (s *annSet) inputLen() int {
	if s.identity() {
		return s.index().n // the index counts once
	}
	return s.n.InputLen()
}

// identity reports whether the input text is the normalized text.
func (s *annSet) identity() bool { return s.n.m == nil || s.n.m.src == "" }

func (s *annSet) index() *sparseIndex {
	if s.ix == nil {
		s.ix = newSparseIndex(s.n.Text)
	}
	return s.ix
}

// sparseIndex slices a text by code points. It keeps the byte offset of
// every 64th code point, so that a 50 MB text costs 3 MB rather than the
// 200 MB of a full index.
type sparseIndex struct {
	text  string
	n     int     // code points
	marks []int32 // byte offset of code point i*indexStep
	ascii bool
}

const indexStep = 64

func newSparseIndex(text string) *sparseIndex {
	ix := &sparseIndex{text: text, ascii: true}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ix.ascii = false
			break
		}
	}
	if ix.ascii {
		ix.n = len(text)
		return ix
	}
	n := 0
	for b := range text {
		if n%indexStep == 0 {
			ix.marks = append(ix.marks, int32(b))
		}
		n++
	}
	ix.n = n
	return ix
}

// byteAt returns the byte offset of code point i, 0 <= i <= n.
func (ix *sparseIndex) byteAt(i int) int {
	if ix.ascii {
		return i
	}
	if i >= ix.n {
		return len(ix.text)
	}
	b := int(ix.marks[i/indexStep])
	for k := i % indexStep; k > 0; k-- {
		_, size := utf8.DecodeRuneInString(ix.text[b:])
		b += size
	}
	return b
}

// slice returns the text of sp, which must lie within the text.
func (ix *sparseIndex) slice(sp annot.Span) string {
	return ix.text[ix.byteAt(sp.Start):ix.byteAt(sp.End)]
}
