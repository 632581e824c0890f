package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"folio/annot"
	"folio/internal/english"

	bolt "go.etcd.io/bbolt"
)

// Layers keep double annotation apart. A document dealt to two or more
// reviewers (folio assign --overlap 2) gets a layer of annotations per
// reviewer: what each of them does to it goes to their own layer, and
// they see only their own, so that their annotations are independent. The
// document's own annotations (the main layer) are the curated ones: a
// curator accepts a reviewer's version, or single annotations of it, into
// them (Curate), and export writes them.
//
// The layers live in the bucket "layers": one nested bucket per document
// and reviewer, keyed id NUL reviewer, which holds annotations as a
// document's bucket does, with ids of its own. A change to one is an
// "ann" change with Layer set. Layers do not count in the document's
// record; a reviewer's reads of their layered documents are summarized
// from their layer.
var bucketLayers = []byte("layers")

// The views of a store: whose annotations it reads and writes.
const (
	viewAuto  = iota // the author's layer where they have one, else main
	viewMain         // the curated annotations only
	viewLayer        // one reviewer's layer where it exists, else main
)

// Layer returns the store viewing reviewer name's layer (the curated
// annotations where name has none); name "" views the curated annotations
// alone, whoever the author.
func (s *Store) Layer(name string) API {
	c := *s
	c.mode, c.layer = viewLayer, name
	if name == "" {
		c.mode = viewMain
	}
	return &c
}

func layerKey(doc, reviewer string) []byte { return []byte(doc + "\x00" + reviewer) }

// layerBucket returns the bucket of reviewer's layer of doc.
func layerBucket(tx *bolt.Tx, doc, reviewer string, create bool) (*bolt.Bucket, error) {
	root := tx.Bucket(bucketLayers)
	if root == nil {
		if !create {
			return nil, nil
		}
		var err error
		if root, err = tx.CreateBucket(bucketLayers); err != nil {
			return nil, fmt.Errorf("create bucket %s: %w", bucketLayers, err)
		}
	}
	if b := root.Bucket(layerKey(doc, reviewer)); b != nil || !create {
		return b, nil
	}
	b, err := root.CreateBucket(layerKey(doc, reviewer))
	if err != nil {
		return nil, fmt.Errorf("document %s: layer of %s: %w", doc, reviewer, err)
	}
	return b, nil
}

// layerOf is the layer this view of the store reads and writes of
// document doc ("" for the curated annotations).
func (s *Store) layerOf(tx *bolt.Tx, doc string) (string, error) {
	switch s.mode {
	case viewMain:
		return "", nil
	case viewLayer:
		if b, _ := layerBucket(tx, doc, s.layer, false); b != nil {
			return s.layer, nil
		}
		return "", nil
	}
	revs, err := assigned(tx, doc)
	if err != nil || !slices.Contains(revs, s.author) {
		return "", err
	}
	if len(revs) < 2 {
		// dealt to them alone: the curated annotations, unless an
		// import made them a layer (import --layers, one annotator)
		if b, _ := layerBucket(tx, doc, s.author, false); b == nil {
			return "", nil
		}
	}
	return s.author, nil
}

// layered reports whether this view may read a layer of any document.
func (s *Store) layered(tx *bolt.Tx) bool {
	switch s.mode {
	case viewMain:
		return false
	case viewLayer:
		return tx.Bucket(bucketLayers) != nil
	}
	return tx.Bucket(bucketAssign) != nil
}

// assigned returns the reviewers document doc is dealt to.
func assigned(tx *bolt.Tx, doc string) ([]string, error) {
	b := tx.Bucket(bucketAssign)
	if b == nil {
		return nil, nil
	}
	v := b.Get([]byte(doc))
	if v == nil {
		return nil, nil
	}
	var revs []string
	if err := json.Unmarshal(v, &revs); err != nil {
		return nil, damaged(fmt.Errorf("assignment of %q: %w", doc, err))
	}
	return revs, nil
}

