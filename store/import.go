package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"folio/annot"
	"folio/query"

	bolt "go.etcd.io/bbolt"
)

// ImportDoc is one document to import: normalized text and the
// annotations its source carried, with spans on that text. An
// annotation's ID, if any, is the input's own: a relation names its
// entities by it (From, To), and the store gives them ids of its own.
type ImportDoc struct {
	ID, Title, Source, Text string
	Anns                    []annot.Annotation
	// Answers are the annotations annotators made apart from each other
	// (corpus.Doc.Answers), each imported on its own after Anns: into
	// the curated annotations as Anns are or, with Layers, each into a
	// layer of its annotator's (one without an annotator into the curated
	// annotations), the document dealt to them as folio assign deals it.
	Answers []annot.Answer
	Layers  bool
	// Spaced says Text was rebuilt from tokens (corpus.Doc.Spaced): a
	// document's corrected text read back regardless of white space is
	// the document unchanged
	Spaced bool
	// Numbered says the input gave no id: ID numbers the document by its
	// place in its file (corpus.Doc.Numbered). When no document has ID,
	// the one whose text or corrected text Text is (an export read back)
	// is the document imported, under its own id, title and source;
	// without one, the document is added under ID.
	Numbered bool
	// Layout is the page layout of a page read from OCR XML, or nil.
	Layout *annot.Layout
	// Entities are registry entries the input names (an external id for a
	// canonical entity); they fill in what the registry lacks.
	Entities []Entity
	// Again says that a record of the same document came earlier in this
	// import: another annotator's answers to it (Answers). The document
	// counts once in ImportStats, by its first record: this one counts
	// only when it changes the text (Updated). The Importer sets it.
	Again bool
	// prep is what the Importer started computing from Text for the
	// store it writes to, or nil
	prep *docPrep
}

// ImportStats counts what an import did. Added, Updated and Unchanged
// count documents, each once however many records of it (annotators'
// answers) came in (see ImportDoc.Again).
type ImportStats struct {
	Added, Updated, Unchanged int
	AnnsAdded, AnnsSkipped    int // annotations the input carried
	AnnsDup                   int // annotations the store had already (exact duplicates)
	Resolved                  int // marks deleted because an imported correction fixes them
	Moved, Stale              int // existing spans re-anchored by changed texts
	// AsCorrected counts the documents read as their corrected text (an
	// export's): unchanged, what they carried mapped onto the stored text
	AsCorrected int
	Bytes       int64
}

// Importer writes documents in large transactions (one per chunk), so
// that a big corpus imports in seconds. A full chunk is written while the
// caller reads the next ones, one chunk at a time and in order: while a
// chunk is written, the next full one waits for it (prepared meanwhile,
// for a store in this process) and the caller reads on. The problems a
// chunk reports are passed on from the caller's goroutine, at its next
// Add, Flush or Close. Call Close to write the rest.
type Importer struct {
	w      BatchImporter
	buf    []ImportDoc
	size   int
	stats  ImportStats
	report func(id, msg string)
	// writing are the chunks started and not yet waited for, in order:
	// the first is being written, a second waits for it
	writing []*chunkWrite
	// prepped is closed when the preparation of the last chunk started
	// is done, or nil
	prepped <-chan struct{}
	err     error // the error of a chunk: nothing more is written
	// ChunkDocs and ChunkBytes bound a transaction.
	ChunkDocs, ChunkBytes int
	// held is how many documents the store holds, about: a chunk takes
	// no more than that (and at least smallChunk), see Add.
	held int
	// answered are the documents records with answers came for, to mark
	// those that come again (ImportDoc.Again)
	answered map[string]bool
}

// BatchImporter writes one chunk of an import in one transaction and
// returns what it did. *Store is one; a client of a served store is
// another.
type BatchImporter interface {
	ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error)
}

// smallChunk is the fewest documents a chunk takes.
const smallChunk = 100

// NewImporter starts an import. report receives problems with single
// annotations (skipped, with the reason).
func (s *Store) NewImporter(report func(id, msg string)) *Importer {
	return NewImporterTo(s, report)
}

// NewImporterTo starts an import that writes its chunks to w.
func NewImporterTo(w BatchImporter, report func(id, msg string)) *Importer {
	if report == nil {
		report = func(string, string) {}
	}
	held := 0
	if l, ok := w.(interface{ Len() (int, error) }); ok {
		held, _ = l.Len() // unknown: chunks start small
	}
	// 5 000 documents a chunk, not 2 000: each chunk reads its twin
	// candidates' sketches again and rewrites pages across the twin
	// bands and postings, so fewer chunks took 30 % off the transaction's
	// CPU at 100 000 documents (docs/PERFORMANCE.md)
	return &Importer{w: w, report: report, ChunkDocs: 5000, ChunkBytes: 16 << 20, held: held}
}

