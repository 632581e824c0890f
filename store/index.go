package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"

	"folio/annot"
	"folio/query"
)

// The indexes (schema 3). Every document has a number, its place in
// import order (annot.Doc.Seq, dense from 1, never reused: documents are
// not deleted). Each term of a document (query.RecordTerms, and the words
// of query.EachDocWord over its searched text) has an id and a posting
// list, a roaring bitmap of document numbers cut in parts of 4 096
// numbers, so that a write rewrites at most one part of each term it
// touches. What each document contributes is kept beside it (the
// forward entry), so that a change replaces exactly that.
//
//	order     8-byte number → doc id (the order of import; import.go)
//	docnum    doc id → 4-byte number
//	terms     kind (1 byte, query.TermKind) + value → 4-byte term id
//	post      term id (4 bytes) + part (4 bytes: number >> 12) → roaring
//	          bitmap of the document numbers of the part
//	fwd       4-byte number → the document's forward entry (fwdEntry)
//	counters  name → 8-byte signed sum over every document (stats)
//	sums      part → each document's sums, packed (sums.go)
//	ixdirty   doc id → "" (or "r": its record alone changed, not its
//	          words): documents written in the transaction running,
//	          whose index entries are brought up to date before it
//	          commits (empty between transactions)
//
// Every record write goes through putDoc, which marks the document dirty;
// Store.update runs flushIndex at the end of every write transaction, so
// the indexes change in the same transaction as what they index. While
// an older store is being indexed (migrate.go), meta "ixnext" holds the
// first document number not yet indexed; documents from there on are
// left to the migration.
var (
	bucketDocNum   = []byte("docnum")
	bucketTerms    = []byte("terms")
	bucketPost     = []byte("post")
	bucketFwd      = []byte("fwd")
	bucketCounters = []byte("counters")
	bucketDirty    = []byte("ixdirty")

	indexBuckets = [][]byte{bucketDocNum, bucketTerms, bucketPost, bucketFwd, bucketCounters, bucketDirty, bucketSums}

	keyIxNext = []byte("ixnext")
)

// Counter names (bucket counters). A label's sum is counterLabel + label.
const (
	counterBytes       = "bytes"
	counterEntities    = "entities"
	counterCorrections = "corrections"
	counterMarks       = "marks"
	counterNotes       = "notes"
	counterStale       = "stale"
	counterLabel       = "label\x00"
)

// numKey encodes a document number or a term id.
func numKey(n uint32) []byte {
	k := make([]byte, 4)
	binary.BigEndian.PutUint32(k, n)
	return k
}

func keyNum(k []byte) (uint32, bool) {
	if len(k) != 4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(k), true
}

// termKey encodes a term as the terms bucket keys it.
func termKey(t query.Term) []byte {
	k := make([]byte, 0, 1+len(t.Value))
	return append(append(k, byte(t.Kind)), t.Value...)
}

// keyTerm decodes a key of the terms bucket.
func keyTerm(k []byte) query.Term {
	if len(k) == 0 {
		return query.Term{}
	}
	return query.Term{Kind: query.TermKind(k[0]), Value: string(k[1:])}
}

// partBits is the size of a posting part: 1 << partBits document
// numbers. A write rewrites the parts of the documents it writes, so the
// part bounds what a write rewrites of a common word's postings.
const partBits = 12

// partOf is the part of document number n.
func partOf(n uint32) uint32 { return n >> partBits }

// postKey encodes the key of part part of term id's postings.
func postKey(id, part uint32) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint32(k, id)
	binary.BigEndian.PutUint32(k[4:], part)
	return k
}

// keyPost decodes a key of the post bucket.
func keyPost(k []byte) (id, part uint32, ok bool) {
	if len(k) != 8 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint32(k), binary.BigEndian.Uint32(k[4:]), true
}

// encodeBitmap and decodeBitmap are the form of a posting part and of a
// forward entry's terms.
func encodeBitmap(b *roaring.Bitmap) ([]byte, error) {
	b.RunOptimize()
	return b.ToBytes()
}

func decodeBitmap(v []byte) (*roaring.Bitmap, error) {
	b := roaring.New()
	if err := b.UnmarshalBinary(v); err != nil {
		return nil, fmt.Errorf("a posting list does not decode: %w", err)
	}
	return b, nil
}

// docSums is what one document adds to the counters.
type docSums struct {
	Bytes, Entities, Corrections, Marks, Notes, Stale int64
	Labels                                            map[string]int64
}

func sumsOf(d *annot.Doc) docSums {
	s := docSums{Bytes: int64(d.Bytes), Entities: int64(d.Counts.Entities), Corrections: int64(d.Counts.Corrections),
		Marks: int64(d.Counts.Marks), Notes: int64(d.Counts.Notes), Stale: int64(d.Counts.Stale)}
	for l, n := range d.Labels {
		if n != 0 {
			if s.Labels == nil {
				s.Labels = map[string]int64{}
			}
			s.Labels[l] = int64(n)
		}
	}
	return s
}

