package export

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"folio/annot"
)

// prodigyTask is one line of the prodigy format.
type prodigyTask struct {
	Text      string            `json:"text"`
	Tokens    []prodigyToken    `json:"tokens,omitzero"`
	Spans     []prodigySpan     `json:"spans"`
	Relations []prodigyRelation `json:"relations,omitempty"`
	Meta      map[string]any    `json:"meta"`
	// Accept is the choice view's answer: the entity link of a task of
	// one entity (see prodigyLink)
	Accept []string `json:"accept,omitempty"`
	Answer string   `json:"answer,omitempty"`
}

// prodigySpan is an entity of a prodigy task.
type prodigySpan struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart *int   `json:"token_start,omitempty"`
	TokenEnd   *int   `json:"token_end,omitempty"`
	Label      string `json:"label"`
	// Answer is the span's own, as ner.teach writes it, where the task's
	// answer would say otherwise of it (see prodigySpanAnswer)
	Answer string `json:"answer,omitempty"`
}

// prodigyRelation is a relation of Prodigy's rel.manual: head and child
// are the token_end of their spans (written with Options.Tokens).
type prodigyRelation struct {
	Head      *int        `json:"head,omitempty"`
	Child     *int        `json:"child,omitempty"`
	HeadSpan  prodigySpan `json:"head_span"`
	ChildSpan prodigySpan `json:"child_span"`
	Label     string      `json:"label"`
}

// prodigyToken is a token in Prodigy's form, with its index.
type prodigyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
}

// renderProdigy writes Prodigy's task form on the corrected text:
// {"text", "spans": [{"start", "end", "label"}], "meta": {"id", ...}}.
// With Options.Tokens it adds "tokens" (the source's, if the document
// records them, else Tokenize's: see segment) and gives each span
// token_start and token_end (inclusive, as Prodigy counts). A span that
// does not align with the tokens keeps its character offsets, goes without
// token indices, and is reported through Options.Warn.
//
// A task of one entity linked to a knowledge base gets the link as
// Prodigy's choice view answers it ("accept": ["Q312545"], see
// prodigyLink). The proposals of a task answered reject or ignore
// (prodigyProposal) are written as ner.teach writes them, each span with
// its own answer; the task's entities then say "answer": "accept".
func renderProdigy(r *docCtx, it Item, b *bytes.Buffer) error {
	c := r.correct(it)
	task := prodigyTask{
		Text:   c.text,
		Spans:  make([]prodigySpan, 0, len(c.ents)),
		Meta:   prodigyMeta(it),
		Answer: prodigyAnswer(it),
	}
	var toks []Token
	if r.opt.Tokens {
		toks = c.segment().toks
		task.Tokens = make([]prodigyToken, len(toks))
		for i, t := range toks {
			task.Tokens[i] = prodigyToken{Text: t.Text, Start: t.Start, End: t.End, ID: i, WS: t.WS}
		}
	}
	spanOf := func(a annot.Annotation, sp annot.Span, label string) prodigySpan {
		s := prodigySpan{Start: sp.Start, End: sp.End, Label: label, Answer: prodigySpanAnswer(task.Answer, a)}
		if r.opt.Tokens {
			if first, last, ok := tokenRange(toks, sp); ok {
				s.TokenStart, s.TokenEnd = &first, &last
			} else {
				r.warnf("%s: doc %q: %s %s at %s %q of the corrected text does not align with token boundaries; written without token_start/token_end",
					r.opt.Format, it.Doc.ID, label, a.Kind, sp, c.textOf(sp))
			}
		}
		return s
	}
	span := map[string]prodigySpan{} // entity id → its span, for relations
	ents := make([]annot.Annotation, len(c.ents))
	for i, e := range c.ents {
		s := spanOf(e.ann, e.Span, e.ann.Label)
		task.Spans = append(task.Spans, s)
		s.Answer = "" // a relation's spans are the entities'
		span[e.ann.ID] = s
		ents[i] = e.ann
	}
	if _, link := prodigyLink(ents, r.opt.ExternalID); link != "" {
		task.Accept = []string{link}
	}
	proposed := false
	for _, a := range annot.Sorted(it.Anns) {
		if a.Stale || !prodigyProposal(task.Answer, a) {
			continue
		}
		label := a.Label // a prediction's
		if a.Kind == annot.KindRejected {
			label = a.Class
		}
		sp := c.cmap.SpanToCorrected(a.Span())
		if sp.End <= sp.Start {
			r.warnf("%s: doc %q: %s %s at %s %q is deleted by a correction; left out",
				r.opt.Format, it.Doc.ID, label, a.Kind, a.Span(), annot.Slice(it.Text, a.Span()))
			continue
		}
		task.Spans, proposed = append(task.Spans, spanOf(a, sp, label)), true
	}
	if proposed {
		slices.SortStableFunc(task.Spans, func(x, y prodigySpan) int {
			return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
		})
	}
	for _, a := range annot.Sorted(it.Anns) {
		if a.Kind != annot.KindRelation {
			continue
		}
		h, ok1 := span[a.From]
		c, ok2 := span[a.To]
		if !ok1 || !ok2 {
			r.warnf("%s: doc %q: %s relation links an entity that is not written; left out", r.opt.Format, it.Doc.ID, a.Label)
			continue
		}
		task.Relations = append(task.Relations, prodigyRelation{Head: h.TokenEnd, Child: c.TokenEnd, HeadSpan: h, ChildSpan: c, Label: a.Label})
	}
	return encodeLine(b, task, it)
}

