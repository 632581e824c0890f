package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"folio/annot"
)

// EntitySpan is one labelled span of a document, as an EntityLearner
// reads it.
type EntitySpan struct {
	Label     string
	Canonical string // "" when the span names no canonical entity
	Text      string // the span's surface text
	// Start and End are the span's code points in the stored text.
	Start, End int
}

// EntityLearner turns the canonical entities of the registry and the
// labelled spans of a corpus into the entries of an EntitySuggester, the
// "label this elsewhere too" suggestions. It keeps out what the corpus
// shows is no entity:
//
//   - A label that is a token-level layer (part of speech, token, lemma,
//     sentence, chunk...) is not learned at all. Such a label tiles most
//     of the documents it occurs in: its spans, alone or with the spans
//     of other labels that share the tokens out between them a token or
//     two each, cover nearly every word. A label is also a layer when most of its
//     spans are forms the next rule turns down (punctuation, function
//     words).
//   - A surface form labelled without a canonical name is proposed only
//     when the corpus bears it out: its labelled occurrences must be a
//     fair share (entMinShare) of the occurrences expected in the
//     annotated documents: the form's count in the corpus lexicon times
//     the annotated documents' share of the corpus (in bytes).
//     `the` labelled 3 times in a corpus where it occurs 5 000 times is
//     not; a name labelled once and found unlabelled only in documents
//     nobody annotated is. A form made of words that occur in many
//     documents (entCommonDocs) needs more: labelled in entCommonMinDocs
//     documents, a share of at least entCommonShare. A form without a
//     letter or a digit names no entity.
//
// Canonical entities, of the registry or of spans that name one, are the
// reviewer's decisions about a name: only the layer rule applies to them.
//
// Add the registry's entities (AddEntity) and every document's labelled
// spans (AddDocument), then take the Entries. An EntityLearner is not
// safe for concurrent use.
type EntityLearner struct {
	lex     *Lexicon
	corpus  int64    // the corpus's bytes
	keys    []entKey // in the order first met
	learned map[entKey]*entLearned
	labels  map[string]*entLabelStat
	// the documents added and their bytes
	annotated      int
	annotatedBytes int64
	toks           []entTok
}

// entKey is a label and a canonical name ("" for none).
type entKey struct{ label, canonical string }

// entLearned is what the corpus says of one label and canonical name.
type entLearned struct {
	forms   []string // surface forms, in the order first met
	stats   map[string]*entFormStat
	docs    int // documents with a span of it
	lastDoc string
}

// entFormStat counts the spans of one surface form of an entKey.
type entFormStat struct {
	spans, docs int
	lastDoc     string
}

// entLabelStat counts the documents a label occurs in and those its spans
// tile.
type entLabelStat struct {
	docs, tiled int
}

// Thresholds of the learner's rules (see EntityLearner).
const (
	// entTileShare is the share of a document's words that a tiling
	// covers.
	entTileShare = 0.9
	// entTileTokens is the most tokens a span of a tag set covers on
	// average: tags are on a token or two.
	entTileTokens = 2
	// A label is not one of a tag set when more than one of its tokens
	// in entTileShared is tagged already.
	entTileShared = 10
	// entDenseShare is the share of a document's text its spans must
	// cover before its text is read to look for a tiling.
	entDenseShare = 0.3
	// entMinShare is the least share of a form's expected occurrences
	// that must be labelled.
	entMinShare = 0.3
	// A word is common when it occurs in at least entCommonDocs
	// documents and in one document in entCommonEvery.
	entCommonDocs  = 20
	entCommonEvery = 10
	// entCommonMinDocs and entCommonShare are the evidence a form of
	// common words needs.
	entCommonMinDocs = 3
	entCommonShare   = 0.5
)

// NewEntityLearner returns a learner that weighs forms against the word
// counts of lex, the corpus lexicon, in a corpus of corpusBytes bytes of
// text (0 if unknown: the share of documents annotated stands in for
// the share of text). With lex nil it keeps out layers and punctuation
// only.
func NewEntityLearner(lex *Lexicon, corpusBytes int64) *EntityLearner {
	return &EntityLearner{lex: lex, corpus: corpusBytes, learned: map[entKey]*entLearned{}, labels: map[string]*entLabelStat{}}
}

// entry returns what is learned of k, made if needed.
func (l *EntityLearner) entry(k entKey) *entLearned {
	e := l.learned[k]
	if e == nil {
		e = &entLearned{stats: map[string]*entFormStat{}}
		l.learned[k] = e
		l.keys = append(l.keys, k)
	}
	return e
}

// addForm adds a surface form to e; doc is the document of a span of it,
// "" for a form of the registry.
func (e *entLearned) addForm(form, doc string) {
	form = strings.TrimSpace(form)
	if form == "" {
		return
	}
	st := e.stats[form]
	if st == nil {
		st = &entFormStat{}
		e.stats[form] = st
		e.forms = append(e.forms, form)
	}
	if doc == "" {
		return
	}
	st.spans++
	if st.lastDoc != doc {
		st.docs, st.lastDoc = st.docs+1, doc
	}
	if e.lastDoc != doc {
		e.docs, e.lastDoc = e.docs+1, doc
	}
}