// add adds sign times s to the counter deltas c.
func (s docSums) add(c map[string]int64, sign int64) {
	c[counterBytes] += sign * s.Bytes
	c[counterEntities] += sign * s.Entities
	c[counterCorrections] += sign * s.Corrections
	c[counterMarks] += sign * s.Marks
	c[counterNotes] += sign * s.Notes
	c[counterStale] += sign * s.Stale
	for l, n := range s.Labels {
		c[counterLabel+l] += sign * n
	}
}

// fwdEntry is what one document contributes to the indexes: its sums and
// the ids of its terms. Encoded: version byte 2, the six sums and the
// number of labels as varints, each label as uvarint length, bytes and
// varint sum, then the uvarint length of the record's terms (those not
// words) as a roaring bitmap, that bitmap, and the words' terms as a
// roaring bitmap. Version 1 (before) had all terms in one bitmap after
// the labels; it still decodes, with words nil.
type fwdEntry struct {
	sums  docSums
	terms *roaring.Bitmap // every term: the record's and the words'
	words *roaring.Bitmap // the terms of its words (TermWord); nil: not known
}

func encodeFwd(e fwdEntry) ([]byte, error) {
	b := appendSums([]byte{2}, e.sums)
	words := roaring.New()
	if e.words != nil {
		words = roaring.And(e.words, e.terms)
	}
	r, err := encodeBitmap(roaring.AndNot(e.terms, words))
	if err != nil {
		return nil, err
	}
	w, err := encodeBitmap(words)
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(r)))
	return append(append(b, r...), w...), nil
}

func decodeFwd(v []byte) (fwdEntry, error) {
	var e fwdEntry
	bad := fmt.Errorf("a forward index entry does not decode")
	if len(v) == 0 || v[0] != 1 && v[0] != 2 {
		return e, bad
	}
	version := v[0]
	sums, v, err := decodeFwdSums(v)
	if err != nil {
		return e, err
	}
	e.sums = sums
	if version == 1 {
		t, err := decodeBitmap(v)
		if err != nil {
			return e, err
		}
		e.terms = t
		return e, nil
	}
	nr, k := binary.Uvarint(v)
	if k <= 0 || nr > uint64(len(v)-k) {
		return e, bad
	}
	r, err := decodeBitmap(v[k : k+int(nr)])
	if err != nil {
		return e, err
	}
	w, err := decodeBitmap(v[k+int(nr):])
	if err != nil {
		return e, err
	}
	if r.Intersects(w) {
		return e, bad
	}
	e.words, e.terms = w, roaring.Or(r, w)
	return e, nil
}

// decodeFwdSums decodes the sums at the start of a forward entry (of
// either version) and returns them with the rest of the entry (its
// terms), which it does not read.
func decodeFwdSums(v []byte) (docSums, []byte, error) {
	if len(v) == 0 || v[0] != 1 && v[0] != 2 {
		return docSums{}, nil, fmt.Errorf("a forward index entry does not decode")
	}
	s, rest, err := decodeSums(v[1:])
	if err != nil {
		return s, nil, fmt.Errorf("a forward index entry does not decode: %w", err)
	}
	return s, rest, nil
}

// SearchText is the text free words search: the corrected text, so
// without the boilerplate cut from it.
func SearchText(text string, anns []annot.Annotation) string {
	if len(anns) == 0 {
		return text
	}
	return annot.Apply(text, anns).Text
}

// markDirty notes that document id changed in this transaction.
func markDirty(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketDirty)
	if b == nil {
		return nil // a store being migrated to the indexes
	}
	return b.Put([]byte(id), nil)
}

// dirtyRecord is the ixdirty value of a document whose record alone
// changed (putDocRecord).
var dirtyRecord = []byte("r")

// markRecordDirty notes that the record of document id changed in this
// transaction, but not its words, unless it is marked already.
func markRecordDirty(tx *bolt.Tx, id string) error {
	b := tx.Bucket(bucketDirty)
	if b == nil {
		return nil
	}
	if k, _ := b.Cursor().Seek([]byte(id)); bytes.Equal(k, []byte(id)) {
		return nil // marked: perhaps more than its record changed
	}
	return b.Put([]byte(id), dirtyRecord)
}

// ixNext returns the first document number not yet indexed, or 0 when
// every document is (or no index exists yet: then ok is false).
func ixNext(tx *bolt.Tx) (next uint32, ok bool) {
	if tx.Bucket(bucketDirty) == nil {
		return 0, false
	}
	v := tx.Bucket(bucketMeta).Get(keyIxNext)
	if v == nil {
		return 0, true
	}
	n, _ := keyNum(v)
	return n, true
}

// writtenText is a text a transaction wrote, and the keys of the terms
// of its words (wordKeys) when they were computed beforehand.
type writtenText struct {
	text string
	keys []string
}

// wordKeys returns the terms keys of the distinct words of text
// (query.EachWord), in the order met (the order new terms get their ids
// in). The keys are substrings of one string holding each distinct word
// once; a word met again is found by its hash in a table of numbers,
// without making a string (a set of strings, or sorting, cost more than
// the tokenizing).
func wordKeys(text string) []string {
	keys, _ := textWords(text, nil)
	return keys
}

