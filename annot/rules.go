package annot

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// RuleError is a request that breaks one of the annotation rules. Its
// message says why, in words a user can act on.
type RuleError struct{ Msg string }

func (e *RuleError) Error() string { return e.Msg }

func refuse(format string, args ...any) error {
	return &RuleError{Msg: fmt.Sprintf(format, args...)}
}

func quote(s string) string { return strconv.Quote(s) }

// Check checks a on its own against a text of n code points: a known kind,
// a span inside the text, and the fields its kind needs.
func Check(a Annotation, n int) error {
	switch a.Kind {
	case KindTag:
		if err := CheckTagName(a.Label); err != nil {
			return err
		}
	case KindStatus:
		if _, err := ParseStatus(a.Label); err != nil {
			return err
		}
	case KindEntity:
		if strings.TrimSpace(a.Label) == "" {
			return refuse("an entity needs a label")
		}
		if err := CheckName("the label", a.Label); err != nil {
			return err
		}
		if a.Canonical != "" {
			if err := CheckName("the canonical name", a.Canonical); err != nil {
				return err
			}
		}
		if a.Copy < 0 {
			return refuse("an entity's copy is 0 or more")
		}
		if err := checkAttrs(a.Attrs); err != nil {
			return err
		}
	case KindNote:
		if strings.TrimSpace(a.Value) == "" {
			return refuse("a note needs text")
		}
	case KindRelation:
		switch {
		case strings.TrimSpace(a.Label) == "":
			return refuse("a relation needs a label")
		case a.From == "" || a.To == "":
			return refuse("a relation needs the two entities it links")
		case a.From == a.To:
			return refuse("a relation links two different entities")
		}
		if err := CheckName("the relation", a.Label); err != nil {
			return err
		}
		if err := checkAttrs(a.Attrs); err != nil {
			return err
		}
	case KindMeta:
		if v := strings.TrimSpace(a.Value); !strings.HasPrefix(v, "{") || !json.Valid([]byte(v)) {
			return refuse("document metadata must be a JSON object")
		}
	case KindTokens:
		t, err := ParseTokens(a.Value)
		if err != nil {
			return err
		}
		if err := t.check(n); err != nil {
			return err
		}
	case KindPrediction:
		if err := CheckName("the predicted label", a.Label); err != nil {
			return err
		}
		if a.Value != "" {
			if f, err := strconv.ParseFloat(a.Value, 64); err != nil || f < 0 || f > 1 || f != f {
				return refuse("a prediction's score %s is not a number from 0 to 1", quote(a.Value))
			}
		}
		// its attributes say only where it came from (SourceAttr)
		for name := range a.Attrs {
			if !strings.HasPrefix(name, SourceAttr) {
				return refuse("a prediction has no attributes but the %s… ones that say where it came from, not %s", SourceAttr, quote(name))
			}
		}
		if err := checkAttrs(a.Attrs); err != nil {
			return err
		}
	case KindRejected:
		if a.Class != "" {
			if err := CheckName("the rejected label", a.Class); err != nil {
				return err
			}
		}
	case KindCorrection, KindMark:
	default:
		return refuse("unknown annotation kind %s", quote(string(a.Kind)))
	}
	switch {
	case a.Copy != 0 && a.Kind != KindEntity:
		return refuse("a %s has no copies; only entities do", a.Kind)
	case len(a.Attrs) > 0 && a.Kind != KindEntity && a.Kind != KindRelation && a.Kind != KindPrediction:
		return refuse("a %s has no attributes; only entities and relations do", a.Kind)
	}
	if !a.HasSpan() {
		if a.Start != 0 || a.End != 0 {
			if a.Kind == KindNote {
				return refuse("note span %s is empty", a.Span())
			}
			return refuse("a %s has no span", a.Kind)
		}
		return nil
	}
	if a.Stale {
		// a stale span keeps its place for the reviewer to fix; it may be empty
		if a.Start < 0 || a.End > n || a.Start > a.End {
			return refuse("stale span %s is outside the document (0 to %d)", a.Span(), n)
		}
		return nil
	}
	if a.Start < 0 || a.End > n || a.Start >= a.End {
		return refuse("span %s is outside the document (0 to %d) or empty", a.Span(), n)
	}
	if a.Kind == KindCorrection && strings.ContainsRune(a.Value, 0) {
		return refuse("a replacement may not contain NUL")
	}
	return nil
}

// checkAttrs refuses attribute names that are empty or have control
// characters.
func checkAttrs(attrs map[string]string) error {
	for name := range attrs {
		if strings.TrimSpace(name) == "" || strings.ContainsFunc(name, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			return refuse("attribute name %s is empty or has control characters", quote(name))
		}
	}
	return nil
}