// Add queues one document, writing the queue when it is full.
func (im *Importer) Add(d ImportDoc) error {
	if len(d.Answers) > 0 {
		if im.answered == nil {
			im.answered = map[string]bool{}
		}
		d.Again = im.answered[d.ID]
		im.answered[d.ID] = true
	}
	im.buf = append(im.buf, d)
	im.size += len(d.Text)
	if d.Layout != nil {
		im.size += len(d.Layout.Source) // a page's XML is held until the chunk is written
	}
	// bbolt splits a node only at commit, and a put into a node moves
	// the keys after it: a chunk as large as the store it goes into
	// would pile its keys of the random-ordered buckets (the twins'
	// bands, new words) into a few nodes, at a cost quadratic in the
	// chunk. So the chunks grow with the store.
	if len(im.buf) >= min(im.ChunkDocs, max(im.held, smallChunk)) || im.size >= im.ChunkBytes {
		im.held += len(im.buf)
		return im.start()
	}
	return nil
}

// chunkWrite is a chunk being written beside the caller, and, once done
// is closed, what came of it.
type chunkWrite struct {
	done    chan struct{}
	stats   ImportStats
	err     error
	reports [][2]string // id, message
	// skipped says it was not written, because the chunk before failed
	skipped bool
}

// start starts writing the queued documents in one transaction, beside
// the caller, once the chunk being written (if any) is: it first waits
// for the chunk before that, so that at most two are held, one written
// and one waiting. For a store in this process, the queued documents'
// preparation starts first, once the chunk before is prepared: it then
// runs beside that chunk's transaction, and the caller reads the next
// chunk beside both (it would otherwise wait, its core idle, through the
// transaction's index entries and commit, which take one core).
func (im *Importer) start() error {
	if p, ok := im.w.(preparer); ok && im.err == nil && len(im.buf) > 0 {
		preps, done := prepare(im.buf, im.prepped, p.preparesInProcess())
		for i := range im.buf {
			im.buf[i].prep = &preps[i]
		}
		im.prepped = done
	}
	if err := im.waitFor(1); err != nil {
		return err
	}
	if len(im.buf) == 0 {
		return nil
	}
	var before *chunkWrite
	if len(im.writing) > 0 {
		before = im.writing[0]
	}
	c := &chunkWrite{done: make(chan struct{})}
	docs := im.buf
	im.buf, im.size = make([]ImportDoc, 0, len(docs)), 0
	im.writing = append(im.writing, c)
	go func() {
		defer close(c.done)
		if before != nil {
			<-before.done
			if before.err != nil || before.skipped {
				c.skipped = true // nothing is written after a failed chunk
				return
			}
		}
		defer func() {
			if r := recover(); r != nil {
				c.err = fmt.Errorf("import: %v", r)
			}
		}()
		c.stats, c.err = im.w.ImportBatch(docs, func(id, msg string) {
			c.reports = append(c.reports, [2]string{id, msg})
		})
	}()
	return nil
}

// waitFor waits for the chunks started until at most n are left, oldest
// first, passes on what each reported, and adds its counts.
func (im *Importer) waitFor(n int) error {
	for len(im.writing) > n {
		c := im.writing[0]
		<-c.done
		im.writing = im.writing[1:]
		for _, r := range c.reports {
			im.report(r[0], r[1])
		}
		switch {
		case c.err != nil:
			im.err = c.err
		case !c.skipped:
			im.stats.add(c.stats)
		}
	}
	return im.err
}

// Flush writes the queued documents in one transaction, and returns when
// every document added is written.
func (im *Importer) Flush() error {
	if err := im.start(); err != nil {
		return err
	}
	return im.waitFor(0)
}

// Close writes what is queued and returns the counts.
func (im *Importer) Close() (ImportStats, error) {
	err := im.Flush()
	return im.stats, err
}

// add adds the counts of o to st.
func (st *ImportStats) add(o ImportStats) {
	st.Added += o.Added
	st.Updated += o.Updated
	st.Unchanged += o.Unchanged
	st.AnnsAdded += o.AnnsAdded
	st.AnnsSkipped += o.AnnsSkipped
	st.AnnsDup += o.AnnsDup
	st.Resolved += o.Resolved
	st.Moved += o.Moved
	st.Stale += o.Stale
	st.AsCorrected += o.AsCorrected
	st.Bytes += o.Bytes
}