// annsIn reads the annotations of doc in layer ("" for the curated ones).
func annsIn(tx *bolt.Tx, doc, layer string) ([]annot.Annotation, error) {
	if layer == "" {
		return getAnns(tx, doc)
	}
	b, _ := layerBucket(tx, doc, layer, false)
	if b == nil {
		return nil, nil
	}
	return decodeAnns(b, doc)
}

// viewed is d as this view sees it: with the summary of its layer, if it
// reads one.
func (s *Store) viewed(tx *bolt.Tx, d annot.Doc) (annot.Doc, error) {
	layer, err := s.layerOf(tx, d.ID)
	if err != nil || layer == "" {
		return d, err
	}
	anns, err := annsIn(tx, d.ID, layer)
	if err != nil {
		return d, damaged(err)
	}
	sugg := d.Counts.Suggestions
	annot.Summarize(&d, anns)
	d.Counts.Suggestions = sugg
	return d, nil
}

// Layers returns, for every document with layers, the reviewers who have
// one, sorted.
func (s *Store) Layers() (map[string][]string, error) {
	out := map[string][]string{}
	err := s.view(func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketLayers)
		if root == nil {
			return nil
		}
		return root.ForEach(func(k, v []byte) error {
			doc, rev, ok := strings.Cut(string(k), "\x00")
			if v != nil || !ok {
				return nil
			}
			out[doc] = append(out[doc], rev)
			return nil
		})
	})
	for _, revs := range out {
		slices.Sort(revs)
	}
	return out, err
}

// Curate accepts reviewer from's version of document doc into the
// curated annotations, as one undoable action: every annotation of their
// layer but its status when ids is nil (replacing the curated ones, but
// the status and the record of the source's tokens), else only the annotations ids names (added to the curated
// ones; refused where they break the rules against them). Relations keep
// their entities.
func (s *Store) Curate(doc, from string, ids []string) (Action, error) {
	m := *s
	m.mode = viewMain
	var act Action
	err := m.update(func(tx *bolt.Tx) error {
		if _, ok, err := getDoc(tx, doc); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("document %q: %w", doc, ErrNoDoc)
		}
		if b, _ := layerBucket(tx, doc, from, false); b == nil {
			return fmt.Errorf("document %q has no layer of %s (nothing of theirs to accept)", doc, from)
		}
		src, err := annsIn(tx, doc, from)
		if err != nil {
			return err
		}
		pick := map[string]bool{}
		for _, id := range ids {
			pick[id] = true
		}
		ed := newEditor(tx, &m)
		if ids == nil {
			cur, err := getAnns(tx, doc)
			if err != nil {
				return err
			}
			// relations first: an entity's deletion takes its own along
			slices.SortStableFunc(cur, func(a, b annot.Annotation) int {
				return boolInt(a.Kind != annot.KindRelation) - boolInt(b.Kind != annot.KindRelation)
			})
			for _, a := range cur {
				if a.Kind == annot.KindStatus || a.Kind == annot.KindTokens {
					continue // the document's, not the curated annotations'
				}
				if err := ed.apply(Op{Doc: doc, Delete: a.ID}); err != nil {
					return err
				}
			}
		}
		// entities before the relations that name them, each with a new
		// id of the curated annotations
		slices.SortStableFunc(src, func(a, b annot.Annotation) int {
			return boolInt(a.Kind == annot.KindRelation) - boolInt(b.Kind == annot.KindRelation)
		})
		newID := map[string]string{}
		n := 0
		for _, a := range src {
			if a.Kind == annot.KindStatus || (ids != nil && !pick[a.ID]) {
				continue
			}
			n++
			old := a.ID
			a.ID = ""
			if a.Kind == annot.KindRelation {
				if newID[a.From] == "" || newID[a.To] == "" {
					return &annot.RuleError{Msg: fmt.Sprintf("relation %s: accept its entities with it", old)}
				}
				a.From, a.To = newID[a.From], newID[a.To]
			}
			if a.Kind == annot.KindEntity || a.Kind == annot.KindCorrection || a.Kind == annot.KindMark || a.Kind == annot.KindNote || a.Kind == annot.KindRejected {
				id, err := nextAnnID(tx, doc, "")
				if err != nil {
					return err
				}
				a.ID = id
			}
			if err := ed.apply(Op{Doc: doc, Put: &a}); err != nil {
				return err
			}
			newID[old] = a.ID
		}
		if ids != nil && n != len(pick) {
			var lack []string
			for _, id := range ids {
				if !slices.ContainsFunc(src, func(a annot.Annotation) bool { return a.ID == id && a.Kind != annot.KindStatus }) {
					lack = append(lack, id)
				}
			}
			return &annot.RuleError{Msg: fmt.Sprintf("the layer of %s of %q has no %s (export --layer %s lists its ids)", from, doc, strings.Join(lack, ", "), from)}
		}
		if len(ed.changes) == 0 {
			return ErrNoChange
		}
		what := fmt.Sprintf("accept %s's version of %s", from, doc)
		if ids != nil {
			what = fmt.Sprintf("accept %s of %s in %s", english.Count(n, "annotation", "annotations"), from, doc)
		}
		act = Action{What: what, Changes: ed.changes}
		return m.commit(tx, &act, ed.read())
	})
	return act, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reanchorLayers moves the annotations of every layer of document doc
