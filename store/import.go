package store

import (
	"encoding/json"
	"fmt"
	"strconv"

	"folio/annot"

	bolt "go.etcd.io/bbolt"
)

// ImportDoc is one document to import: normalized text and the
// annotations its source carried, with spans on that text.
type ImportDoc struct {
	ID, Title, Source, Text string
	Anns                    []annot.Annotation
	// Layout is the page layout of a page read from OCR XML, or nil.
	Layout *annot.Layout
	// Entities are registry entries the input names (an external id for a
	// canonical entity); they fill in what the registry lacks.
	Entities []Entity
}

// ImportStats counts what an import did.
type ImportStats struct {
	Added, Updated, Unchanged int
	AnnsAdded, AnnsSkipped    int // annotations the input carried
	Moved, Stale              int // existing spans re-anchored by changed texts
	Bytes                     int64
}

// Importer writes documents in large transactions (one per chunk), so
// that a big corpus imports in seconds. Call Close to write the rest.
type Importer struct {
	s      *Store
	buf    []ImportDoc
	size   int
	stats  ImportStats
	report func(id, msg string)
	// ChunkDocs and ChunkBytes bound a transaction.
	ChunkDocs, ChunkBytes int
}

// NewImporter starts an import. report receives problems with single
// annotations (skipped, with the reason).
func (s *Store) NewImporter(report func(id, msg string)) *Importer {
	if report == nil {
		report = func(string, string) {}
	}
	return &Importer{s: s, report: report, ChunkDocs: 2000, ChunkBytes: 16 << 20}
}

// Add queues one document, writing the queue when it is full.
func (im *Importer) Add(d ImportDoc) error {
	im.buf = append(im.buf, d)
	im.size += len(d.Text)
	if d.Layout != nil {
		im.size += len(d.Layout.Source) // a page's XML is held until the chunk is written
	}
	if len(im.buf) >= im.ChunkDocs || im.size >= im.ChunkBytes {
		return im.Flush()
	}
	return nil
}

