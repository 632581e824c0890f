package annot

import (
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
	case KindNote:
		if strings.TrimSpace(a.Value) == "" {
			return refuse("a note needs text")
		}
	case KindCorrection, KindMark, KindRejected:
	default:
		return refuse("unknown annotation kind %s", quote(string(a.Kind)))
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

// Conflict returns an error when adding a to a document that already has
// the annotations in have would break the overlap rules: corrections never
// overlap corrections, entities never overlap entities, marks never overlap
// marks or corrections, and an entity that meets a correction covers all of
// it. Annotations with a's id are ignored, so an edit can be checked.
func Conflict(a Annotation, have []Annotation) error {
	if !a.HasSpan() {
		return nil
	}
	sp := a.Span()
	for _, h := range have {
		if h.ID == a.ID && a.ID != "" || !h.HasSpan() || h.Stale || a.Stale || !sp.Overlaps(h.Span()) {
			continue
		}
		hs := h.Span()
		switch {
		case a.Kind == KindCorrection && h.Kind == KindCorrection:
			return refuse("%s overlaps the correction %s at %s", sp, quote(h.Text), hs)
		case a.Kind == KindEntity && h.Kind == KindEntity:
			return refuse("%s overlaps the %s entity %s at %s", sp, h.Label, quote(h.Text), hs)
		case a.Kind == KindMark && (h.Kind == KindMark || h.Kind == KindCorrection):
			return refuse("%s overlaps the %s %s at %s", sp, h.Kind, quote(h.Text), hs)
		case a.Kind == KindEntity && h.Kind == KindCorrection && !sp.Contains(hs):
			return refuse("the entity %s cuts through the correction %s at %s: cover all of it or none", sp, quote(h.Text), hs)
		case a.Kind == KindCorrection && h.Kind == KindEntity && !hs.Contains(sp):
			return refuse("the correction %s cuts through the %s entity %s at %s", sp, h.Label, quote(h.Text), hs)
		}
	}
	return nil
}

// Validate checks a set of annotations of one document of n code points:
// each on its own and all against each other.
func Validate(anns []Annotation, n int) error {
	for i, a := range anns {
		if err := Check(a, n); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
		if err := Conflict(a, anns[:i]); err != nil {
			return fmt.Errorf("annotation %s: %w", a.ID, err)
		}
	}
	return nil
}