// AddEntity adds a canonical entity of the registry: its name and
// aliases.
func (l *EntityLearner) AddEntity(label, canonical string, aliases []string) {
	e := l.entry(entKey{label, canonical})
	e.addForm(canonical, "")
	for _, a := range aliases {
		e.addForm(a, "")
	}
}

// AddDocument adds the labelled spans of the document d (its record:
// id, size in code points and in bytes). text returns its stored text; it
// is called only when the spans cover enough of it to be a layer (at
// least entDenseShare), so that most documents are judged by their spans
// alone. Spans with a blank text are skipped.
func (l *EntityLearner) AddDocument(d annot.Doc, spans []EntitySpan, text func() (string, error)) error {
	spans = slices.DeleteFunc(slices.Clone(spans), func(s EntitySpan) bool { return strings.TrimSpace(s.Text) == "" })
	if len(spans) == 0 {
		return nil
	}
	l.annotated++
	l.annotatedBytes += int64(d.Bytes)
	for _, s := range spans {
		l.entry(entKey{s.Label, s.Canonical}).addForm(s.Text, d.ID)
	}
	var labels []string
	for _, s := range spans {
		if !slices.Contains(labels, s.Label) {
			labels = append(labels, s.Label)
		}
	}
	for _, lb := range labels {
		st := l.labels[lb]
		if st == nil {
			st = &entLabelStat{}
			l.labels[lb] = st
		}
		st.docs++
	}
	if float64(entCovered(spans, func(s EntitySpan) (int, int) { return s.Start, s.End })) < entDenseShare*float64(d.Size) {
		return nil
	}
	t, err := text()
	if err != nil {
		return fmt.Errorf("text of %s: %w", d.ID, err)
	}
	l.toks = entTokens(t, l.toks[:0])
	defer clear(l.toks) // the tokens hold the text: it is not kept
	for _, lb := range entTiling(l.toks, spans) {
		l.labels[lb].tiled++
	}
	return nil
}

// entCovered is the number of positions the intervals of items cover, each
// counted once.
func entCovered[T any](items []T, span func(T) (int, int)) int {
	iv := make([][2]int, 0, len(items))
	for _, it := range items {
		if a, b := span(it); b > a {
			iv = append(iv, [2]int{a, b})
		}
	}
	slices.SortFunc(iv, func(x, y [2]int) int { return cmp.Compare(x[0], y[0]) })
	n, end := 0, -1
	for _, x := range iv {
		if x[0] > end {
			end = x[0]
		}
		if x[1] > end {
			n += x[1] - end
			end = x[1]
		}
	}
	return n
}

// entTiling returns the labels whose spans tile the text of toks, that
// is cover at least entTileShare of its words: alone (two spans or more),
// or as a tag set, labels that share the tokens out between them, a token
// or two a span (entTileTokens), each token one tag. Other spans may sit
// on the tags (a named entity over the part-of-speech tags of its words):
// a label whose tokens are mostly tagged already is not one of the set.
func entTiling(toks []entTok, spans []EntitySpan) []string {
	// words[i] is the number of words among toks[:i]
	words := make([]int, len(toks)+1)
	for i, t := range toks {
		words[i+1] = words[i]
		if t.word {
			words[i+1]++
		}
	}
	if words[len(toks)] == 0 {
		return nil
	}
	tiles := func(covered int) bool { return float64(covered) >= entTileShare*float64(words[len(toks)]) }
	// each label's spans as the tokens they cover, [first, last)
	type tspan struct{ first, last int }
	byLabel := map[string][]tspan{}
	var labels []string
	for _, s := range spans {
		first := sort.Search(len(toks), func(i int) bool { return toks[i].start >= s.Start })
		last := sort.Search(len(toks), func(i int) bool { return toks[i].end > s.End })
		if last <= first {
			continue
		}
		if _, ok := byLabel[s.Label]; !ok {
			labels = append(labels, s.Label)
		}
		byLabel[s.Label] = append(byLabel[s.Label], tspan{first, last})
	}
	// a label's tokens, merged, and the words among them
	type tlabel struct {
		name          string
		merged        []tspan
		tokens, words int
		single        float64 // the share of its spans on one token
	}
	var out []string
	var rest []tlabel
	for _, name := range labels {
		tl := tlabel{name: name}
		ts := slices.Clone(byLabel[name])
		slices.SortFunc(ts, func(a, b tspan) int { return cmp.Compare(a.first, b.first) })
		singles := 0
		for _, t := range ts {
			if t.last-t.first == 1 {
				singles++
			}
			if n := len(tl.merged); n > 0 && t.first <= tl.merged[n-1].last {
				tl.merged[n-1].last = max(tl.merged[n-1].last, t.last)
				continue
			}
			tl.merged = append(tl.merged, t)
		}
		for _, m := range tl.merged {
			tl.tokens += m.last - m.first
			tl.words += words[m.last] - words[m.first]
		}
		tl.single = float64(singles) / float64(len(ts))
		if len(ts) >= 2 && tiles(tl.words) {
			out = append(out, name)
		} else {
			rest = append(rest, tl)
		}
	}
	// the tag set: one-token labels first, then the larger
	slices.SortStableFunc(rest, func(a, b tlabel) int {
		return cmp.Or(cmp.Compare(b.single, a.single), cmp.Compare(b.tokens, a.tokens))
	})
	tagged := make([]bool, len(toks))
	var set []string
	covered, tokens, n := 0, 0, 0
	for _, tl := range rest {
		already := 0
		for _, m := range tl.merged {
			for i := m.first; i < m.last; i++ {
				if tagged[i] {
					already++
				}
			}
		}
		if already*entTileShared > tl.tokens {
			continue
		}
		for _, m := range tl.merged {
			for i := m.first; i < m.last; i++ {
				if !tagged[i] {
					tagged[i] = true
					covered += words[i+1] - words[i]
					tokens++
				}
			}
		}
		set = append(set, tl.name)
		n += len(byLabel[tl.name])
	}
	if n >= 2 && tiles(covered) && tokens <= entTileTokens*n {
		out = append(out, set...)
	}
	return out
}