// textWords returns wordKeys(text), and appends to hs (unless it is nil)
// the hashes of the text's words for its sketch
// (annot.AppendSketchWords), in one pass:
// both split words at every ASCII byte that is not a letter or a digit,
// so a stretch between such bytes that is all ASCII is one word of
// each, folded to lower case alike, and any other stretch is given to
// their own scans (an import's texts are nearly all ASCII words).
func textWords(text string, hs []uint64) (keys []string, words []uint64) {
	seed := maphash.MakeSeed()
	return textWordsBy(text, hs, func(w []byte) uint64 { return maphash.Bytes(seed, w) })
}

// wordKeysBy is wordKeys with the words hashed by hash.
func wordKeysBy(text string, hash func([]byte) uint64) []string {
	keys, _ := textWordsBy(text, nil, hash)
	return keys
}

// textWordsBy is textWords with the index's words hashed by hash. The
// set of words met is an open-addressed table of key numbers (plus one;
// 0 is empty) found by the word's hash, kept at most half full.
func textWordsBy(text string, hs []uint64, hash func([]byte) uint64) ([]string, []uint64) {
	sc := wordScratches.Get().(*wordScratch)
	defer func() {
		if sc.size() <= wordScratchMax {
			wordScratches.Put(sc) // a huge text's memory is not kept
		}
	}()
	var (
		buf    = sc.buf[:0]
		offs   = append(sc.offs[:0], 0) // key i is buf[offs[i]:offs[i+1]]
		hashes = sc.hashes[:0]          // of key i's word
		w      = sc.word[:0]
		size   = 64
	)
	for size < len(text)/8 {
		size *= 2
	}
	if cap(sc.table) < size {
		sc.table = make([]int32, size)
	}
	table := sc.table[:size]
	clear(table)
	defer func() { sc.buf, sc.offs, sc.hashes, sc.table, sc.word = buf, offs, hashes, table, w }()
	put := func(h uint64, i int32) {
		mask := uint64(len(table) - 1)
		for p := h & mask; ; p = (p + 1) & mask {
			if table[p] == 0 {
				table[p] = i + 1
				return
			}
		}
	}
	index := func(w []byte) {
		h := hash(w)
		mask := uint64(len(table) - 1)
		for p := h & mask; table[p] != 0; p = (p + 1) & mask {
			i := table[p] - 1
			if hashes[i] == h && bytes.Equal(buf[offs[i]+1:offs[i+1]], w) {
				return // met before
			}
		}
		n := int32(len(hashes))
		hashes = append(hashes, h)
		buf = append(append(buf, byte(query.TermWord)), w...)
		offs = append(offs, int32(len(buf)))
		if 2*len(hashes) > len(table) {
			table = make([]int32, 2*len(table))
			for i, h := range hashes {
				put(h, int32(i))
			}
		} else {
			put(h, n)
		}
	}
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !asciiWordByte(c) {
			i++
			continue
		}
		// a stretch up to the next ASCII byte that is no letter or digit,
		// folded while it is all ASCII
		j, ascii := i, true
		w = w[:0]
		for ; j < len(text); j++ {
			c := text[j]
			if c >= utf8.RuneSelf {
				ascii = false
				continue
			}
			if !asciiWordByte(c) {
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w = append(w, c)
		}
		switch {
		case ascii:
			index(w)
			if hs != nil {
				hs = append(hs, annot.SketchWordASCII(w))
			}
		default:
			w = query.EachWord(text[i:j], w, index)
			if hs != nil {
				hs = annot.AppendSketchWords(hs, text[i:j])
			}
		}
		i = j
	}
	all := string(buf)
	keys := make([]string, len(hashes))
	for i := range keys {
		keys[i] = all[offs[i]:offs[i+1]]
	}
	return keys, hs
}

// asciiWordByte reports whether the ASCII byte c is a letter or a digit.
func asciiWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// wordScratch is wordKeysBy's working memory, kept for the next text in
// wordScratches (it holds no data between uses): made anew for each
// text, it was most of the bytes the index words of an import allocated.
type wordScratch struct {
	word   []byte // the word being folded
	buf    []byte
	offs   []int32
	hashes []uint64
	table  []int32
}

var wordScratches = sync.Pool{New: func() any { return new(wordScratch) }}

// wordScratchMax is the most bytes a wordScratch kept for reuse holds:
// those of texts of about 1 MB.
const wordScratchMax = 4 << 20

// size is how many bytes sc holds.
func (sc *wordScratch) size() int {
	return cap(sc.word) + cap(sc.buf) + 4*cap(sc.offs) + 8*cap(sc.hashes) + 4*cap(sc.table)
}

// termIDString is termID of a key held as a string.
func (ix *indexer) termIDString(k string, create bool) (uint32, error) {
	if id, ok := ix.ids[k]; ok {
		return id, nil
	}
	return ix.termID([]byte(k), create)
}

