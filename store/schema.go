// Package store owns folio's bbolt file: its buckets, its transactions, its
// schema version and migrations, the change log that undo and redo replay,
// backups and integrity checks. Nothing else in folio imports bbolt;
// callers get plain annot types back.
package store

// The layout of a folio store (schema version 9; 6 counts no cut of
// boilerplate among a document's corrections, 7 may leave the derived
// data of the last documents imported to FileDerived, 8 keeps the twin
// lists apart from the records, 9 may hold the twin band entries of the
// documents FileDerived files in memory). Keys and values are bytes; "json" means
// encoding/json of the named type.
//
//	meta      "magic" → "folio"; "schema" → decimal version;
//	          "derivedfrom" → the first document number whose word
//	          counts, sketch and twins are not filed yet (deferred.go);
//	          "bandsfrom" → the first document number and band whose
//	          twin band entries are held in memory (heldbands.go)
//	docs      doc id → annot.Doc in the binary form of doccodec.go (the
//	          small record the list needs)
//	text      doc id → the stored text (UTF-8, NFC), read only when opened;
//	          compressed from schema 4 on (textcodec.go)
//	order     8-byte seq → doc id, import order
//	ann       doc id → bucket: annotation id → json annot.Annotation
//	log       8-byte seq → json Action (the audit trail)
//	undo      8-byte action seq → "" (the undo stack; top = last key)
//	redo      8-byte action seq → "" (the redo stack; top = first key)
//	entities  label "\x00" name → json Entity (the canonical registry)
//	mentions  label "\x00" name "\x00" doc id → decimal mention count
//	lexicon   from "\x00" to → json Fix (fixes the reviewer confirmed)
//	layout    doc id → annot.Layout of a page read from hOCR, ALTO or PAGE
//	          XML, in the form of layout.go; created by the first import
//	          that has one, so older stores need no migration
//	sketch    doc id → annot.Sketch of its text (twins.go)
//	twinbands band + top of a band hash → the documents whose sketches
//	          have the band, the first 256 of a hash, where twins are
//	          looked for (twins.go)
//	twins     4-byte number → the numbers of the document's twins
//	          (twins.go); before schema 8 they were in the records
//	docnum, terms, post, fwd, counters, ixdirty: the indexes (index.go);
//	          fwd entries of version 2 from schema 5 on
//	grams, termnames: the letter triples of the words' terms, for a free
//	          word inside words (grams.go), written with the terms; built
//	          at the first writable open of a store that lacks them
//	sums      each document's counts, packed per posting part, for the
//	          stats of a selection (sums.go), written with the forward
//	          entries; built at the first writable open of a store that
//	          lacks them or whose last write was not a folio's that keeps
//	          them (the bucket's sequence is the id of the last write)
//	words     folded word → uvarint occurrences, uvarint documents, over
//	          the corrected texts (words.go); "\x00" → the totals
//	suggstale doc id → 8-byte mark: its suggestion count (in its record)
//	          is out of date; "\x00evidence" → the fingerprint the counts
//	          were made with (suggcounts.go)
//
// words and suggstale are created by the first write that finds them
// missing, filled from the documents, so older stores need no migration.
//
// Annotation ids inside a document come from its bucket's sequence
// ("a1", "a2", …), except the fixed ids of status ("status") and tags
// ("tag:NAME"), which make those unique per document.
const schemaVersion = 9

var (
	bucketMeta     = []byte("meta")
	bucketDocs     = []byte("docs")
	bucketText     = []byte("text")
	bucketOrder    = []byte("order")
	bucketAnn      = []byte("ann")
	bucketLog      = []byte("log")
	bucketUndo     = []byte("undo")
	bucketRedo     = []byte("redo")
	bucketEntities = []byte("entities")
	bucketMentions = []byte("mentions")
	bucketLexicon  = []byte("lexicon")
	bucketLayout   = []byte("layout")

	allBuckets = [][]byte{bucketMeta, bucketDocs, bucketText, bucketOrder, bucketAnn,
		bucketLog, bucketUndo, bucketRedo, bucketEntities, bucketMentions, bucketLexicon,
		bucketSketch, bucketTwinBands, bucketTwins, bucketDocNum, bucketTerms, bucketPost, bucketFwd, bucketCounters, bucketDirty}

	keyMagic  = []byte("magic")
	keySchema = []byte("schema")
	magic     = []byte("folio")
)
