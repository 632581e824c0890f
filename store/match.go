package store

import (
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
// input's longest words (the rarest, mostly). Each is then checked as
// an import of its own id would check it (asCorrected, regardless of
// white space for a text rebuilt from tokens), so a match is exact.

const (
	// matchWords is the most words whose postings are looked up for one
	// document
	matchWords = 32
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

// matchCandidates returns the documents that have the longest of the
// words keys (at most matchWords of them), or nil when no stored
// document has any. A word that would leave no candidate is passed over:
// a word the tokens of the input split or joined otherwise than the
// stored text, or one of a document written in this transaction, which
// the postings do not list yet.
func matchCandidates(tx *bolt.Tx, keys []string) (*roaring.Bitmap, error) {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	terms := tx.Bucket(bucketTerms)
	x := txIndex{tx}
	var cands *roaring.Bitmap
	looked := 0
	for _, k := range keys {
		if looked == matchWords || cands != nil && cands.GetCardinality() <= matchEnough {
			break
		}
		v := terms.Get([]byte(k))
		if v == nil {
			continue // no stored text has the word
		}
		tid, ok := keyNum(v)
		if !ok {
			return nil, damaged(fmt.Errorf("term %q: a bad id", k))
		}
		looked++
		b := roaring.New()
		if err := x.postings(tid, b); err != nil {
			return nil, err
		}
		if cands == nil {
			cands = b
			continue
		}
		if b.And(cands); !b.IsEmpty() {
			cands = b
		}
	}
	return cands, nil
}