// prodigyMeta is what Prodigy shows under each task: the document's own
// meta as imported, then its id, title, source, status and tags.
func prodigyMeta(it Item) map[string]any {
	m := sourceMeta(it)
	if m == nil {
		m = map[string]any{}
	}
	m["id"] = it.Doc.ID
	m["status"] = docStatus(it)
	for k, v := range map[string]string{"title": it.Doc.Title, "source": it.Doc.Source} {
		if v != "" {
			m[k] = v
		}
	}
	if tags := docTags(it); len(tags) > 0 {
		m["tags"] = tags
	} else {
		delete(m, "tags")
	}
	return m
}

// sourceMeta is the document's metadata as its source gave it (its
// annot.KindMeta, numbers as written), or nil.
func sourceMeta(it Item) map[string]any {
	var m map[string]any
	for _, a := range it.Anns {
		if a.Kind == annot.KindMeta {
			dec := json.NewDecoder(strings.NewReader(a.Value))
			dec.UseNumber()
			_ = dec.Decode(&m) // annot.Check keeps it an object
		}
	}
	return m
}

// prodigyAnswer is Prodigy's answer for the document's review: done is
// accept, rejected is reject, the tag "ignored" (how an ignore is
// imported) is ignore; a document still to do has none.
func prodigyAnswer(it Item) string {
	switch docStatus(it) {
	case annot.StatusDone:
		return "accept"
	case annot.StatusRejected:
		return "reject"
	}
	if slices.Contains(docTags(it), annot.TagIgnored) {
		return "ignore"
	}
	return ""
}

// prodigyProposal reports whether a, one of the annotations of a task
// answered answer, is a proposal the prodigy export writes as a span with
// an answer of its own, as ner.teach writes its answers: an entity
// rejected under its label (the import of a span answered reject) in a
// task answered reject, and a model's prediction (that of a span answered
// ignore) in a task answered ignore. Elsewhere Prodigy would take them
// for entities; they are counted as not written (Run.countLeftOut).
func prodigyProposal(answer string, a annot.Annotation) bool {
	switch answer {
	case "reject":
		return a.Kind == annot.KindRejected && a.Label == string(annot.KindEntity) && a.Class != ""
	case "ignore":
		return a.Kind == annot.KindPrediction
	}
	return false
}

// prodigySpanAnswer is the answer a span of a task answered answer
// carries: a proposal's (prodigyProposal) is the task's, and an entity of
// a task answered reject or ignore is accepted, so that the task's answer
// does not make it a proposal when it is read back. Other spans carry
// none.
func prodigySpanAnswer(answer string, a annot.Annotation) string {
	switch {
	case answer != "reject" && answer != "ignore":
		return ""
	case a.Kind == annot.KindEntity:
		return "accept"
	}
	return answer
}

// prodigyLink returns the entity link Prodigy's entity-linking recipe
// gives a task of one entity, "accept": [link], as the import reads it
// back: of the entities ents, when they are one with a canonical name,
// its external id (an import of such a task names the entity by it), or
// a canonical name of Prodigy's NIL options ("NIL_ambiguous"), which has
// none; and the id of that entity. It returns "", "" for any other task.
func prodigyLink(ents []annot.Annotation, externalID func(label, canonical string) string) (id, link string) {
	if len(ents) != 1 || ents[0].Canonical == "" {
		return "", ""
	}
	e := ents[0]
	if externalID != nil {
		link = externalID(e.Label, e.Canonical)
	}
	if link == "" && strings.HasPrefix(e.Canonical, "NIL") {
		link = e.Canonical
	}
	if link == "" {
		return "", ""
	}
	return e.ID, link
}