// indexer brings the index entries of documents up to date in one write
// transaction, gathering the changes of every posting part to write each
// part once.
type indexer struct {
	tx    *bolt.Tx
	terms *bolt.Bucket
	// the buckets looked up for each document or term
	termsGet, fwdGet, postGet getter
	ids                       map[string]uint32 // term key → id, as looked up or made
	made                      []string          // keys of the terms made, written by write in key order
	// adds and dels are the postings to add and to remove, each a
	// term id << 32 | a document number, sorted by write: then each
	// posting part's numbers come together, in the parts' key order
	// (a map of lists by part took a lookup per posting)
	adds, dels []uint64
	counters   map[string]int64
	// sums are the documents' new sums (number → sums), written to the
	// sums bucket when keepSums says it is current
	sums      map[uint32]docSums
	keepSums  bool
	texts     map[string]writtenText // texts written in the transaction, if known
	tokenized int                    // documents whose words were read from their text
	buf       []byte
	key       []byte
	// recIDs and wordIDs are docTerms' working memory
	recIDs, wordIDs []uint32
	twins           *twinReader // made when first needed
}

func newIndexer(tx *bolt.Tx) *indexer {
	terms := tx.Bucket(bucketTerms)
	return &indexer{tx: tx, terms: terms, ids: map[string]uint32{},
		termsGet: newGetter(terms), fwdGet: newGetter(tx.Bucket(bucketFwd)),
		postGet:  newGetter(tx.Bucket(bucketPost)),
		counters: map[string]int64{}, sums: map[uint32]docSums{}}
}

// termID returns the id of the term with key k, making one if make is set
// (else 0 for a term the store does not know).
func (ix *indexer) termID(k []byte, create bool) (uint32, error) {
	if id, ok := ix.ids[string(k)]; ok {
		return id, nil
	}
	if v := ix.termsGet.get(k); v != nil {
		id, ok := keyNum(v)
		if !ok {
			return 0, damaged(fmt.Errorf("term %q: a bad id", k))
		}
		ix.ids[string(k)] = id
		return id, nil
	}
	if !create {
		return 0, nil
	}
	seq, err := ix.terms.NextSequence()
	if err != nil {
		return 0, err
	}
	if seq > 1<<32-1 {
		return 0, fmt.Errorf("more than 2³² index terms")
	}
	id := uint32(seq)
	ix.ids[string(k)] = id
	ix.made = append(ix.made, string(k))
	return id, nil
}

// docTerms computes the forward entry of document d from its record,
// text and annotations, making the ids of new terms when create is set
// (otherwise a term the store lacks is left out, and missing is set).
// words, if not nil, are the terms of d's words, known to be unchanged:
// its text is then not read.
func (ix *indexer) docTerms(d *annot.Doc, create bool, words *roaring.Bitmap) (e fwdEntry, missing bool, err error) {
	e.sums = sumsOf(d)
	var ferr error
	// the ids are gathered and sorted before they make bitmaps: added one
	// at a time in the order met, each moved the tail of its container
	rec, wds := ix.recIDs[:0], ix.wordIDs[:0]
	defer func() { ix.recIDs, ix.wordIDs = rec, wds }()
	addID := func(into *[]uint32, id uint32, err error) {
		if ferr != nil {
			return
		}
		switch {
		case err != nil:
			ferr = err
		case id == 0:
			missing = true
		default:
			*into = append(*into, id)
		}
	}
	add := func(into *[]uint32, k []byte) {
		id, err := ix.termID(k, create)
		addID(into, id, err)
	}
	query.RecordTerms(d, func(t query.Term) { add(&rec, termKey(t)) })
	if ferr != nil {
		return e, missing, ferr
	}
	if words != nil {
		e.words = words
		e.terms = words.Clone()
		e.terms.AddMany(rec)
		return e, missing, nil
	}
	ix.tokenized++
	w, known := ix.texts[d.ID]
	if !known {
		w.text = string(getText(ix.tx, []byte(d.ID)))
	}
	anns, err := getAnns(ix.tx, d.ID)
	if err != nil {
		return e, false, err
	}
	addWord := func(w []byte) {
		ix.key = append(append(ix.key[:0], byte(query.TermWord)), w...)
		add(&wds, ix.key)
	}
	if len(anns) == 0 && w.keys != nil {
		// the searched text is the text, whose words are known
		ix.buf = query.EachDocWord(d, "", ix.buf, addWord)
		for _, k := range w.keys {
			id, err := ix.termIDString(k, create)
			addID(&wds, id, err)
		}
	} else {
		ix.buf = query.EachDocWord(d, SearchText(w.text, anns), ix.buf, addWord)
	}
	e.words = bitmapOf(wds)
	e.terms = e.words.Clone()
	e.terms.AddMany(rec) // a few
	return e, missing, ferr
}

// bitmapOf returns the bitmap of ids, which it sorts.
func bitmapOf(ids []uint32) *roaring.Bitmap {
	slices.Sort(ids)
	b := roaring.New()
	b.AddMany(slices.Compact(ids))
	return b
}

