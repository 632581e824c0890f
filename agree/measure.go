package agree

import (
	"cmp"
	"maps"
	"slices"
	"sort"
)

// Measure compares the versions of each document (documents with fewer
// than two versions not Skipped are left out). PerDoc lists the documents
// least agreed on first.
func Measure(docs []Doc) Report {
	docs = slices.Clone(docs)
	for i := range docs {
		docs[i].Versions = slices.DeleteFunc(slices.Clone(docs[i].Versions), func(v Version) bool { return v.Skipped })
	}
	var rep Report
	overall := newTally()
	pairs := map[[2]string]*tally{}
	pairDocs := map[[2]string]int{}
	labelSet := map[string]int{}
	for _, d := range docs {
		if len(d.Versions) < 2 {
			continue // not compared
		}
		for _, v := range d.Versions {
			for _, s := range v.Spans {
				labelSet[s.Label]++
			}
		}
	}
	allLabels := slices.Sorted(maps.Keys(labelSet))
	perLabel := map[string]*tally{}
	for _, l := range allLabels {
		perLabel[l] = newTally()
	}
	reviewers := map[string]bool{}
	var fl fleiss
	var al alpha
	fleissOK := true
	raters := 0
	for _, d := range docs {
		if len(d.Versions) < 2 {
			continue
		}
		rep.Docs++
		vs := slices.Clone(d.Versions)
		slices.SortFunc(vs, func(a, b Version) int { return cmp.Compare(a.Reviewer, b.Reviewer) })
		toks := Tokens(d.Text)
		dt := newTally()
		var names []string
		for i := range vs {
			names = append(names, vs[i].Reviewer)
			reviewers[vs[i].Reviewer] = true
			for j := i + 1; j < len(vs); j++ {
				k := [2]string{vs[i].Reviewer, vs[j].Reviewer}
				t := comparePair(toks, vs[i], vs[j], "")
				dt.add(t)
				if pairs[k] == nil {
					pairs[k] = newTally()
				}
				pairs[k].add(t)
				pairDocs[k]++
				for _, l := range allLabels {
					perLabel[l].add(comparePair(toks, vs[i], vs[j], l))
				}
			}
		}
		overall.add(dt)
		rep.PerDoc = append(rep.PerDoc, DocReport{ID: d.ID, Reviewers: names, Scores: dt.scores()})
		// every token is a unit rated by each reviewer of the document
		ls := make([][]string, len(vs))
		for i, v := range vs {
			ls[i] = labels(toks, v.Spans, func(l string) string { return l })
		}
		if raters == 0 {
			raters = len(vs)
		}
		fleissOK = fleissOK && raters == len(vs)
		for ti := range toks {
			unit := map[string]int{}
			for i := range vs {
				unit[ls[i][ti]]++
			}
			fl.add(unit, len(vs))
			al.add(unit, len(vs))
		}
	}
	rep.Reviewers = slices.Sorted(maps.Keys(reviewers))
	rep.Overall = overall.scores()
	if fleissOK {
		rep.Fleiss = fl.kappa()
	}
	rep.Alpha = al.value()
	for _, l := range allLabels {
		rep.Labels = append(rep.Labels, Label{Label: l, Spans: labelSet[l], Scores: perLabel[l].scores()})
	}
	for _, k := range slices.SortedFunc(maps.Keys(pairs), func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	}) {
		rep.Pairs = append(rep.Pairs, Pair{A: k[0], B: k[1], Docs: pairDocs[k], Scores: pairs[k].scores()})
	}
	sort.SliceStable(rep.PerDoc, func(i, j int) bool { return less(rep.PerDoc[i].Kappa, rep.PerDoc[j].Kappa) })
	return rep
}

// less orders values up, undefined ones last.
func less(a, b *float64) bool {
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	}
	return *a < *b
}

// fleiss accumulates Fleiss' κ: units rated by n raters each.
type fleiss struct {
	units  int
	sumP   float64
	totals map[string]int
	all    int
}

func (f *fleiss) add(unit map[string]int, n int) {
	if f.totals == nil {
		f.totals = map[string]int{}
	}
	sq := 0
	for c, k := range unit {
		sq += k * k
		f.totals[c] += k
		f.all += k
	}
	f.sumP += float64(sq-n) / float64(n*(n-1))
	f.units++
}

func (f *fleiss) kappa() *float64 {
	if f.units == 0 {
		return nil
	}
	pbar := f.sumP / float64(f.units)
	pe := 0.0
	for _, k := range f.totals {
		p := float64(k) / float64(f.all)
		pe += p * p
	}
	if pe == 1 {
		return nil
	}
	return num((pbar - pe) / (1 - pe))
}

// alpha accumulates Krippendorff's α (nominal) through the coincidence
// matrix.
type alpha struct {
	o map[[2]string]float64
}

func (a *alpha) add(unit map[string]int, m int) {
	if m < 2 {
		return
	}
	if a.o == nil {
		a.o = map[[2]string]float64{}
	}
	for c, nc := range unit {
		for k, nk := range unit {
			pairs := nc * nk
			if c == k {
				pairs = nc * (nc - 1)
			}
			a.o[[2]string{c, k}] += float64(pairs) / float64(m-1)
		}
	}
}

func (a *alpha) value() *float64 {
	nc := map[string]float64{}
	n := 0.0
	disagree := 0.0
	for ck, v := range a.o {
		nc[ck[0]] += v
		n += v
		if ck[0] != ck[1] {
			disagree += v
		}
	}
	expect := n * n
	for _, v := range nc {
		expect -= v * v
	}
	if n == 0 || expect == 0 {
		return nil
	}
	return num(1 - (n-1)*disagree/expect)
}