// Entries returns the entries learned: for each canonical entity its name
// and forms (AliasEntries), for each label without one the forms the
// corpus bears out, each with Source alias, in the order first added.
func (l *EntityLearner) Entries() []Entry {
	layers := l.layers()
	var out []Entry
	for _, k := range l.keys {
		if layers[k.label] {
			continue
		}
		e := l.learned[k]
		if k.canonical != "" {
			out = append(out, AliasEntries(k.label, k.canonical, e.forms, e.docs)...)
			continue
		}
		for _, f := range e.forms {
			if st := e.stats[f]; l.supported(f, st) {
				out = append(out, Entry{Pattern: f, Label: k.label, Source: SourceAlias, Docs: st.docs})
			}
		}
	}
	return out
}

// layers returns the labels that are token-level layers: tiling most of
// the documents they occur in, or made mostly of forms the corpus does
// not bear out.
func (l *EntityLearner) layers() map[string]bool {
	out := map[string]bool{}
	for lb, st := range l.labels {
		if 2*st.tiled > st.docs {
			out[lb] = true
		}
	}
	spans, unsupported := map[string]int{}, map[string]int{}
	for _, k := range l.keys {
		e := l.learned[k]
		for _, f := range e.forms {
			st := e.stats[f]
			spans[k.label] += st.spans
			if k.canonical == "" && !l.supported(f, st) {
				unsupported[k.label] += st.spans
			}
		}
	}
	for lb, n := range spans {
		if 2*unsupported[lb] > n {
			out[lb] = true
		}
	}
	return out
}

// supported reports whether the corpus bears out form, labelled as st
// counts, as an entity wherever it occurs (see EntityLearner).
func (l *EntityLearner) supported(form string, st *entFormStat) bool {
	if !strings.ContainsFunc(form, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return false
	}
	if l.lex == nil {
		return true
	}
	occurs, common := l.occurrences(form)
	share := 1.0
	if occurs > 0 {
		// the occurrences expected in the annotated documents, if the
		// form is spread over the corpus as its words are
		expected := float64(occurs) * l.annotatedShare()
		share = float64(st.spans) / max(float64(st.spans), expected)
	}
	if common {
		return st.docs >= entCommonMinDocs && share >= entCommonShare
	}
	return share >= entMinShare
}

// annotatedShare is the share of the corpus in the documents added: of
// its bytes, or, when they are not known, of its documents.
func (l *EntityLearner) annotatedShare() float64 {
	if l.corpus > 0 && l.annotatedBytes > 0 {
		return min(float64(l.annotatedBytes)/float64(l.corpus), 1)
	}
	if docs := l.lex.Docs(); docs > 0 {
		return min(float64(l.annotated)/float64(docs), 1)
	}
	return 1
}

// occurrences returns how often form may occur in the corpus, at most (the
// count of its rarest word in the corpus lexicon; 0 when the lexicon
// counts none of its words, as numbers), and whether every word of it is
// common.
func (l *EntityLearner) occurrences(form string) (occurs int, common bool) {
	docs := l.lex.Docs()
	words := 0
	common = true
	for _, t := range entTokens(form, nil) {
		if !t.word || !lexHasLetter(t.text) {
			continue
		}
		c := l.lex.Count(t.text)
		if words == 0 || c < occurs {
			occurs = c
		}
		words++
		df := l.lex.DocFreq(t.text)
		common = common && df >= entCommonDocs && df*entCommonEvery >= docs
	}
	return occurs, common && words > 0
}