// reindex brings the entries of document d up to date. recordOnly says
// that its record alone changed, not its words: those of its forward
// entry are kept, if it has them.
func (ix *indexer) reindex(d *annot.Doc, recordOnly bool) error {
	num := uint32(d.Seq)
	fwd := ix.tx.Bucket(bucketFwd)
	old := fwdEntry{terms: roaring.New()}
	v := ix.fwdGet.get(numKey(num))
	had := v != nil
	if had {
		var err error
		if old, err = decodeFwd(v); err != nil {
			return damaged(fmt.Errorf("document %q: %w", d.ID, err))
		}
	}
	var keep *roaring.Bitmap
	if recordOnly && old.words != nil {
		keep = old.words.Clone()
	}
	e, _, err := ix.docTerms(d, true, keep)
	if err != nil {
		return err
	}
	came := e.terms // a new document: all its terms came, none went
	if had {
		gone := roaring.AndNot(old.terms, e.terms)
		came = roaring.AndNot(e.terms, old.terms)
		for it := gone.Iterator(); it.HasNext(); {
			ix.dels = append(ix.dels, uint64(it.Next())<<32|uint64(num))
		}
	}
	for it := came.Iterator(); it.HasNext(); {
		ix.adds = append(ix.adds, uint64(it.Next())<<32|uint64(num))
	}
	if !had {
		// the first entry: the postings of its twin list come with it
		// (those of a list changed later, twinBatch.write)
		if ix.twins == nil {
			ix.twins = newTwinReader(ix.tx)
		}
		twins, err := ix.twins.ids(num)
		if err != nil {
			return err
		}
		var keys []string
		query.TwinTerms(twins, func(t query.Term) { keys = append(keys, string(termKey(t))) })
		if err := ix.addTerms(keys, num); err != nil {
			return err
		}
	}
	old.sums.add(ix.counters, -1)
	e.sums.add(ix.counters, 1)
	if !had || !old.sums.equal(e.sums) {
		ix.sums[num] = e.sums
	}
	if v, err = encodeFwd(e); err != nil {
		return err
	}
	return fwd.Put(numKey(num), v)
}

// addTerms adds document number num to the postings of the terms with
// keys keys, making the terms it lacks.
func (ix *indexer) addTerms(keys []string, num uint32) error {
	for _, k := range keys {
		id, err := ix.termIDString(k, true)
		if err != nil {
			return err
		}
		ix.adds = append(ix.adds, uint64(id)<<32|uint64(num))
	}
	return nil
}