// unchanged counts document in as unchanged, unless an earlier record of
// this import counted it (ImportDoc.Again).
func (st *ImportStats) unchanged(in ImportDoc) {
	if !in.Again {
		st.Unchanged++
	}
}

// ImportBatch writes docs in one transaction, logged as one import, and
// returns what it did. report receives problems with single annotations.
func (s *Store) ImportBatch(docs []ImportDoc, report func(id, msg string)) (ImportStats, error) {
	var st ImportStats
	if len(docs) == 0 {
		return st, nil
	}
	if report == nil {
		report = func(string, string) {}
	}
	anns := 0
	for _, d := range docs {
		anns += len(d.Anns)
		for _, a := range d.Answers {
			anns += len(a.Anns)
		}
	}
	if err := s.reserve(anns * annBytes); err != nil {
		return ImportStats{}, fmt.Errorf("import into %s: %w", s.path, err)
	}
	prep := prepared(docs, !s.deferDerived)
	texts := map[string]writtenText{}
	err := s.updateTexts(texts, func(tx *bolt.Tx) error {
		st = ImportStats{} // a retried transaction counts afresh
		clear(texts)
		// Imports mostly append: fuller pages keep the file near the
		// size of the text (bbolt splits pages half full by default).
		for _, b := range [][]byte{bucketText, bucketDocs, bucketOrder, bucketLog, bucketFwd, bucketSketch, bucketDocNum} {
			tx.Bucket(b).FillPercent = 0.95
		}
		words, _, err := wordsBucket(tx)
		if err != nil {
			return err
		}
		f, err := s.newFiling(tx, s.deferDerived)
		if err != nil {
			return err
		}
		touched := false
		// the words of the documents added are counted from their
		// chunk's sum, if the preparation made one for all of docs
		chunk := prep[0].chunk
		var counted []bool
		if chunk != nil && chunk.docs == len(docs) && !slices.ContainsFunc(prep, func(p *docPrep) bool { return p.chunk != chunk }) {
			counted = make([]bool, len(docs))
		}
		taken := map[string]bool{} // the stored documents Numbered ones matched
		for i, d := range docs {
			prep[i].wait()
			written := st.Added + st.Updated
			var isCounted *bool
			if counted != nil {
				isCounted = &counted[i]
			}
			c, err := s.importOne(tx, d, prep[i], &st, f, isCounted, taken, report)
			if err != nil {
				return err
			}
			if st.Added+st.Updated > written {
				// stored: the indexes need not read it back
				texts[d.ID] = writtenText{text: d.Text, keys: prep[i].keys}
			}
			touched = touched || c
		}
		if counted != nil {
			<-chunk.done
			for i, c := range counted {
				switch p := prep[i]; {
				case c && !p.summed:
					p.countInto(f.wd, 1)
				case !c && p.summed:
					p.countInto(f.wd, -1)
				}
			}
			f.wd.merge(chunk.words)
		}
		if err := f.write(words); err != nil {
			return err
		}
		if touched {
			// Texts, annotations or registry entries changed outside the
			// log: the undo stack's before-images may no longer fit.
			if err := clearBucket(tx, bucketUndo); err != nil {
				return err
			}
			if err := clearBucket(tx, bucketRedo); err != nil {
				return err
			}
		}
		act := Action{Kind: ActImport, Author: s.author, Time: s.now(),
			What: fmt.Sprintf("import %d documents", len(docs))}
		return appendLog(tx, &act)
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("import into %s: %w", s.path, err)
	}
	return st, nil
}

// importOne adds or updates one document; it reports whether it changed
// an existing text, or the annotations or registry entries undo and redo
// could replay over. p is what was computed from its text beforehand; wd
// gathers the change of the word counts, tb the twins' band slots. If
// counted is not nil, the words of p are counted from the sum of its
// chunk (prepChunk), which the caller adds to wd: importOne sets
// *counted for a document whose words are to count as they are (one
// added without annotations), and the caller adds those the sum lacks
// (docPrep.summed) and takes the others' off. taken are the stored
// documents that documents without an id of their own (ImportDoc.Numbered)
// were matched to in this transaction (matchStored).
func (s *Store) importOne(tx *bolt.Tx, in ImportDoc, p *docPrep, st *ImportStats, f *filing, counted *bool, taken map[string]bool, report func(id, msg string)) (bool, error) {
	if in.ID == "" {
		return false, fmt.Errorf("a document without an id (from %s)", in.Source)
	}
	hash := p.hash
	d, exists, err := getDoc(tx, in.ID)
	if err != nil {
		return false, err
	}
	if !exists && in.Numbered {
		match, ok, err := matchStored(tx, in, hash, p.keys, taken)
		if err != nil {
			return false, err
		}
		if ok {
			// the document it is keeps its id, title and source
			in.ID, in.Title, in.Source = match, "", ""
			taken[match] = true
			if d, exists, err = getDoc(tx, in.ID); err != nil {
				return false, err
			}
		}
	}
	id := []byte(in.ID)
	st.Bytes += int64(len(in.Text))
	var old, cur []annot.Annotation // annotations before, and after re-anchoring
	var prev string                 // the text before, when it changed
	changed, textChanged := false, false
	switch {
	case !exists:
		seq, err := tx.Bucket(bucketOrder).NextSequence()
		if err != nil {
			return false, err
		}
		if err := tx.Bucket(bucketOrder).Put(seqKey(seq), id); err != nil {
			return false, err
		}
		if seq > 1<<32-1 {
			return false, fmt.Errorf("a store holds at most 2³²-1 documents")
		}
		if err := tx.Bucket(bucketDocNum).Put(id, numKey(uint32(seq))); err != nil {
			return false, err
		}
		d = annot.Doc{ID: in.ID, Seq: seq}
		annot.Summarize(&d, nil)
		st.Added++
	case d.Hash == hash:
		st.unchanged(in)
	case in.Layout != nil && sameSource(tx, in.ID, in.Layout.Source):
		// the page it was imported from, read by a reader that now writes
		// its text otherwise (a word's spacing, say): the document is the
		// one stored, its text and layout kept, so nothing on it goes
		// stale while its source did not change
		in.Text, in.Layout = string(getText(tx, id)), nil
		st.unchanged(in)
	default:
		old, err = getAnns(tx, in.ID)
		if err != nil {
			return false, err
		}
		prevB := getText(tx, id)
		if err := verifyText(d, prevB); err != nil {
			return false, damaged(err) // never re-anchor onto a damaged text
		}
		if back, ok := asCorrected(tx, string(prevB), old, in); ok {
			// the document's corrected text, boilerplate cut out, as
			// every export but folio's JSONL writes it: the stored text
			// stays, and what was read goes onto it
			in = onStored(in, back)
			// the document is the one it was: its text, and the title and
			// source it has (a title read is the corrected text's first
			// line, a source the export's file)
			in.Text, in.Title, in.Source = string(prevB), "", ""
			cur = old
			st.unchanged(in)
			if !in.Again {
				st.AsCorrected++
			}
			break
		}
		prev, textChanged = string(prevB), true
		if !sameDocument(prev, in.Text) {
			msg := fmt.Sprintf("the text read from %s has few of the words of the one it replaces (from %s): another document under the same id? It is replaced, and its annotations move where they can (folio import --id-prefix keeps two collections apart)", in.Source, d.Source)
			if in.Source == d.Source {
				msg = fmt.Sprintf("the text read from %s has few of the words it had: it is replaced, and its annotations move where they can", in.Source)
			}
			report(in.ID, msg)
		}
		moved, moves, stale := annot.Reanchor(prev, in.Text, old)
		cur = moved
		st.Moved += moves
		st.Stale += stale
		b, err := annBucket(tx, in.ID, true)
		if err != nil {
			return false, err
		}
		for _, a := range moved {
			if err := putAnn(b, a); err != nil {
				return false, err
			}
		}
		if err := reanchorLayers(tx, in.ID, prev, in.Text, st); err != nil {
			return false, err
		}
		st.Updated++
		changed = true
	}
	if !exists || changed {
		if err := tx.Bucket(bucketText).Put(id, p.stored); err != nil {
			return false, err
		}
		d.Hash, d.Size, d.Bytes = hash, p.runes, len(in.Text)
	}
	if err := putLayout(tx, in.ID, in.Layout, changed); err != nil {
		return false, err
	}
	if in.Layout != nil || changed {
		d.MinConf, d.HasConf = in.Layout.MinConf()
	}
	if in.Title != "" {
		d.Title = in.Title
	}
	if in.Source != "" {
		d.Source = in.Source
	}
	if d.Title == "" {
		d.Title = in.ID
	}
	// a document whose derived data waits for FileDerived has none to
	// change
	deferred := f.df.defers(d.Seq, !exists)
	if (!exists || changed) && !deferred {
		sk, ok := p.sketchOf()
		if err := f.tb.updateSketch(&d, sk, ok); err != nil {
			return false, err
		}
	}
	if err := putDoc(tx, d); err != nil {
		return false, err
	}
	merged, err := mergeEntities(tx, in.Entities)
	if err != nil {
		return false, err
	}
	changed = changed || merged
	answers, layered, dealt, err := answerLayers(tx, in, report)
	if err != nil {
		return false, err
	}
	// parts are the annotations imported one after the other, each with
	// entity ids of its own: Anns, then the answers merged, their
	// statuses settled against those of have, where they go
	hasParts := len(in.Anns) > 0 || len(answers) > 0
	parts := func(have []annot.Annotation) [][]annot.Annotation {
		var out [][]annot.Annotation
		if len(in.Anns) > 0 {
			out = append(out, in.Anns)
		}
		for _, ans := range mergeStatus(have, answers, s.author, func(msg string) { report(in.ID, msg) }) {
			out = append(out, ans.Anns)
		}
		return out
	}
	changed = changed || dealt // undo and redo replay over assignments
	for _, ans := range layered {
		added := st.AnnsAdded
		have, err := annsIn(tx, in.ID, ans.Annotator)
		if err != nil {
			return false, err
		}
		if _, err := s.importAnns(tx, in, ans.Anns, have, ans.Annotator, st, report); err != nil {
			return false, err
		}
		changed = changed || st.AnnsAdded > added
	}
	if exists && hasParts {
		// a reviewer's import of a document dealt to several goes to
		// their layer, as their actions do
		layer, err := s.layerOf(tx, in.ID)
		if err != nil {
			return false, err
		}
		if layer != "" {
			have, err := annsIn(tx, in.ID, layer)
			if err != nil {
				return false, err
			}
			added := st.AnnsAdded
			for _, part := range parts(have) {
				if have, err = s.importAnns(tx, in, part, have, layer, st, report); err != nil {
					return false, err
				}
			}
			changed = changed || st.AnnsAdded > added
			hasParts = false
		}
	}
	if !hasParts && !changed {
		if !exists {
			switch {
			case deferred:
			case counted != nil:
				*counted = true
			default:
				p.countInto(f.wd, 1)
			}
			return changed, markStale(tx, in.ID)
		}
		return changed, nil
	}
	if old == nil && exists {
		if old, err = getAnns(tx, in.ID); err != nil {
			return false, err
		}
		cur = old
	}
	added := st.AnnsAdded
	now := cur
	var todo [][]annot.Annotation
	if hasParts {
		todo = parts(now)
	}
	for _, part := range todo {
		if now, err = s.importAnns(tx, in, part, now, "", st, report); err != nil {
			return false, err
		}
	}
	changed = changed || st.AnnsAdded > added
	wd := f.wd
	switch {
	case deferred:
	case !exists:
		wd.add(corrected(in.Text, now), 1)
	case textChanged:
		wd.add(corrected(prev, old), -1)
		wd.add(corrected(in.Text, now), 1)
	case !sameCorrections(old, now):
		wd.add(corrected(in.Text, old), -1)
		wd.add(corrected(in.Text, now), 1)
	}
	if err := markStale(tx, in.ID); err != nil {
		return false, err
	}
	return changed, refreshWith(tx, in.ID, old, now)
}

// asCorrected reports whether in's text is the corrected text of the
// stored text with the curated annotations anns, or with those of a
// reviewer's layer (export --layer), as exports write it (one rebuilt
// from tokens, ImportDoc.Spaced, regardless of white space), and returns
// what maps a span of it onto the stored text: one that cuts into a
// correction widens to it whole, as on the reader's corrected view.
func asCorrected(tx *bolt.Tx, stored string, anns []annot.Annotation, in ImportDoc) (back func(annot.Span) annot.Span, ok bool) {
	try := func(anns []annot.Annotation) (func(annot.Span) annot.Span, bool) {
		c := annot.Apply(stored, anns)
		if c.Text == in.Text {
			return c.Map.SpanToOriginal, true
		}
		if !in.Spaced {
			return nil, false
		}
		sm, ok := annot.MapSpaces(in.Text, c.Text)
		if !ok {
			return nil, false
		}
		return func(s annot.Span) annot.Span { return c.Map.SpanToOriginal(sm.Span(s)) }, true
	}
	if back, ok := try(anns); ok {
		return back, true
	}
	for _, r := range layersOf(tx, in.ID) {
		if layer, err := annsIn(tx, in.ID, r); err == nil && len(annot.Corrections(layer)) > 0 {
			if back, ok := try(layer); ok {
				return back, true
			}
		}
	}
	return nil, false
}

// onStored returns in with the spans of its annotations, read on its
// text, mapped onto the stored text by back.
func onStored(in ImportDoc, back func(annot.Span) annot.Span) ImportDoc {
	in.Anns = annot.MapSpans(in.Anns, back)
	in.Answers = slices.Clone(in.Answers)
	for i := range in.Answers {
		in.Answers[i].Anns = annot.MapSpans(in.Answers[i].Anns, back)
	}
	return in
}

// answerLayers sorts the answers of in: merged are those imported into
// the curated annotations (or the importing reviewer's layer) after
// in.Anns, one after the other, and layered those imported into their
// annotators' layers (ImportDoc.Layers), in order; it deals the document
// to those annotators, and reports whether that changed its reviewers.
// An annotator whose name is no reviewer's name (reviewerName) is
// reported, and their answer curated.
func answerLayers(tx *bolt.Tx, in ImportDoc, report func(id, msg string)) (merged, layered []annot.Answer, dealt bool, err error) {
	var names []string
	for _, ans := range in.Answers {
		switch {
		case len(ans.Anns) == 0:
			continue
		case !in.Layers || ans.Annotator == "":
		case reviewerName(ans.Annotator) != nil:
			report(in.ID, fmt.Sprintf("the answer of %s goes to the curated annotations: %v", ans.Annotator, reviewerName(ans.Annotator)))
		default:
			layered = append(layered, ans)
			names = append(names, ans.Annotator)
			continue
		}
		merged = append(merged, ans)
	}
	if len(names) == 0 {
		return merged, nil, false, nil
	}
	revs, err := assigned(tx, in.ID)
	if err != nil {
		return nil, nil, false, err
	}
	to := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(revs), names...))))
	if slices.Equal(to, revs) {
		return merged, layered, false, nil
	}
	v, err := json.Marshal(to)
	if err != nil {
		return nil, nil, false, err
	}
	b, err := tx.CreateBucketIfNotExists(bucketAssign)
	if err != nil {
		return nil, nil, false, fmt.Errorf("create bucket %s: %w", bucketAssign, err)
	}
	return merged, layered, true, b.Put([]byte(in.ID), v)
}

