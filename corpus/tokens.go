package corpus

import "folio/annot"

// The readers of token formats (CoNLL, GermEval, CoNLL-U, spaCy, WebAnno
// TSV) rebuild a text from its tokens and record how the source cut it
// into tokens and sentences, and the comments of its sentences, in an
// annotation of kind annot.KindTokens: the exports write the same tokens
// and sentences back, so that an evaluation aligned on the source's
// tokens still lines up.

// tokensAnn returns the annotation that records the tokens toks and the
// sentence starts sents of the text n was normalized from (in its code
// points), with the comments of its sentences; ok is false when
// normalization merged characters across a token boundary, so that the
// tokens are not those of n.Text.
func tokensAnn(n Normalized, toks []annot.Span, sents []int, comments []annot.SentenceComments) (a annot.Annotation, ok bool) {
	if n.m != nil && n.m.src != "" {
		mapped := make([]annot.Span, len(toks))
		for i, t := range toks {
			if mapped[i], ok = n.MapSpan(t.Start, t.End); !ok {
				return annot.Annotation{}, false
			}
		}
		toks = mapped
		starts := make([]int, len(sents))
		for i, s := range sents {
			sp, ok := n.MapSpan(s, s)
			if !ok {
				return annot.Annotation{}, false
			}
			starts[i] = sp.Start
		}
		sents = starts
	}
	t := annot.NewTokens(n.Text, toks, sents, comments)
	return annot.Annotation{Kind: annot.KindTokens, Value: t.Value()}, true
}
