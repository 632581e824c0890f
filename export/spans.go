package export

import (
	"fmt"

	"folio/annot"
)

// docCtx is what rendering one document needs: the options, and the
// warnings it collects (emitted in document order by the run).
type docCtx struct {
	opt   *Options
	warns []string
}

// warnf collects a warning.
func (r *docCtx) warnf(format string, args ...any) {
	r.warns = append(r.warns, fmt.Sprintf(format, args...))
}

// corrected is a document prepared for the formats that write its
// corrected text: the text, its index, and the entities mapped onto it.
type corrected struct {
	it   Item
	text string       // the corrected text
	ix   *annot.Index // of text
	ents []entity     // by start in the corrected text
	cmap *annot.OffsetMap
}

// entity is an entity mapped onto the corrected text.
type entity struct {
	annot.Span                  // in the corrected text
	ann        annot.Annotation // the entity as stored
}

// text returns the entity's text in the corrected text.
func (c *corrected) textOf(sp annot.Span) string { return c.ix.Slice(sp) }

// correct applies it's corrections and maps its entities onto the
// corrected text. An entity that is stale, outside the text, or deleted by
// the corrections is left out with a warning naming the format.
func (r *docCtx) correct(it Item) *corrected {
	c := annot.Apply(it.Text, it.Anns)
	out := &corrected{it: it, text: c.Text, ix: annot.NewIndex(c.Text), cmap: c.Map}
	n := annot.Runes(it.Text)
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind != annot.KindEntity {
			continue
		}
		switch {
		case a.Stale:
			r.warnf("%s: doc %q: stale %s entity at %s (made on %q) left out; fix it in folio first",
				r.opt.Format, it.Doc.ID, a.Label, a.Span(), a.Text)
			continue
		case a.Start < 0 || a.End > n || a.Start >= a.End:
			r.warnf("%s: doc %q: %s entity at %s is outside the text (0 to %d) or empty; left out",
				r.opt.Format, it.Doc.ID, a.Label, a.Span(), n)
			continue
		}
		sp := c.Map.SpanToCorrected(a.Span())
		if sp.End <= sp.Start {
			r.warnf("%s: doc %q: %s entity at %s %q is deleted by a correction; left out",
				r.opt.Format, it.Doc.ID, a.Label, a.Span(), annot.Slice(it.Text, a.Span()))
			continue
		}
		out.ents = append(out.ents, entity{Span: sp, ann: a})
	}
	return out
}

// docStatus is the document's review status: its status annotation, else
// the status in its record, else todo.
func docStatus(it Item) annot.Status {
	for _, a := range it.Anns {
		if a.Kind == annot.KindStatus && a.Label != "" {
			return annot.Status(a.Label)
		}
	}
	if it.Doc.Status != "" {
		return it.Doc.Status
	}
	return annot.StatusTodo
}

// docTags are the document's tags: its tag annotations in order, else the
// tags in its record.
func docTags(it Item) []string {
	var tags []string
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind == annot.KindTag {
			tags = append(tags, a.Label)
		}
	}
	if tags == nil {
		tags = it.Doc.Tags
	}
	return tags
}