// with its text, from prev to next, as an import does the curated ones.
func reanchorLayers(tx *bolt.Tx, doc, prev, next string, st *ImportStats) error {
	for _, r := range layersOf(tx, doc) {
		b, _ := layerBucket(tx, doc, r, false)
		anns, err := decodeAnns(b, doc)
		if err != nil {
			return damaged(err)
		}
		moved, moves, stale := annot.Reanchor(prev, next, anns)
		st.Moved += moves
		st.Stale += stale
		for _, a := range moved {
			if err := putAnn(b, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// layersOf returns the reviewers with a layer of document doc, sorted.
func layersOf(tx *bolt.Tx, doc string) []string {
	root := tx.Bucket(bucketLayers)
	if root == nil {
		return nil
	}
	var revs []string
	prefix := layerKey(doc, "")
	c := root.Cursor()
	for k, v := c.Seek(prefix); k != nil && strings.HasPrefix(string(k), string(prefix)); k, v = c.Next() {
		if v == nil {
			revs = append(revs, string(k[len(prefix):]))
		}
	}
	return revs
}

// checkLayers checks every reviewer's layer as CheckInvariants checks a
// document's annotations: it belongs to a document, and its annotations
// decode, fit the text and keep the rules.
func checkLayers(tx *bolt.Tx, add func(format string, args ...any)) {
	root := tx.Bucket(bucketLayers)
	if root == nil {
		return
	}
	_ = root.ForEachBucket(func(k []byte) error {
		doc, rev, ok := strings.Cut(string(k), "\x00")
		d, found, err := getDoc(tx, doc)
		if !ok || err != nil || !found {
			add("layer %q belongs to no document", strings.ReplaceAll(string(k), "\x00", "/"))
			return nil
		}
		anns, err := decodeAnns(root.Bucket(k), doc)
		if err != nil {
			add("document %q: layer of %s: %v", doc, rev, err)
			return nil
		}
		ix := annot.NewIndex(string(getText(tx, []byte(doc))))
		for _, a := range anns {
			if a.HasSpan() && !a.Stale && a.Text != "" && a.End <= ix.Len() && ix.Slice(a.Span()) != a.Text {
				add("document %q: layer of %s: %s %s covers %q, not %q", doc, rev, a.Kind, a.ID, ix.Slice(a.Span()), a.Text)
			}
		}
		if err := annot.Validate(annot.Sorted(anns), d.Size); err != nil {
			add("document %q: layer of %s: %v", doc, rev, err)
		}
		return nil
	})
}
