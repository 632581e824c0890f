package external

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"folio/annot"
	"folio/config"
	"folio/suggest"
)

// source is one suggester: a command or a URL.
type source interface {
	ask(ctx context.Context, req Request) (Response, []string, error)
	close() error
}

// Set is the external suggesters of a config. It is safe for concurrent
// use; each command answers one document at a time.
type Set struct {
	names   []string
	sources []source
	labels  map[string]bool
}

// New returns the suggesters cfg names; their commands start at the first
// request. labels are the entity labels a suggestion may give (nil: any).
func New(cfg []config.Suggester, labels []string) *Set {
	s := &Set{}
	if labels != nil {
		s.labels = map[string]bool{}
		for _, l := range labels {
			s.labels[l] = true
		}
	}
	for _, c := range cfg {
		timeout, start := c.Timeouts()
		var src source
		if c.URL != "" {
			src = &remote{url: c.URL, timeout: timeout, client: &http.Client{}}
		} else {
			src = newProcess(c.Name, slices.Clone(c.Command), timeout, start)
		}
		s.names = append(s.names, c.Name)
		s.sources = append(s.sources, src)
	}
	return s
}

// Len is the number of suggesters.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.sources)
}

// Report is what one Suggest call met, per suggester: the failures and
// the suggestions refused.
type Report struct {
	// Problems are one line per suggester that failed or whose answer had
	// refused suggestions or skipped lines, naming it.
	Problems []string
}

// String is the report on one line for the status line ("" if all went
// well).
func (r Report) String() string { return strings.Join(r.Problems, "; ") }

// Suggest asks every suggester about the document, at once, and returns
// their valid suggestions that anns leave open (suggest.Open), sorted by
// start, and what went wrong.
func (s *Set) Suggest(ctx context.Context, doc, text string, anns []annot.Annotation) ([]suggest.Suggestion, Report) {
	if s.Len() == 0 {
		return nil, Report{}
	}
	req := Request{ID: doc, Text: text, Annotations: anns}
	if req.Annotations == nil {
		req.Annotations = []annot.Annotation{}
	}
	outs := make([][]suggest.Suggestion, len(s.sources))
	probs := make([]string, len(s.sources))
	var wg sync.WaitGroup
	var ix *annot.Index
	var once sync.Once
	index := func() *annot.Index { once.Do(func() { ix = annot.NewIndex(text) }); return ix }
	for i, src := range s.sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					probs[i] = fmt.Sprintf("suggester %s: failed: %v", s.names[i], r)
				}
			}()
			resp, notes, err := src.ask(ctx, req)
			if err != nil {
				probs[i] = fmt.Sprintf("suggester %s: %s", s.names[i], strings.Join(append([]string{err.Error()}, notes...), "; "))
				return
			}
			if resp.Error != "" {
				notes = append(notes, "could not judge the document: "+clip(resp.Error, 120))
			}
			var refused []string
			outs[i], refused = s.convert(s.names[i], index(), resp.Suggestions)
			notes = append(notes, refused...)
			if len(notes) > 0 {
				probs[i] = fmt.Sprintf("suggester %s: %s", s.names[i], strings.Join(notes, "; "))
			}
		}()
	}
	wg.Wait()
	var all []suggest.Suggestion
	for _, o := range outs {
		all = append(all, o...)
	}
	var rep Report
	for _, p := range probs {
		if p != "" {
			rep.Problems = append(rep.Problems, p)
		}
	}
	for i := range all {
		all[i].Doc = doc
	}
	all = suggest.Open(all, anns)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Start < all[j].Start })
	return all, rep
}

// convert checks items and turns the valid ones into suggestions; the
// refused are summed up by reason ("2 refused: unknown label \"GPE\"").
func (s *Set) convert(name string, ix *annot.Index, items []Item) ([]suggest.Suggestion, []string) {
	var out []suggest.Suggestion
	why := map[string]int{}
	var order []string
	byKey := map[[3]any]int{}
	for _, it := range items {
		if err := it.check(ix.Len(), s.labels); err != nil {
			if why[err.Error()] == 0 {
				order = append(order, err.Error())
			}
			why[err.Error()]++
			continue
		}
		sp := annot.Span{Start: *it.Start, End: *it.End}
		kind, cand := suggest.KindEntity, suggest.Candidate{Text: it.Label, Canonical: it.Canonical, Score: 1}
		if it.Replacement != nil {
			kind, cand = suggest.KindOCR, suggest.Candidate{Text: *it.Replacement, Score: 1}
		}
		if it.Score != nil {
			cand.Score = *it.Score
		}
		reason := name
		if it.Source != "" {
			reason += " (" + clip(it.Source, 40) + ")"
		}
		k := [3]any{kind, sp.Start, sp.End}
		if i, ok := byKey[k]; ok { // another candidate for the same span
			out[i].Candidates = addCandidate(out[i].Candidates, cand)
			continue
		}
		byKey[k] = len(out)
		out = append(out, suggest.Suggestion{
			Start: sp.Start, End: sp.End, Text: ix.Slice(sp), Kind: kind,
			Candidates: []suggest.Candidate{cand}, Reason: reason,
		})
	}
	var refused []string
	for _, w := range order {
		refused = append(refused, fmt.Sprintf("%d refused: %s", why[w], w))
	}
	return out, refused
}

// addCandidate adds c to cands unless one has its text (then the higher
// score stays), best first.
func addCandidate(cands []suggest.Candidate, c suggest.Candidate) []suggest.Candidate {
	for i, h := range cands {
		if h.Text == c.Text {
			if c.Score > h.Score {
				cands[i].Score = c.Score
			}
			if cands[i].Canonical == "" {
				cands[i].Canonical = c.Canonical
			}
			sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
			return cands
		}
	}
	cands = append(cands, c)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Score > cands[j].Score })
	return cands
}

// Merge adds the external suggestions ext to folio's own: one for the
// same kind and span as one of own adds its candidates to it (and its
// name to the reason); the others join the list. The result is sorted by
// start; own is not changed.
func Merge(own, ext []suggest.Suggestion) []suggest.Suggestion {
	if len(ext) == 0 {
		return own
	}
	out := make([]suggest.Suggestion, len(own), len(own)+len(ext))
	copy(out, own)
	at := map[[3]any]int{}
	for i, s := range out {
		k := [3]any{s.Kind, s.Start, s.End}
		if _, ok := at[k]; !ok {
			at[k] = i
		}
	}
	for _, e := range ext {
		k := [3]any{e.Kind, e.Start, e.End}
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, e)
			continue
		}
		m := out[i]
		m.Candidates = slices.Clone(m.Candidates)
		for _, c := range e.Candidates {
			m.Candidates = addCandidate(m.Candidates, c)
		}
		if !strings.Contains(m.Reason, e.Reason) {
			m.Reason += "; " + e.Reason
		}
		m.Likelihood = max(m.Likelihood, e.Likelihood)
		out[i] = m
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Close stops the suggesters' commands.
func (s *Set) Close() error {
	if s == nil {
		return nil
	}
	for _, src := range s.sources {
		_ = src.close()
	}
	return nil
}
