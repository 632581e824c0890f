package export

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"folio/annot"
)

// A facet is something a document may carry that not every format has a
// place for. An export counts, by facet, what its format leaves out
// (Stats.LeftOut), so that the user learns it from the export, not from
// the tool that reads it.
type facet string

const (
	facetCanonical facet = "canonical name"
	facetExternal  facet = "external id"
	facetAttr      facet = "attribute"
	facetRelation  facet = "relation"
	facetNote      facet = "note"
	facetSpanNote  facet = "note on a span" // Label Studio writes a document's notes only
	facetLoneNote  facet = "note on no entity"
	facetTag       facet = "tag"
	facetStatus    facet = "review status"
	facetMark      facet = "OCR mark"
	facetRejected  facet = "rejected entity"
	facetPredict   facet = "prediction"
	// facetDocID is a document's id: conll has no line for it that
	// spaCy's converter does not read as a token (renderCoNLL)
	facetDocID facet = "document id"
	// facetComment is a comment line of a sentence of the document's
	// source (GermEval's "#<tab>URL"): germeval writes them back
	facetComment facet = "sentence comment"
)

// leaves returns the facets format has no place for. The text and OCR
// formats write text, by design, and count nothing; folio's JSONL keeps
// everything.
func leaves(format string) []facet {
	switch format {
	case FormatProdigy:
		// an entity link goes with a task of one entity; rejected
		// entities and predictions only with a task that says so
		// (prodigyLink, prodigyProposal)
		return []facet{facetCanonical, facetExternal, facetAttr, facetNote, facetMark, facetRejected, facetPredict, facetComment}
	case FormatDoccano:
		return []facet{facetCanonical, facetExternal, facetAttr, facetNote, facetStatus, facetMark, facetComment}
	case FormatLabelStudio:
		return []facet{facetCanonical, facetExternal, facetSpanNote, facetMark, facetComment}
	case FormatBrat:
		// a note goes on the entity of its span, as an AnnotatorNotes
		return []facet{facetLoneNote, facetTag, facetStatus, facetMark, facetComment}
	case FormatWebAnno:
		return []facet{facetExternal, facetAttr, facetNote, facetTag, facetStatus, facetMark, facetComment}
	case FormatCoNLL:
		return []facet{facetCanonical, facetExternal, facetAttr, facetRelation, facetNote, facetTag, facetStatus, facetMark, facetDocID, facetComment}
	case FormatGermEval:
		return []facet{facetCanonical, facetExternal, facetAttr, facetRelation, facetNote, facetTag, facetStatus, facetMark}
	}
	return nil
}

// countLeftOut adds to r's stats what its format leaves out of it.
func (r *run) countLeftOut(it Item) {
	left := leaves(r.opt.Format)
	if len(left) == 0 {
		return
	}
	if r.stats.LeftOut == nil {
		r.stats.LeftOut = map[string]int{}
	}
	count := func(f facet, n int) {
		if n > 0 && slices.Contains(left, f) {
			r.stats.LeftOut[string(f)] += n
		}
	}
	entityAt := map[annot.Span]bool{}
	var ents []annot.Annotation
	for _, a := range it.Anns {
		if a.Kind == annot.KindEntity && !a.Stale {
			entityAt[a.Span()] = true
			ents = append(ents, a)
		}
	}
	// what the prodigy format writes beside bare spans
	var linked, link, answer string
	if r.opt.Format == FormatProdigy {
		linked, link = prodigyLink(ents, r.opt.ExternalID)
		answer = prodigyAnswer(it)
	}
	for _, a := range it.Anns {
		if a.Stale {
			continue
		}
		switch a.Kind {
		case annot.KindEntity:
			if a.Canonical != "" {
				isLinked := link != "" && a.ID == linked
				if !isLinked || a.Canonical != link {
					count(facetCanonical, 1)
				}
				if !isLinked && r.opt.ExternalID != nil && r.opt.ExternalID(a.Label, a.Canonical) != "" {
					count(facetExternal, 1)
				}
			}
			count(facetAttr, r.attrsLeftOut(a))
		case annot.KindRelation:
			count(facetRelation, 1)
			count(facetAttr, r.attrsLeftOut(a))
		case annot.KindNote:
			count(facetNote, 1)
			if a.HasSpan() {
				count(facetSpanNote, 1)
			}
			if !a.HasSpan() || !entityAt[a.Span()] {
				count(facetLoneNote, 1)
			}
		case annot.KindTag:
			count(facetTag, 1)
		case annot.KindMark:
			count(facetMark, 1)
		case annot.KindRejected:
			if a.Label == string(annot.KindEntity) && !prodigyProposal(answer, a) {
				count(facetRejected, 1)
			}
		case annot.KindPrediction:
			if !prodigyProposal(answer, a) {
				count(facetPredict, 1)
			}
		case annot.KindTokens:
			if t, err := annot.ParseTokens(a.Value); err == nil {
				for _, c := range t.Comments {
					count(facetComment, len(c.Lines))
				}
			}
		}
	}
	if docStatus(it) != annot.StatusTodo {
		count(facetStatus, 1)
	}
	count(facetDocID, 1)
}

// attrsLeftOut counts the attributes of entity or relation a that r's
// format has no place for, if it has none for some (leaves): the webanno
// format writes those that are features of a's layer.
func (r *run) attrsLeftOut(a annot.Annotation) int {
	if r.opt.Format == FormatWebAnno {
		return webannoUnwritten(a)
	}
	return len(annot.WithoutSourceAttrs(a).Attrs)
}

// LeftOutLine says what an export's format had no place for, from its
// Stats.LeftOut ("" if nothing): "not written (prodigy has no place for
// them): 12 canonical names, 1 note".
func LeftOutLine(format string, left map[string]int) string {
	if len(left) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(left)) {
		name := k
		if left[k] != 1 {
			name = plural(k)
		}
		parts = append(parts, fmt.Sprintf("%d %s", left[k], name))
	}
	return fmt.Sprintf("not written (%s has no place for them; folio's jsonl keeps everything): %s", format, strings.Join(parts, ", "))
}

// plural is the plural of a facet's name.
func plural(name string) string {
	switch {
	case name == string(facetStatus):
		return "review statuses"
	case strings.HasPrefix(name, "note "):
		return "notes " + strings.TrimPrefix(name, "note ")
	}
	return name + "s"
}