// write writes the terms made and the gathered posting and counter
// changes, each bucket in key order: bbolt splits nodes only at commit,
// so puts in random order would move a growing node's slice each time.
func (ix *indexer) write() error {
	slices.Sort(ix.made)
	g := newGrams()
	for _, k := range ix.made {
		if err := ix.terms.Put([]byte(k), numKey(ix.ids[k])); err != nil {
			return err
		}
		g.add([]byte(k), ix.ids[k])
	}
	if err := g.write(ix.tx, ix.terms.Sequence()-uint64(len(ix.made))); err != nil {
		return err
	}
	post := ix.tx.Bucket(bucketPost)
	ix.adds = sortPostings(ix.adds)
	ix.dels = sortPostings(ix.dels)
	adds, dels := ix.adds, ix.dels
	var nums []uint32
	for len(adds) > 0 || len(dels) > 0 {
		// the next part in key order, and its numbers to add and remove
		var p uint64
		switch {
		case len(dels) == 0:
			p = postingPart(adds[0])
		case len(adds) == 0:
			p = postingPart(dels[0])
		default:
			p = min(postingPart(adds[0]), postingPart(dels[0]))
		}
		var add, del []uint64
		add, adds = cutPart(adds, p)
		del, dels = cutPart(dels, p)
		key := postKey(uint32(p>>32), uint32(p))
		b := roaring.New()
		if v := ix.postGet.get(key); v != nil {
			var err error
			if b, err = decodeBitmap(v); err != nil {
				return damaged(err)
			}
		}
		for _, x := range del {
			b.Remove(uint32(x))
		}
		nums = nums[:0]
		for _, x := range add {
			nums = append(nums, uint32(x))
		}
		addNums(b, nums)
		if b.IsEmpty() {
			if err := post.Delete(key); err != nil {
				return err
			}
			continue
		}
		v, err := encodeBitmap(b)
		if err != nil {
			return err
		}
		if err := post.Put(key, v); err != nil {
			return err
		}
	}
	if ix.keepSums && len(ix.sums) > 0 {
		if err := writeSums(ix.tx, ix.sums); err != nil {
			return err
		}
	}
	cb := ix.tx.Bucket(bucketCounters)
	for name, d := range ix.counters {
		if d == 0 {
			continue
		}
		n := getCounter(cb, name) + d
		var err error
		if n == 0 {
			err = cb.Delete([]byte(name))
		} else {
			err = cb.Put([]byte(name), counterValue(n))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sortPostings sorts xs, a radix sort by 16 bits at a time, skipping
// the digits every posting shares (an import's chunk holds a few hundred
// postings a document; slices.Sort of them cost as much as the map of
// lists it replaced). It returns the sorted postings, in xs or in a
// slice of its length.
func sortPostings(xs []uint64) []uint64 {
	if len(xs) < 1<<12 {
		slices.Sort(xs)
		return xs
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, x := range xs {
		or |= x
		and &= x
	}
	var tmp []uint64
	var count []int
	for shift := uint(0); shift < 64; shift += 16 {
		if (or^and)>>shift&0xffff == 0 {
			continue // the same digit in every posting
		}
		if tmp == nil {
			tmp, count = make([]uint64, len(xs)), make([]int, 1<<16)
		}
		clear(count)
		for _, x := range xs {
			count[x>>shift&0xffff]++
		}
		at := 0
		for i, c := range count {
			count[i] = at
			at += c
		}
		for _, x := range xs {
			d := x >> shift & 0xffff
			tmp[count[d]] = x
			count[d]++
		}
		xs, tmp = tmp, xs
	}
	return xs
}

// postingPart is the part (term id << 32 | part, the order of their
// keys) of posting x (term id << 32 | document number).
func postingPart(x uint64) uint64 {
	return x>>32<<32 | uint64(partOf(uint32(x)))
}

// cutPart splits the sorted postings xs into those of part p, which
// come first if any, and the rest.
func cutPart(xs []uint64, p uint64) (in, rest []uint64) {
	n := 0
	for n < len(xs) && postingPart(xs[n]) == p {
		n++
	}
	return xs[:n], xs[n:]
}

// addNums adds the document numbers nums to the posting part b. Added
// one at a time (AddMany), each number put into a run container (the
// form of a word most documents have, once written) counted the
// container's runs anew, so the numbers of a chunk cost as many passes
// over a common word's runs: they are made a bitmap of their own, and
// that is joined to b in one pass per container. The part holds the same
// numbers either way, and encodeBitmap writes its containers by their
// content alone, so the bytes written are the same.
func addNums(b *roaring.Bitmap, nums []uint32) {
	if len(nums) == 0 {
		return
	}
	if b.IsEmpty() || len(nums) < 4 {
		b.AddMany(nums)
		return
	}
	b.Or(roaring.BitmapOf(nums...))
}

func counterValue(n int64) []byte {
	v := make([]byte, 8)
	binary.BigEndian.PutUint64(v, uint64(n))
	return v
}

func getCounter(b *bolt.Bucket, name string) int64 {
	v := b.Get([]byte(name))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

// flushIndex brings the index entries of the documents written in this
// transaction up to date (those marked by putDoc). texts, if not nil, are
// texts the transaction wrote (doc id → text), which it then need not
// read back and decompress. It returns how many documents' words it read
// from their text (the rest kept the words of their forward entry).
func flushIndex(tx *bolt.Tx, texts map[string]writtenText) (tokenized int, err error) {
	current := sumsCurrent(tx)
	if tokenized, err = flushDirty(tx, texts, current); err != nil {
		return 0, err
	}
	if current {
		return tokenized, blessSums(tx)
	}
	return tokenized, nil
}

// recordPostings is about how many terms a document's record gives
// (query.RecordTerms: its status, id, source, title words, tags, …).
const recordPostings = 24

// flushDirty is flushIndex but for the sums' mark; keepSums says the sums
// are current, and to be kept so.
func flushDirty(tx *bolt.Tx, texts map[string]writtenText, keepSums bool) (int, error) {
	dirty := tx.Bucket(bucketDirty)
	if dirty == nil {
		return 0, nil
	}
	var ids [][]byte
	var recordOnly []bool
	c := dirty.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		ids = append(ids, bytes.Clone(k))
		recordOnly = append(recordOnly, bytes.Equal(v, dirtyRecord))
	}
	if len(ids) == 0 {
		return 0, nil
	}
	next, _ := ixNext(tx)
	ix := newIndexer(tx)
	ix.texts = texts
	ix.keepSums = keepSums
	// room for every posting of the texts known, and a few of each
	// record: grown by append, the postings of a chunk were copied as
	// often as they doubled (a tenth of an import's transaction)
	postings := recordPostings * len(ids)
	for _, w := range texts {
		postings += len(w.keys)
	}
	ix.adds = make([]uint64, 0, postings)
	docs := newGetter(tx.Bucket(bucketDocs))
	for i, id := range ids {
		d, ok, err := docIn(docs.get(id), string(id))
		if err != nil {
			return 0, err
		}
		if !ok || next != 0 && uint32(d.Seq) >= next {
			continue // not indexed yet: the migration will
		}
		if err := ix.reindex(&d, recordOnly[i]); err != nil {
			return 0, err
		}
	}
	if err := ix.write(); err != nil {
		return 0, err
	}
	return ix.tokenized, clearBucket(tx, bucketDirty)
}

// txIndex answers query.Eval from the postings, in one read transaction.
type txIndex struct {
	tx *bolt.Tx
}

var _ query.Index = txIndex{}

// All returns every document number: 1 to the order's sequence.
func (x txIndex) All() (*roaring.Bitmap, error) {
	b := roaring.New()
	if n := x.tx.Bucket(bucketOrder).Sequence(); n > 0 {
		b.AddRange(1, min(n, 1<<32-1)+1)
	}
	return b, nil
}

// postings returns the documents of term id.
func (x txIndex) postings(id uint32, into *roaring.Bitmap) error {
	c := x.tx.Bucket(bucketPost).Cursor()
	pre := numKey(id)
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		b, err := decodeBitmap(v)
		if err != nil {
			return damaged(err)
		}
		into.Or(b)
	}
	return nil
}

// count returns how many documents term id has (among within, when not
// nil): the sum over its parts, which hold disjoint ranges of numbers,
// each read in place (roaring's FromBuffer: nothing is copied, and
// nothing read outlives the transaction).
func (x txIndex) count(id uint32, within *roaring.Bitmap) (uint64, error) {
	c := x.tx.Bucket(bucketPost).Cursor()
	pre := numKey(id)
	var n uint64
	part := roaring.New()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		if _, err := part.FromBuffer(v); err != nil {
			return 0, damaged(fmt.Errorf("a posting list does not decode: %w", err))
		}
		if within != nil {
			n += part.AndCardinality(within)
		} else {
			n += part.GetCardinality()
		}
	}
	return n, nil
}

func (x txIndex) Term(t query.Term) (*roaring.Bitmap, error) {
	out := roaring.New()
	v := x.tx.Bucket(bucketTerms).Get(termKey(t))
	if v == nil {
		return out, nil
	}
	id, ok := keyNum(v)
	if !ok {
		return nil, damaged(fmt.Errorf("term %q: a bad id", termKey(t)))
	}
	return out, x.postings(id, out)
}

func (x txIndex) Terms(kind query.TermKind, prefix string, keep func(string) bool) (*roaring.Bitmap, error) {
	out := roaring.New()
	pre := termKey(query.Term{Kind: kind, Value: prefix})
	c := x.tx.Bucket(bucketTerms).Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		if keep != nil && !keep(string(k[1:])) {
			continue
		}
		id, ok := keyNum(v)
		if !ok {
			return nil, damaged(fmt.Errorf("term %q: a bad id", k))
		}
		if err := x.postings(id, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (x txIndex) IDs(id string, prefix bool) (*roaring.Bitmap, error) {
	out := roaring.New()
	b := x.tx.Bucket(bucketDocNum)
	if !prefix {
		if n, ok := keyNum(b.Get([]byte(id))); ok {
			out.Add(n)
		}
		return out, nil
	}
	c := b.Cursor()
	pre := []byte(id)
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		if n, ok := keyNum(v); ok {
			out.Add(n)
		}
	}
	return out, nil
}

// docByNum returns the record of document number n.
func docByNum(tx *bolt.Tx, n uint32) (annot.Doc, error) {
	id := tx.Bucket(bucketOrder).Get(seqKey(uint64(n)))
	if id == nil {
		return annot.Doc{}, damaged(fmt.Errorf("document number %d is not in the order", n))
	}
	d, ok, err := getDoc(tx, string(id))
	if err != nil {
		return d, damaged(err)
	}
	if !ok {
		return d, damaged(fmt.Errorf("document %q is listed but has no record", id))
	}
	return d, nil
}

// Select returns the numbers of the documents q selects. The postings
// decide (has:suggestions by the stored counts of open suggestions); the
// candidates of terms they cannot decide exactly (a phrase, conf:) are
// decided with query.Match over the record and the searched text, read
// for them alone. fill, if not nil, completes a record before it is
// matched. A view the indexes do not cover (one that may read a
// reviewer's layers) matches every record instead, as this view sees it;
// indexes not built yet are an error.
func (s *Store) Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	var out *roaring.Bitmap
	err := s.view(func(tx *bolt.Tx) error {
		q := withAliases(tx, q)
		if s.layered(tx) {
			// the indexes do not cover what this view reads
			var err error
			out, err = s.scanSelect(tx, q, fill)
			return err
		}
		if err := indexReady(tx); err != nil {
			return err
		}
		b, exact, err := q.Eval(txIndex{tx})
		if err != nil {
			return err
		}
		if exact {
			out = b
			return nil
		}
		out = roaring.New()
		for it := b.Iterator(); it.HasNext(); {
			n := it.Next()
			d, err := docByNum(tx, n)
			if err != nil {
				return err
			}
			if fill != nil {
				fill(&d)
			}
			subj := query.Subject{Doc: d, Text: func() string {
				anns, err := getAnns(tx, d.ID)
				if err != nil {
					return ""
				}
				return SearchText(string(getText(tx, []byte(d.ID))), anns)
			}}
			if q.Match(subj) {
				out.Add(n)
			}
		}
		return nil
	})
	return out, err
}

// scanSelect is Select without the indexes: every record, as this view
// sees it, matched with query.Match (the searched text read only when a
// free word needs it).
func (s *Store) scanSelect(tx *bolt.Tx, q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error) {
	out := roaring.New()
	err := s.scanEach(tx, q, fill, func(d annot.Doc) error { out.Add(uint32(d.Seq)); return nil })
	return out, err
}

// scanEach calls fn with the record, as this view sees it, of every
// document q matches, in key order (scanSelect).
func (s *Store) scanEach(tx *bolt.Tx, q *query.Query, fill func(*annot.Doc), fn func(annot.Doc) error) error {
	twins := newTwinReader(tx)
	return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		d, err := decodeDoc(v)
		if err != nil {
			return damaged(fmt.Errorf("document %q: its record does not decode: %w", k, err))
		}
		if err := twins.fill(&d); err != nil {
			return err
		}
		if d, err = s.viewed(tx, d); err != nil {
			return err
		}
		if fill != nil {
			fill(&d)
		}
		subj := query.Subject{Doc: d, Text: func() string {
			layer, err := s.layerOf(tx, d.ID)
			if err != nil {
				return ""
			}
			anns, err := annsIn(tx, d.ID, layer)
			if err != nil {
				return ""
			}
			return SearchText(string(getText(tx, []byte(d.ID))), anns)
		}}
		if q.Match(subj) {
			return fn(d)
		}
		return nil
	})
}