// CheckTagName refuses empty tag names and names with spaces or control
// characters, which would not survive the filter language.
func CheckTagName(name string) error {
	if name == "" {
		return refuse("a tag needs a name")
	}
	if len(name) > MaxNameBytes {
		return refuse("the tag name is %d bytes long; the longest allowed is %d bytes", len(name), MaxNameBytes)
	}
	for _, r := range name {
		if r <= ' ' || r == '"' || controlRune(r) {
			return refuse("tag %s may not contain spaces, quotes or control characters", quote(name))
		}
	}
	return nil
}

// cuts reports whether annotations of kind k change or flag the text they
// cover (corrections, boilerplate cuts, marks): no two of them may overlap.
func cuts(k Kind) bool { return k == KindCorrection || k == KindMark }

// ruled reports whether a takes part in the overlap rules: a span
// annotation of a kind the rules name, not stale (a stale span keeps its
// place only for the reviewer to fix it).
func ruled(a Annotation) bool {
	return !a.Stale && (cuts(a.Kind) || a.Kind == KindEntity)
}

// clash is the overlap rule between two annotations, the one place it is
// written down, and symmetric: clash(a, h) refuses exactly when clash(h, a)
// does. Corrections (boilerplate cuts among them) and marks never overlap
// each other; entities may nest and overlap each other; an entity that
// meets a correction covers all of it. The message describes h, the
// annotation a would collide with.
func clash(a, h Annotation) error {
	if !ruled(a) || !ruled(h) || !a.Span().Overlaps(h.Span()) {
		return nil
	}
	sp, hs := a.Span(), h.Span()
	switch {
	case cuts(a.Kind) && cuts(h.Kind):
		return refuse("%s overlaps the %s %s at %s", sp, kindName(h), quote(h.Text), hs)
	case a.Kind == KindEntity && h.Kind == KindCorrection && sp.Contains(hs):
	case a.Kind == KindEntity && h.Kind == KindCorrection && hs.Contains(sp):
		return refuse("the entity %s lies inside the %s %s at %s: an entity covers a correction whole, not part of it", sp, kindName(h), quote(h.Text), hs)
	case a.Kind == KindEntity && h.Kind == KindCorrection:
		return refuse("the entity %s cuts through the %s %s at %s: cover all of it or none", sp, kindName(h), quote(h.Text), hs)
	case a.Kind == KindCorrection && h.Kind == KindEntity && hs.Contains(sp):
	case a.Kind == KindCorrection && h.Kind == KindEntity && sp.Contains(hs):
		return refuse("the %s %s would take in the %s entity %s at %s: delete the entity first, or leave it out of the %s", kindName(a), sp, h.Label, quote(h.Text), hs, kindName(a))
	case a.Kind == KindCorrection && h.Kind == KindEntity:
		return refuse("the %s %s cuts through the %s entity %s at %s", kindName(a), sp, h.Label, quote(h.Text), hs)
	}
	return nil
}

// kindName names a's kind for a message: a boilerplate correction is a
// "boilerplate cut".
func kindName(a Annotation) string {
	if a.Kind == KindCorrection && a.Class == ClassBoilerplate {
		return "boilerplate cut"
	}
	return string(a.Kind)
}

// Conflict returns an error when adding a to a document that already has
// the annotations in have would break the overlap rules (see Set.Put).
// Annotations with a's id are ignored, so an edit can be checked. It looks
// at every annotation of have: for a whole document use a Set, which
// finds the few that overlap a.
func Conflict(a Annotation, have []Annotation) error {
	for _, h := range have {
		if h.ID == a.ID && a.ID != "" {
			continue
		}
		if err := clash(a, h); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks a set of annotations of one document of n code points:
// each on its own and all against each other, including duplicates of one
// id and relations whose entities are missing.
func Validate(anns []Annotation, n int) error {
	s := NewSet(n, nil)
	var rels []Annotation
	for _, a := range anns {
		if a.Kind == KindRelation {
			rels = append(rels, a) // once their entities are in
			continue
		}
		if err := s.validateOne(a); err != nil {
			return err
		}
	}
	for _, a := range rels {
		if err := s.validateOne(a); err != nil {
			return err
		}
	}
	return nil
}

func (s *Set) validateOne(a Annotation) error {
	if err := Check(a, s.n); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if _, dup := s.byID[a.ID]; dup && a.ID != "" {
		return fmt.Errorf("annotation %s: the id is used twice", a.ID)
	}
	if err := s.conflict(a); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	if err := s.ends(a); err != nil {
		return fmt.Errorf("annotation %s: %w", a.ID, err)
	}
	s.insert(a)
	return nil
}