// mergeStatus returns the answers merged into a document's annotations,
// have, with the statuses they give settled so that the order they are
// read in does not decide. An answer's status follows another named
// annotator's when the two agree; when they disagree (one accepted the
// document, another rejected it) the status goes back to todo and the
// document is tagged disputed, for an editor to decide. A status an
// editor set in folio, or that of a disputed document, is left as it is:
// the answers' statuses are left out. An answer that names no annotator
// is no one to disagree with: its status counts as a status imported
// without answers does (importer, who imports, gives those), set where no
// named annotator's is. It reports each disagreement, and the answers
// left out that say otherwise than the editor.
func mergeStatus(have []annot.Annotation, answers []annot.Answer, importer string, report func(msg string)) []annot.Answer {
	if !slices.ContainsFunc(answers, func(ans annot.Answer) bool {
		return slices.ContainsFunc(ans.Anns, func(a annot.Annotation) bool { return a.Kind == annot.KindStatus })
	}) {
		return answers // no status to settle: have need not be read
	}
	var label, by string // the status there is, and the named annotator who gave it
	manual, disputed := false, false
	for _, a := range have {
		switch {
		case a.Kind == annot.KindStatus && a.Origin == annot.OriginManual:
			label, manual = a.Label, true
		case a.Kind == annot.KindStatus && a.Origin == annot.OriginImport:
			label = a.Label
			if a.Author != importer {
				by = a.Author
			}
		case a.Kind == annot.KindTag && a.Label == annot.TagDisputed:
			disputed = true
		}
	}
	var otherwise []string // answers left out that differ from the editor's status
	out := slices.Clone(answers)
	for i, ans := range answers {
		j := slices.IndexFunc(ans.Anns, func(a annot.Annotation) bool { return a.Kind == annot.KindStatus })
		if j < 0 {
			continue
		}
		anns := slices.Clone(ans.Anns)
		st := anns[j]
		switch {
		case manual || disputed:
			anns = slices.Delete(anns, j, j+1)
			if manual && st.Label != label {
				otherwise = append(otherwise, annotatorName(ans.Annotator)+": "+st.Label)
			}
		case ans.Annotator == "":
			if by != "" {
				anns = slices.Delete(anns, j, j+1) // a named annotator's stands
			} else {
				label = st.Label
			}
		case by != "" && by != ans.Annotator && st.Label != label:
			report(fmt.Sprintf("the answers disagree on the status (%s: %s, %s: %s): it is todo again, and the document tagged %s for an editor to decide (folio import --layers keeps each answer apart)",
				by, label, ans.Annotator, st.Label, annot.TagDisputed))
			anns[j].Label = string(annot.StatusTodo)
			anns = append(anns, annot.Annotation{Kind: annot.KindTag, Label: annot.TagDisputed, Meta: st.Meta})
			disputed = true
		default:
			label, by = st.Label, ans.Annotator
		}
		out[i].Anns = anns
	}
	if len(otherwise) > 0 {
		report(fmt.Sprintf("the status stays %s, as an editor set it: the answers' statuses are left out (%s)", label, strings.Join(otherwise, ", ")))
	}
	return out
}