// indexReady says why the indexes cannot answer, or nil.
func indexReady(tx *bolt.Tx) error {
	next, ok := ixNext(tx)
	if !ok || next != 0 {
		return fmt.Errorf("the store's indexes are not built yet (open it once without --read-only)")
	}
	return nil
}

// DocsOf calls fn with the record of each document of nums, in import
// order, reading in chunks so that no transaction stays open while fn
// runs.
func (s *Store) DocsOf(nums *roaring.Bitmap, fn func(annot.Doc) error) error {
	return inChunks(s, nums, 1024, docByNum, fn)
}

// inChunks calls fn with read's value of each document number of nums,
// in order, reading chunk of them in one transaction and calling fn
// outside it.
func inChunks[T any](s *Store, nums *roaring.Bitmap, chunk int, read func(*bolt.Tx, uint32) (T, error), fn func(T) error) error {
	it := nums.Iterator()
	for it.HasNext() {
		var batch []T
		err := s.view(func(tx *bolt.Tx) error {
			for len(batch) < chunk && it.HasNext() {
				v, err := read(tx, it.Next())
				if err != nil {
					return err
				}
				batch = append(batch, v)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, v := range batch {
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	return nil
}

// DocNums returns the number of each document of ids (0 for one the
// store does not hold).
func (s *Store) DocNums(ids []string) ([]uint32, error) {
	out := make([]uint32, len(ids))
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDocNum)
		for i, id := range ids {
			out[i], _ = keyNum(b.Get([]byte(id)))
		}
		return nil
	})
	return out, err
}

// TermCounts returns, for each term of kind, how many documents it has
// (among within, when not nil).
func (s *Store) TermCounts(kind query.TermKind, within *roaring.Bitmap) (map[string]int, error) {
	var out map[string]int
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = txIndex{tx}.termCounts(kind, within)
		return err
	})
	return out, err
}

