// Package corpus reads the documents folio imports: plain .txt files,
// folders of them (with brat .ann companions), JSONL files in folio's
// own export form, doccano, Prodigy or spaCy form, Label Studio JSON
// (.json; see readLabelStudio) and CoNLL files (.conll, .conllu, .iob,
// .bio: CoNLL-2003, GermEval, CoNLL-U; see readCoNLL). It normalizes every text
// to the stored form of DESIGN.md ("Text and offsets"), maps the spans the
// input carries onto that text, and derives ids, titles and hashes.
//
// Reading streams: Read and ReadFS hand one Doc at a time to a callback and
// hold at most one document (one JSONL line, or one .txt file) in memory.
// Everything the reader does not import, and every repair it makes, is
// reported as a Problem; nothing is dropped silently.
//
// Choices where DESIGN.md is silent:
//
//   - A file, JSONL line or text that is empty or holds only white space is
//     skipped and reported ("empty file", "empty text"): there is nothing
//     to review, and a document without a first line has no title.
//   - An id seen earlier in the same Read or ReadFS call (a duplicate line
//     in one JSONL file, or the same id from two files) with another text
//     is skipped and reported, naming where it was first seen: the first
//     occurrence wins, and the store never sees two different texts for one
//     id in one import. With the same text it passes, and the store adds
//     its annotations to the first's (exact duplicates skipped): several
//     Prodigy or doccano lines may annotate one text.
//   - .txt, .jsonl, .json (Label Studio), .tsv (WebAnno) and CoNLL files
//     (.conll, .conllu, .iob, .bio) are read by extension (compared
//     without case); any other file is read if its content is hOCR, ALTO
//     or PAGE XML (package ocrxml), one document per page, with its
//     layout. A .ann file is read as the brat companion of the .txt with the
//     same base name. A folder holding tasks.json and an annotations
//     folder is a Label Studio project: the annotation files are read
//     with the tasks they annotate (see lsProject). Hidden files and
//     folders (a name starting with "."), binary files, symbolic links to
//     folders and any other file are skipped and reported.
//   - Invalid UTF-8 is repaired (each invalid byte becomes one U+FFFD, so
//     code point offsets of the input still hold) and reported as a
//     warning; the document is kept.
//   - A span that is out of range, empty, inverted, cuts a character that
//     normalization merged (an NFD letter and its accent, a CRLF pair),
//     does not match the text the input says it covers, duplicates an
//     earlier one or breaks the overlap rules of annot.Conflict is reported
//     and skipped; the document is still imported.
package corpus