// annotatorName is how a report names an annotator.
func annotatorName(who string) string {
	if who == "" {
		return "an annotator without a name"
	}
	return who
}

// tokensOf reports whether a, a KindTokens annotation, records the
// tokens of text.
func tokensOf(a annot.Annotation, text string) bool {
	t, err := annot.ParseTokens(a.Value)
	return err == nil && t.For(annot.Hash(text))
}

// importAnns adds anns, annotations an input document carried, to those
// it has (have), skipping exact duplicates and reporting those that break
// the rules. It returns the document's annotations as they are then.
func (s *Store) importAnns(tx *bolt.Tx, in ImportDoc, anns, have []annot.Annotation, layer string, st *ImportStats, report func(id, msg string)) ([]annot.Annotation, error) {
	if len(anns) == 0 {
		return have, nil
	}
	// brat's event and equivalence ids number the file read, not what the
	// annotations say: the same events as have's take have's ids, so
	// that the comparisons below find them there
	anns = annot.RenameBratIDs(anns, have)
	b, err := annBucket(tx, in.ID, true)
	if layer != "" {
		b, err = layerBucket(tx, in.ID, layer, true)
	}
	if err != nil {
		return nil, err
	}
	// writes wait for the end and go in key order: bbolt inserts into a
	// node's sorted slice, and "a10" sorts before "a9", so writing as the
	// ids come would move the whole slice on every put
	writes := map[string]*annot.Annotation{}
	ids := map[string]string{} // the input's ids → the store's
	ix := annot.NewIndex(in.Text)
	ed := newEditor(tx, s)
	set := annot.NewSet(ix.Len(), func() (string, error) { return nextAnnID(tx, in.ID, layer) })
	set.Load(have)
	// the entities and predictions there were, by span: one read that
	// says less than one of them is that one
	had := map[annot.Span][]annot.Annotation{}
	for _, a := range have {
		if a.Kind == annot.KindEntity || a.Kind == annot.KindPrediction {
			had[a.Span()] = append(had[a.Span()], a)
		}
	}
	for _, a := range anns {
		if a.Origin == "" {
			a.Origin = annot.OriginImport
		}
		if a.Author == "" {
			a.Author = s.author
		}
		if a.Time.IsZero() {
			a.Time = s.now()
		}
		local := a.ID // an input's own id, which its relations name
		a.ID = ""     // Put gives tags and status their fixed ids, the rest new ones
		if a.Kind == annot.KindRelation {
			from, to := ids[a.From], ids[a.To]
			if from == "" || to == "" {
				report(in.ID, fmt.Sprintf("skipped a %s relation: one of its entities was not imported", a.Label))
				st.AnnsSkipped++
				continue
			}
			a.From, a.To = from, to
		}
		if err := annot.Check(a, ix.Len()); err != nil {
			report(in.ID, fmt.Sprintf("skipped a %s: %v", a.Kind, err))
			st.AnnsSkipped++
			continue
		}
		if a.Kind == annot.KindTokens && !tokensOf(a, in.Text) {
			// the tokens of another text: an export's, whose text is
			// the stored one corrected; the document keeps its own
			st.AnnsDup++
			continue
		}
		if a.HasSpan() {
			a.Text = ix.Slice(a.Span())
		}
		if a.Kind == annot.KindMeta {
			// an export's meta read back says no more than the
			// document's: the metadata it has, and its own fields
			had := "{}"
			if m, ok := set.Get(annot.MetaID); ok {
				had = m.Value
			}
			if annot.MetaWithin(a.Value, had) {
				st.AnnsDup++
				continue
			}
		}
		// an entity or a prediction that only adds where it came from
		// (its id in the tool it was made in) to one there is that one:
		// an export of a store that predates those attributes, read again
		bare := annot.WithoutSourceAttrs(a)
		if i := slices.IndexFunc(had[a.Span()], bare.Within); i >= 0 {
			if local != "" {
				ids[local] = had[a.Span()][i].ID
			}
			st.AnnsDup++
			continue
		}
		d, err := set.Put(a)
		if err != nil {
			report(in.ID, fmt.Sprintf("skipped a %s: %v", a.Kind, err))
			st.AnnsSkipped++
			continue
		}
		if d.Put == nil {
			if local != "" && d.Same != nil {
				ids[local] = d.Same.ID
			}
			st.AnnsDup++
			continue
		}
		if local != "" {
			ids[local] = d.Put.ID
		}
		for _, h := range d.Deleted {
			report(in.ID, fmt.Sprintf("the correction at %s resolves the mark at %s", d.Put.Span(), h.Span()))
			st.Resolved++
			writes[h.ID] = nil
		}
		a = *d.Put
		writes[a.ID] = d.Put
		st.AnnsAdded++
		if a.Kind == annot.KindEntity && a.Canonical != "" && layer == "" {
			if err := ed.noteAlias(a.Label, a.Canonical, ""); err != nil {
				return nil, err
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(writes)) {
		if a := writes[id]; a != nil {
			if err := putAnn(b, *a); err != nil {
				return nil, err
			}
		} else if err := b.Delete([]byte(id)); err != nil {
			return nil, err
		}
	}
	// registry entries the import brought: written, not logged as undoable
	for _, c := range ed.changes {
		if err := tx.Bucket(bucketEntities).Put([]byte(c.Key), c.After); err != nil {
			return nil, err
		}
	}
	return set.Unordered(), nil
}

func putAnn(b *bolt.Bucket, a annot.Annotation) error {
	v, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return b.Put([]byte(a.ID), v)
}

// mergeEntities adds registry entries an import names, and external ids
// the registry lacks; it never overwrites what the reviewer set. It
// reports whether it changed anything.
func mergeEntities(tx *bolt.Tx, ents []Entity) (changed bool, err error) {
	b := tx.Bucket(bucketEntities)
	for _, e := range ents {
		key := []byte(entityKey(e.Label, e.Name))
		var cur Entity
		if v := b.Get(key); v != nil {
			if err := json.Unmarshal(v, &cur); err != nil {
				return changed, fmt.Errorf("entity %s %q: %w", e.Label, e.Name, err)
			}
			if cur.ExternalID != "" || e.ExternalID == "" {
				continue
			}
			cur.ExternalID = e.ExternalID
		} else {
			cur = Entity{Name: e.Name, Label: e.Label, Aliases: e.Aliases, ExternalID: e.ExternalID}
		}
		v, err := json.Marshal(cur)
		if err != nil {
			return changed, err
		}
		if err := b.Put(key, v); err != nil {
			return changed, err
		}
		changed = true
	}
	return changed, nil
}

// annBytes is about what one imported annotation takes in the file.
const annBytes = 256

// reserveMin is the growth below which reserve does nothing.
const reserveMin = 4 << 20

// keyReserve is the meta key that reserve writes and deletes.
var keyReserve = []byte("reserve")

// reserve makes room for about n bytes of new data before a large write,
// when the file lacks it: a value of that size is written and deleted in
// two small transactions, which grows the file and leaves its pages free.
// Otherwise bbolt grows the file during the large write, remapping it
// several times and copying every node the write holds each time (most of
// the cost of importing one document with 100 000 annotations into a new
// store). The file ends up no larger: the write reuses the pages.
func (s *Store) reserve(n int) error {
	if n < reserveMin {
		return nil
	}
	var free int
	if err := s.view(func(tx *bolt.Tx) error {
		st := tx.DB().Stats()
		free = st.FreeAlloc
		return nil
	}); err != nil {
		return err
	}
	if free >= n {
		return nil
	}
	if err := s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyReserve, make([]byte, n-free))
	}); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyReserve) })
}

// sameDocument reports whether next is a new version of the text prev
// (edited, corrected, cut or extended) rather than another document
// under the same id: at least half the distinct words of prev are words
// of next. Han, Hiragana and Katakana characters are words each.
func sameDocument(prev, next string) bool {
	old := docWords(prev)
	if len(old) == 0 {
		return true // nothing was there to lose
	}
	now := docWords(next)
	shared := 0
	for w := range old {
		if now[w] {
			shared++
		}
	}
	return 2*shared >= len(old)
}

// docWords returns the distinct words of s as the word index folds them
// (query.EachWord), each Han, Hiragana or Katakana character of a word
// being a word of its own: those scripts part no words with spaces.
func docWords(s string) map[string]bool {
	words := make(map[string]bool)
	query.EachWord(s, nil, func(w []byte) {
		if !bytes.ContainsFunc(w, spacelessScript) {
			words[string(w)] = true
			return
		}
		for _, r := range string(w) {
			words[string(r)] = true
		}
	})
	return words
}

// spacelessScript reports whether r is of a script that writes no spaces
// between words: Han, Hiragana, Katakana.
func spacelessScript(r rune) bool {
	return r >= 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
