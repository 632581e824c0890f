package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
)

// An input that gives a document no id (ImportDoc.Numbered: a CoNLL
// file as folio's conll export writes it, which has no place for ids)
// is matched to the stored document whose corrected text it is, so that
// an export read back leaves the store as it was instead of adding every
// document again. The candidates come from the word postings, which
// index each document's corrected text: the documents that have the
// input's rarest words, by how many documents have them. Each is then checked as
// an import of its own id would check it (asCorrected, regardless of
// white space for a text rebuilt from tokens), so a match is exact.

const (
	// matchLooked is the most words of one document whose document
	// frequency is read, the longest first
	matchLooked = 64
	// matchWords is the most words whose postings are looked up for one
	// document
	matchWords = 32
	// matchCommon is the most documents the rarest word of a document may
	// be in for the document to be looked up
	matchCommon = 4096
	// matchEnough is how few candidates end the lookup of more words
	matchEnough = 1
	// matchChecked is the most candidates whose text is read and checked
	matchChecked = 64
)

// matchStored returns the id of the stored document whose text, or
// corrected text, is in's text, which has the index terms keys
// (wordKeys); ok is false when there is none, or the indexes are not
// built. Of documents with the same text, one not in taken (those this
// import matched already) is preferred: an export of two identical
// documents reads back onto both.
func matchStored(tx *bolt.Tx, in ImportDoc, hash string, keys []string, taken map[string]bool) (id string, ok bool, err error) {
	if _, built := ixNext(tx); !built {
		return "", false, nil
	}
	cands, err := matchCandidates(tx, keys)
	if err != nil || cands == nil {
		return "", false, err
	}
	var again string // a match this import made already
	it := cands.Iterator()
	for checked := 0; it.HasNext() && checked < matchChecked; checked++ {
		d, err := docByNum(tx, it.Next())
		if err != nil {
			return "", false, err
		}
		text := getText(tx, []byte(d.ID))
		if verifyText(d, text) != nil {
			continue // damaged: folio check says so; nothing goes onto it
		}
		if d.Hash != hash {
			anns, err := getAnns(tx, d.ID)
			if err != nil {
				return "", false, err
			}
			probe := in
			probe.ID = d.ID
			if _, ok := asCorrected(tx, string(text), anns, probe); !ok {
				continue
			}
		}
		if !taken[d.ID] {
			return d.ID, true, nil
		}
		if again == "" {
			again = d.ID
		}
	}
	return again, again != "", nil
}

// matchCandidates returns the documents that have the rarest of the
// words keys, or nil when no stored document has any, or when even the
// rarest is in more than matchCommon documents (a text of common words
// alone: its lookup would cost as much as the store is large, and it is
// added as a new document). The document frequencies of the longest
// matchLooked words are read in place; then the rarest postings are read
// and the others only checked against the candidates left. A word that
// would leave no candidate is passed over: a word the tokens of the input
// split or joined otherwise than the stored text, or one of a document
// written in this transaction, which the postings do not list yet.
func matchCandidates(tx *bolt.Tx, keys []string) (*roaring.Bitmap, error) {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	keys = keys[:min(len(keys), matchLooked)]
	terms := tx.Bucket(bucketTerms)
	x := txIndex{tx}
	type term struct {
		id uint32
		df uint64
	}
	var ts []term
	for _, k := range keys {
		v := terms.Get([]byte(k))
		if v == nil {
			continue // no stored text has the word
		}
		tid, ok := keyNum(v)
		if !ok {
			return nil, damaged(fmt.Errorf("term %q: a bad id", k))
		}
		df, err := x.count(tid, nil)
		if err != nil {
			return nil, err
		}
		if df > 0 {
			ts = append(ts, term{tid, df})
		}
	}
	if len(ts) == 0 {
		return nil, nil
	}
	slices.SortFunc(ts, func(a, b term) int { return cmp.Compare(a.df, b.df) })
	if ts[0].df > matchCommon {
		return nil, nil
	}
	cands := roaring.New()
	if err := x.postings(ts[0].id, cands); err != nil {
		return nil, err
	}
	for i, t := range ts[1:] {
		if i+1 == matchWords || cands.GetCardinality() <= matchEnough {
			break
		}
		b, err := x.among(t.id, cands)
		if err != nil {
			return nil, err
		}
		if !b.IsEmpty() {
			cands = b
		}
	}
	return cands, nil
}

// among returns the documents of within that term id has: each part of
// its postings is read in place and asked for the numbers of within, so
// the cost follows within, not how many documents have the term.
func (x txIndex) among(id uint32, within *roaring.Bitmap) (*roaring.Bitmap, error) {
	out := roaring.New()
	nums := within.ToArray()
	c := x.tx.Bucket(bucketPost).Cursor()
	pre := numKey(id)
	part := roaring.New()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		if _, err := part.FromBuffer(v); err != nil {
			return nil, damaged(fmt.Errorf("a posting list does not decode: %w", err))
		}
		for _, n := range nums {
			if part.Contains(n) {
				out.Add(n)
			}
		}
	}
	return out, nil
}