// termCounts is TermCounts in x's transaction: a term with no document
// (among within) is left out.
func (x txIndex) termCounts(kind query.TermKind, within *roaring.Bitmap) (map[string]int, error) {
	out := map[string]int{}
	pre := []byte{byte(kind)}
	c := x.tx.Bucket(bucketTerms).Cursor()
	for k, v := c.Seek(pre); k != nil && bytes.HasPrefix(k, pre); k, v = c.Next() {
		id, ok := keyNum(v)
		if !ok {
			return nil, damaged(fmt.Errorf("term %q: a bad id", k))
		}
		n, err := x.count(id, within)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			out[string(k[1:])] = int(n)
		}
	}
	return out, nil
}

// DocumentsOf calls fn with each document of nums, with text and
// annotations, in import order, reading in chunks so that no transaction
// stays open while fn runs.
func (s *Store) DocumentsOf(nums *roaring.Bitmap, fn func(Document) error) error {
	return inChunks(s, nums, 256, func(tx *bolt.Tx, num uint32) (Document, error) {
		d, err := docByNum(tx, num)
		if err != nil {
			return Document{}, err
		}
		anns, err := getAnns(tx, d.ID)
		if err != nil {
			return Document{}, damaged(err)
		}
		text := getText(tx, []byte(d.ID))
		if err := verifyText(d, text); err != nil {
			return Document{}, damaged(err)
		}
		return Document{Doc: d, Text: string(text), Anns: annot.Sorted(anns)}, nil
	}, fn)
}

// Window returns the records of the documents at places [from, from+n) of
// sel (in import order): what a list shows, read for the rows shown.
func (s *Store) Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error) {
	var out []annot.Doc
	if from < 0 || n <= 0 || uint64(from) >= sel.GetCardinality() {
		return nil, nil
	}
	err := s.view(func(tx *bolt.Tx) error {
		first, err := sel.Select(uint32(from))
		if err != nil {
			return err
		}
		it := sel.Iterator()
		it.AdvanceIfNeeded(first)
		layered := s.layered(tx)
		for len(out) < n && it.HasNext() {
			d, err := docByNum(tx, it.Next())
			if err != nil {
				return err
			}
			if layered {
				if d, err = s.viewed(tx, d); err != nil {
					return err
				}
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// Indexed reports whether the indexes answer for this view of the store
// (Select, Stats, DocumentsOf, Window): they cover the curated
// annotations, so a view that may read a reviewer's layer is not indexed,
// nor are indexes not yet built, and queries are then matched over the
// records instead.
func (s *Store) Indexed() bool {
	layered := true
	if err := s.view(func(tx *bolt.Tx) error {
		// unbuilt indexes (a rebuild cut short) answer nothing either
		layered = s.layered(tx) || indexReady(tx) != nil
		return nil
	}); err != nil {
		return false
	}
	return !layered
}
