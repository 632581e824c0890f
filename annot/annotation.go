package annot

import (
	"encoding/json"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is what an annotation is.
type Kind string

// The annotation kinds of DESIGN.md.
const (
	KindTag        Kind = "tag"
	KindStatus     Kind = "status"
	KindNote       Kind = "note"
	KindEntity     Kind = "entity"
	KindCorrection Kind = "correction"
	KindMark       Kind = "mark"
	// KindRejected records a suggestion the reviewer rejected, so that it is
	// not offered again. Label holds the suggestion's kind, Value its text,
	// and Class the label a rejected entity was proposed with, if any.
	KindRejected Kind = "rejected"
	// KindRelation is a labelled, directed link between two entities of
	// the document: From and To are their ids, Label the relation.
	KindRelation Kind = "relation"
	// KindMeta is the document's metadata as its source gave it (a JSON
	// object in Value: every key, numbers as written), so that exports
	// write it back.
	KindMeta Kind = "meta"
	// KindPrediction is a model's proposal that came with the document
	// (Label Studio's "predictions"): Start/End and Label, Value its score
	// ("" if none), Class the model's version, Attrs (SourceAttr ones
	// only) where it came from. It is not an entity: folio
	// offers it as an entity suggestion, which the reviewer accepts (an
	// entity is made) or rejects, and exports write it back as it came.
	KindPrediction Kind = "prediction"
	// KindTokens records how the document's source cut its text into
	// tokens and sentences, and its sentences' comments (a Tokens in
	// Value, in its JSON form), so that exports write them as they were.
	// A document has one, with the fixed id TokensID.
	KindTokens Kind = "tokens"
)

// Spanned reports whether annotations of kind k always cover a span.
func (k Kind) Spanned() bool {
	switch k {
	case KindEntity, KindCorrection, KindMark, KindRejected, KindPrediction:
		return true
	}
	return false
}

// Origin says where an annotation came from.
type Origin string

// The origins of DESIGN.md.
const (
	OriginManual     Origin = "manual"
	OriginSuggestion Origin = "suggestion"
	OriginImport     Origin = "import"
)

// Span is a half-open range [Start, End) of code points.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the number of code points in s.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether s and t share at least one code point.
func (s Span) Overlaps(t Span) bool { return s.Start < t.End && t.Start < s.End }

// Contains reports whether t lies within s.
func (s Span) Contains(t Span) bool { return s.Start <= t.Start && t.End <= s.End }

// TrimSpace returns s without the white space at its ends, given text,
// the text s covers. A span of white space alone shrinks to an empty span
// at its end.
func (s Span) TrimSpace(text string) Span {
	lead := utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimLeftFunc(text, unicode.IsSpace))
	trail := utf8.RuneCountInString(text) - utf8.RuneCountInString(strings.TrimRightFunc(text, unicode.IsSpace))
	if lead+trail >= s.Len() {
		return Span{Start: s.End, End: s.End}
	}
	return Span{Start: s.Start + lead, End: s.End - trail}
}

func (s Span) String() string {
	return "[" + strconv.Itoa(s.Start) + "," + strconv.Itoa(s.End) + ")"
}

