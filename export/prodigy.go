package export

import (
	"bytes"

	"folio/annot"
)

// prodigyTask is one line of the prodigy format.
type prodigyTask struct {
	Text   string         `json:"text"`
	Tokens []prodigyToken `json:"tokens,omitzero"`
	Spans  []prodigySpan  `json:"spans"`
	Meta   prodigyMeta    `json:"meta"`
}

// prodigySpan is an entity of a prodigy task.
type prodigySpan struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart *int   `json:"token_start,omitempty"`
	TokenEnd   *int   `json:"token_end,omitempty"`
	Label      string `json:"label"`
}

// prodigyMeta is shown by Prodigy under each task.
type prodigyMeta struct {
	ID     string       `json:"id"`
	Title  string       `json:"title,omitempty"`
	Source string       `json:"source,omitempty"`
	Status annot.Status `json:"status"`
	Tags   []string     `json:"tags,omitempty"`
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
		Text:  c.text,
		Spans: make([]prodigySpan, 0, len(c.ents)),
		Meta: prodigyMeta{ID: it.Doc.ID, Title: it.Doc.Title, Source: it.Doc.Source,
			Status: docStatus(it), Tags: docTags(it)},
	}
	var toks []Token
	if r.opt.Tokens {
		toks = Tokenize(c.text)
		task.Tokens = make([]prodigyToken, len(toks))
		for i, t := range toks {
			task.Tokens[i] = prodigyToken{Text: t.Text, Start: t.Start, End: t.End, ID: i, WS: t.WS}
		}
	}
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
	}
	return encodeLine(b, task, it)
}
