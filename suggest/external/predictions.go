package external

import (
	"sort"
	"strconv"
	"strings"

	"folio/annot"
	"folio/suggest"
)

// Predictions returns the entity suggestions of the predictions that came
// with a document (annot.KindPrediction, Label Studio's "predictions"):
// one per span, its labels as candidates best first, the model named in
// the reason. The caller applies suggest.Open: a prediction the reviewer
// labelled or rejected is not offered again.
func Predictions(doc, text string, anns []annot.Annotation) []suggest.Suggestion {
	var out []suggest.Suggestion
	at := map[annot.Span]int{}
	var ix *annot.Index
	for _, a := range anns {
		if a.Kind != annot.KindPrediction || a.Stale {
			continue
		}
		if ix == nil {
			ix = annot.NewIndex(text)
		}
		if a.Start < 0 || a.End > ix.Len() || a.Start >= a.End {
			continue
		}
		c := suggest.Candidate{Text: a.Label, Score: 1}
		if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
			c.Score = f
		}
		reason := "prediction"
		if a.Class != "" {
			reason += " (" + a.Class + ")"
		}
		if i, ok := at[a.Span()]; ok {
			out[i].Candidates = addCandidate(out[i].Candidates, c)
			if len(out[i].Reason) < 200 && !strings.Contains(out[i].Reason, reason) {
				out[i].Reason += "; " + reason
			}
			continue
		}
		at[a.Span()] = len(out)
		out = append(out, suggest.Suggestion{Doc: doc, Start: a.Start, End: a.End, Text: ix.Slice(a.Span()),
			Kind: suggest.KindEntity, Candidates: []suggest.Candidate{c}, Reason: reason})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