// Annotation is one annotation of any kind. Which fields are used depends on
// Kind:
//
//	tag         Label is the tag name
//	status      Label is the status
//	note        Value is the note; Start/End the span, or 0/0 for the document;
//	            Class its type if the source has types (brat's "Lemma")
//	entity      Start/End, Label, Canonical (optional), Attrs (optional), Copy
//	correction  Start/End, Value is the replacement ("" deletes), Class the kind of fix
//	mark        Start/End, Value an optional comment
//	rejected    Start/End, Label the suggestion kind, Value the rejected text,
//	            Class the label a rejected entity was proposed with ("" for any)
//	relation    Label, From and To (ids of entities), Attrs (optional)
//	meta        Value is a JSON object
//	prediction  Start/End, Label, Value the score ("" for none), Class the model version,
//	            Attrs (SourceAttr ones only: its id in the tool it came from)
//	tokens      Value is a Tokens in its JSON form
type Annotation struct {
	ID        string `json:"id"`
	Kind      Kind   `json:"kind"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Text      string `json:"text,omitempty"` // the covered text when made, for re-anchoring
	Label     string `json:"label,omitempty"`
	Canonical string `json:"canonical,omitempty"`
	Value     string `json:"value,omitempty"`
	Class     string `json:"class,omitempty"`
	Stale     bool   `json:"stale,omitempty"`
	From      string `json:"from,omitempty"` // a relation's entities
	To        string `json:"to,omitempty"`
	// Attrs are an entity's or a relation's attributes (brat's A and M,
	// Label Studio's choices on a region); a binary attribute has the
	// value "".
	Attrs map[string]string `json:"attrs,omitempty"`
	// Copy tells apart entities that say the same thing otherwise: brat
	// may hold two text-bound annotations of one label on one span, under
	// two ids (T135 and T136, arguments of two events). The first is
	// copy 0, the next copy 1, and so on (Set.PutApart numbers them).
	// Any other annotation is copy 0.
	Copy int `json:"copy,omitempty"`
	Meta
}

// An Answer is what one annotator made of a document apart from the
// others: a Prodigy task's answer, one of a Label Studio task's
// annotations. Its entities' ids are local to it (the relations of its
// Anns name them), so answers are imported one at a time. folio import
// --layers keeps each in a layer of its annotator's, so that folio agree
// can measure the annotators against each other.
type Answer struct {
	Annotator string
	Anns      []Annotation
}

// Meta records who made an annotation, when, and how.
type Meta struct {
	Author string    `json:"author,omitempty"`
	Time   time.Time `json:"time,omitzero"`
	Origin Origin    `json:"origin,omitempty"`
}

// Span returns the annotation's span.
func (a Annotation) Span() Span { return Span{a.Start, a.End} }

// HasSpan reports whether a is anchored to a span rather than the document.
func (a Annotation) HasSpan() bool {
	return a.Kind.Spanned() || (a.Kind == KindNote && a.End > a.Start)
}

// ExportMetaKey reports whether key is one of those folio's prodigy and
// labelstudio exports add to a document's metadata ("meta"), beside the
// keys its source gave: its id, title, source, review status and tags.
func ExportMetaKey(key string) bool {
	switch key {
	case "id", "title", "source", "status", "tags":
		return true
	}
	return false
}

// MetaWithin reports whether the metadata in (a JSON object) says
// nothing that have does not, but for keys an export adds
// (ExportMetaKey): a document's "meta" read back from folio's prodigy or
// labelstudio export is the metadata the document has.
func MetaWithin(in, have string) bool {
	decode := func(s string) (map[string]any, bool) {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		return m, dec.Decode(&m) == nil
	}
	a, ok1 := decode(in)
	b, ok2 := decode(have)
	if !ok1 || !ok2 {
		return false
	}
	for k, v := range b {
		if w, ok := a[k]; !ok || !reflect.DeepEqual(v, w) {
			return false
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok && !ExportMetaKey(k) {
			return false
		}
	}
	return true
}

// Within reports whether entity a says nothing that entity b does not:
// the same span, label and copy, b's canonical name or none, and none of
// its attributes but b's. An export that writes bare spans (Prodigy,
// doccano, Label Studio) brings back each entity of the store within
// the one it was written from. A prediction is within another of the
// same span, label, score and model whose attributes hold its own.
func (a Annotation) Within(b Annotation) bool {
	switch {
	case a.Kind == KindPrediction && b.Kind == KindPrediction:
		if a.Span() != b.Span() || a.Label != b.Label || a.Value != b.Value || a.Class != b.Class {
			return false
		}
	case a.Kind != KindEntity || b.Kind != KindEntity || a.Start != b.Start || a.End != b.End ||
		a.Label != b.Label || a.Copy != b.Copy || a.Canonical != "" && a.Canonical != b.Canonical:
		return false
	}
	for k, v := range a.Attrs {
		if w, ok := b.Attrs[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// SourceAttr starts the names of the attributes that record an
// annotation's identity in the tool it was read from (Label Studio's
// region id and control names, a prediction's id and scores): they say
// nothing of the annotation itself, so imports compare annotations
// without them.
const SourceAttr = "labelstudio:"

// WebAnnoAttr starts the names of the attributes that record where in
// WebAnno TSV an annotation was read: its layer and the feature its
// label is the value of, so that an export writes it back there. Like
// SourceAttr ones, imports compare annotations without them.
const WebAnnoAttr = "webanno:"

// IsSourceAttr reports whether the attribute named name records where
// an annotation came from (SourceAttr, WebAnnoAttr) rather than
// something of the annotation itself.
func IsSourceAttr(name string) bool {
	return strings.HasPrefix(name, SourceAttr) || strings.HasPrefix(name, WebAnnoAttr)
}

// WithoutSourceAttrs returns a without the attributes that record where
// it came from (IsSourceAttr).
func WithoutSourceAttrs(a Annotation) Annotation {
	for k := range a.Attrs {
		if IsSourceAttr(k) {
			a.Attrs = maps.Clone(a.Attrs)
			maps.DeleteFunc(a.Attrs, func(k, _ string) bool { return IsSourceAttr(k) })
			if len(a.Attrs) == 0 {
				a.Attrs = nil
			}
			break
		}
	}
	return a
}

// Same reports whether a and b say the same thing, ignoring id and meta.
// Imports use it to skip exact duplicates; two copies of one entity
// (Copy) are not the same.
func (a Annotation) Same(b Annotation) bool {
	return a.Kind == b.Kind && a.Start == b.Start && a.End == b.End &&
		a.Label == b.Label && a.Canonical == b.Canonical && a.Value == b.Value &&
		a.Class == b.Class && a.From == b.From && a.To == b.To && maps.Equal(a.Attrs, b.Attrs) &&
		a.Copy == b.Copy
}

// Correction classes.
const (
	ClassOCR         = "ocr"
	ClassHyphen      = "hyphen"
	ClassBoilerplate = "boilerplate"
	ClassEdit        = "edit"
)

// TagID and StatusID are the fixed ids of document-level annotations, so that
// a document has at most one of each tag and one status.
func TagID(name string) string { return "tag:" + name }

// StatusID is the id of a document's status annotation.
const StatusID = "status"

// MetaID is the id of a document's metadata annotation.
const MetaID = "meta"

// TagIgnored is the tag of a document its annotator skipped (Prodigy's
// answer "ignore"): not reviewed, but the skip is kept, and the prodigy
// export writes it back.
const TagIgnored = "ignored"

// TagDisputed is the tag of a document whose annotators' answers, merged
// on import, disagree on its status (one accepted it, another rejected
// it): its status is left to an editor (folio import without --layers).
const TagDisputed = "disputed"
