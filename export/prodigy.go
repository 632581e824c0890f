package export

import (
	"bytes"
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
	Answer    string            `json:"answer,omitempty"`
}

// prodigySpan is an entity of a prodigy task.
type prodigySpan struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart *int   `json:"token_start,omitempty"`
	TokenEnd   *int   `json:"token_end,omitempty"`
	Label      string `json:"label"`
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
// With Options.Tokens it adds "tokens" (see Tokenize) and gives each span
// token_start and token_end (inclusive, as Prodigy counts). A span that
// does not align with the tokens keeps its character offsets, goes without
// token indices, and is reported through Options.Warn.
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
		toks = Tokenize(c.text)
		task.Tokens = make([]prodigyToken, len(toks))
		for i, t := range toks {
			task.Tokens[i] = prodigyToken{Text: t.Text, Start: t.Start, End: t.End, ID: i, WS: t.WS}
		}
	}
	span := map[string]prodigySpan{} // entity id → its span, for relations
	for _, e := range c.ents {
		s := prodigySpan{Start: e.Start, End: e.End, Label: e.ann.Label}
		if r.opt.Tokens {
			if first, last, ok := tokenRange(toks, e.Span); ok {
				s.TokenStart, s.TokenEnd = &first, &last
			} else {
				r.warnf("%s: doc %q: %s entity at %s %q of the corrected text does not align with token boundaries; written without token_start/token_end",
					r.opt.Format, it.Doc.ID, e.ann.Label, e.Span, c.textOf(e.Span))
			}
		}
		task.Spans = append(task.Spans, s)
		span[e.ann.ID] = s
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