// Flush writes the queued documents in one transaction.
func (im *Importer) Flush() error {
	if len(im.buf) == 0 {
		return nil
	}
	st := im.stats
	err := im.s.update(func(tx *bolt.Tx) error {
		// Imports mostly append: fuller pages keep the file near the
		// size of the text (bbolt splits pages half full by default).
		for _, b := range [][]byte{bucketText, bucketDocs, bucketOrder, bucketLog} {
			tx.Bucket(b).FillPercent = 0.95
		}
		touched := false
		for _, d := range im.buf {
			c, err := im.s.importOne(tx, d, &st, im.report)
			if err != nil {
				return err
			}
			touched = touched || c
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
		act := Action{Kind: ActImport, Author: im.s.author, Time: im.s.now(),
			What: fmt.Sprintf("import %d documents", len(im.buf))}
		return appendLog(tx, &act)
	})
	if err != nil {
		return fmt.Errorf("import into %s: %w", im.s.path, err)
	}
	im.stats = st
	im.buf, im.size = im.buf[:0], 0
	return nil
}

// Close writes what is queued and returns the counts.
func (im *Importer) Close() (ImportStats, error) {
	err := im.Flush()
	return im.stats, err
}

// importOne adds or updates one document; it reports whether it changed
// an existing text, or the annotations or registry entries undo and redo
// could replay over.
func (s *Store) importOne(tx *bolt.Tx, in ImportDoc, st *ImportStats, report func(id, msg string)) (bool, error) {
	if in.ID == "" {
		return false, fmt.Errorf("a document without an id (from %s)", in.Source)
	}
	id := []byte(in.ID)
	hash := annot.Hash(in.Text)
	d, exists, err := getDoc(tx, in.ID)
	if err != nil {
		return false, err
	}
	st.Bytes += int64(len(in.Text))
	var old []annot.Annotation
	changed := false
	switch {
	case !exists:
		seq, err := tx.Bucket(bucketOrder).NextSequence()
		if err != nil {
			return false, err
		}
		if err := tx.Bucket(bucketOrder).Put(seqKey(seq), id); err != nil {
			return false, err
		}
		d = annot.Doc{ID: in.ID, Seq: seq}
		annot.Summarize(&d, nil)
		st.Added++
	case d.Hash == hash:
		st.Unchanged++
	default:
		old, err = getAnns(tx, in.ID)
		if err != nil {
			return false, err
		}
		prevB := tx.Bucket(bucketText).Get(id)
		if err := verifyText(d, prevB); err != nil {
			return false, damaged(err) // never re-anchor onto a damaged text
		}
		prev := string(prevB)
		moved, moves, stale := annot.Reanchor(prev, in.Text, old)
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
		st.Updated++
		changed = true
	}
	if !exists || changed {
		if err := tx.Bucket(bucketText).Put(id, []byte(in.Text)); err != nil {
			return false, err
		}
		d.Hash, d.Size, d.Bytes = hash, annot.Runes(in.Text), len(in.Text)
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
	if !exists || changed {
		if err := updateTwins(tx, &d, in.Text); err != nil {
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
	if len(in.Anns) == 0 && !changed {
		return changed, nil
	}
	if old == nil && exists {
		if old, err = getAnns(tx, in.ID); err != nil {
			return false, err
		}
	}
	added := st.AnnsAdded
	if err := s.importAnns(tx, in, st, report); err != nil {
		return false, err
	}
	changed = changed || st.AnnsAdded > added
	return changed, refresh(tx, in.ID, old)
}

// importAnns adds the annotations an input document carried, skipping
// exact duplicates and reporting those that break the rules.
func (s *Store) importAnns(tx *bolt.Tx, in ImportDoc, st *ImportStats, report func(id, msg string)) error {
	if len(in.Anns) == 0 {
		return nil
	}
	b, err := annBucket(tx, in.ID, true)
	if err != nil {
		return err
	}
	have, err := getAnns(tx, in.ID) // after re-anchoring
	if err != nil {
		return err
	}
	ix := annot.NewIndex(in.Text)
	ed := newEditor(tx, s)
	for _, a := range in.Anns {
		if a.Origin == "" {
			a.Origin = annot.OriginImport
		}
		if a.Author == "" {
			a.Author = s.author
		}
		if a.Time.IsZero() {
			a.Time = s.now()
		}
		switch a.Kind {
		case annot.KindStatus:
			a.ID = annot.StatusID
		case annot.KindTag:
			a.ID = annot.TagID(a.Label)
		default:
			a.ID = ""
		}
		if err := annot.Check(a, ix.Len()); err != nil {
			report(in.ID, fmt.Sprintf("skipped a %s: %v", a.Kind, err))
			st.AnnsSkipped++
			continue
		}
		if a.HasSpan() {
			a.Text = ix.Slice(a.Span())
		}
		dup := false
		var others []annot.Annotation
		for _, h := range have {
			if h.Same(a) {
				dup = true
				break
			}
			if h.ID != a.ID || a.ID == "" {
				others = append(others, h)
			}
		}
		if dup {
			continue
		}
		if err := annot.Conflict(a, others); err != nil {
			report(in.ID, fmt.Sprintf("skipped a %s: %v", a.Kind, err))
			st.AnnsSkipped++
			continue
		}
		if a.ID == "" {
			n, err := b.NextSequence()
			if err != nil {
				return err
			}
			a.ID = "a" + strconv.FormatUint(n, 10)
		}
		if err := putAnn(b, a); err != nil {
			return err
		}
		kept := have[:0]
		for _, h := range have {
			if h.ID != a.ID {
				kept = append(kept, h)
			}
		}
		have = append(kept, a)
		st.AnnsAdded++
		if a.Kind == annot.KindEntity && a.Canonical != "" {
			if err := ed.noteAlias(a.Label, a.Canonical, ""); err != nil {
				return err
			}
		}
	}
	// registry entries the import brought: written, not logged as undoable
	for _, c := range ed.changes {
		if err := tx.Bucket(bucketEntities).Put([]byte(c.Key), c.After); err != nil {
			return err
		}
	}
	return nil
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
