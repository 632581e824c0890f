package corpus

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/annot"
	"folio/internal/safefile"
)

// Doc is one document read from the input, ready to store.
type Doc struct {
	// ID is the input's id (JSONL "id", a string or a number), else the
	// id its folder's IDsFile gives its file, else the path of the file
	// relative to the folder read, without extension, else ID(Text).
	ID string
	// Title is the input's ("title", or "meta.title" in JSONL), else
	// Title(Text).
	Title string
	// Source says where the document came from: "corpus/a.txt", or
	// "data.jsonl:12" for line 12 of a JSONL file.
	Source string
	// Text is the stored text (see Normalize).
	Text string
	// Anns are the annotations the input carried, spans mapped onto Text,
	// each Text field set to the text it covers. Their Origin is
	// annot.OriginImport unless folio's own JSONL gives one. They carry no
	// ids except the fixed ones of tags, status and meta, and ids local to
	// the document on the entities that relations link (a relation's From
	// and To name them; relations come after their entities); no author or
	// time unless the input gives them.
	Anns []annot.Annotation
	// Answers are the annotations that annotators made apart from each
	// other (a Prodigy task's answer, with its "_annotator_id"; each of a
	// Label Studio task's annotations, by its "completed_by"), one per
	// annotator, mapped onto Text as Anns are. Anns then holds what is
	// the task's own: its meta, and for Label Studio a model's
	// predictions and an annotation that names no annotator.
	Answers []annot.Answer
	// Spaced says Text was rebuilt from tokens (CoNLL, WebAnno TSV), its
	// white space between them not the source's: an import matches it to
	// a stored text regardless of white space.
	Spaced bool
	// Numbered says the input gave the document no id: ID numbers it by
	// its place in its file ("train/2": a CoNLL file's documents after
	// "-DOCSTART-", as folio's conll export writes them, which has no
	// place for ids). An import matches it to the stored document whose
	// corrected text it is, and keeps ID for one it does not find.
	Numbered bool
	// Meta is the JSONL "meta" object, if any; its numbers are json.Number.
	Meta map[string]any
	// External lists the external ids (GND, Wikidata, …) that folio's own
	// JSONL gives for canonical entities.
	External []External
	// Layout is the page layout of a page read from hOCR, ALTO or PAGE
	// XML (nil for other inputs), its spans on Text.
	Layout *annot.Layout
}

// AllAnns returns Anns followed by the annotations of every answer, as an
// input without answers would hold them: the ids of an answer's entities,
// which its relations name, are kept apart from the other answers' (the
// answer's number before them, "2/e1").
func (d Doc) AllAnns() []annot.Annotation {
	if len(d.Answers) == 0 {
		return d.Anns
	}
	out := slices.Clone(d.Anns)
	for i, ans := range d.Answers {
		local := func(id string) string {
			if id == "" {
				return ""
			}
			return fmt.Sprintf("%d/%s", i+1, id)
		}
		for _, a := range ans.Anns {
			switch a.Kind {
			case annot.KindEntity:
				a.ID = local(a.ID)
			case annot.KindRelation:
				a.From, a.To = local(a.From), local(a.To)
			}
			out = append(out, a)
		}
	}
	return out
}

// External is the external id of a canonical entity.
type External struct {
	Label, Canonical, ID string
}

// DefaultMaxDocument is the default limit on the size of one document as
// read: a .txt file, or one line of a JSONL file.
const DefaultMaxDocument = 512 << 20

// Options tune Read.
type Options struct {
	// MaxDocument limits one document as read, in bytes: a larger .txt
	// file or JSONL line is reported and skipped. 0 means
	// DefaultMaxDocument.
	MaxDocument int64
	// ImageDirs are folders where the page images of hOCR, ALTO and PAGE
	// files are looked for by stem when the file's own reference (relative
	// to it) and its folder do not have them.
	ImageDirs []string
	// IDPrefix is put before every document id read (folio import
	// --id-prefix), so that two collections whose ids collide (tasks 1,
	// 2, … of two Label Studio instances) stay apart in one store.
	IDPrefix string
	// Layers says the import keeps annotators' answers in layers of their
	// own (folio import --layers). Without it, an INCEpTION project's
	// annotators' files of a document that has a curated version, and
	// the annotators' versions of a task Prodigy's review recipe wrote,
	// are left out: merged into it, they would undo the curation.
	Layers bool
}

// Read reads the documents under paths and hands them to fn one at a time,
// in order: .txt files (with a brat .ann companion, if any), .jsonl files,
// and folders, walked recursively in lexical path order. It holds one
// document in memory at a time, never a whole JSONL file.
//
// Every path is checked before anything is read (see CheckPaths): one that
// does not exist or is not a regular file or a folder is an error, and
// nothing is imported. Files, lines and spans that cannot be imported are
// reported to report (which may be nil) and skipped; the problems found in
// a document are reported just before it is handed to fn. Read reports
// every problem: a caller printing them may want to cap how many it shows.
// fn's error stops the reading and is returned as it is.
func Read(paths []string, fn func(Doc) error, report func(Problem)) error {
	return ReadWith(paths, Options{}, fn, report)
}

// CheckPaths checks the paths given to Read without opening them: each
// must exist and be a regular file or a folder (a FIFO, a device or a
// socket would block or never end). Callers check before they lock a store.
// The error names every path refused, each in an error of its own
// (errors.Join).
func CheckPaths(paths []string) error {
	var errs []error
	for _, p := range paths {
		if err := safefile.Check(p, true); err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", p, unwrapPathErr(err)))
		}
	}
	return errors.Join(errs...)
}

// ReadWith is Read with options.
func ReadWith(paths []string, opt Options, fn func(Doc) error, report func(Problem)) error {
	if err := CheckPaths(paths); err != nil {
		return err
	}
	infos := make([]fs.FileInfo, len(paths))
	for i, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
		infos[i] = fi
	}
	r := newReader(fn, report)
	r.setLimits(opt)
	r.osPaths = true
	for i, p := range paths {
		var err error
		if infos[i].IsDir() {
			r.fsys = safefile.DirFS(p)
			err = r.tree(".", func(rel string) string { return filepath.Join(p, filepath.FromSlash(rel)) })
		} else {
			r.fsys = safefile.DirFS(filepath.Dir(p))
			if it := (item{name: filepath.Base(p), shown: p}); r.validName(it, false) {
				it.id = r.givenID(it.name)
				err = r.file(it, nil)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// unwrapPathErr drops an *fs.PathError's wrapping, whose path the caller
// names.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// ReadFS is Read for one file or folder of fsys, such as the embedded seeds
// (ReadFS(seeds.FS, ".", …)). Sources and problems name paths of fsys;
// the ids of files in a folder are relative to root.
func ReadFS(fsys fs.FS, root string, fn func(Doc) error, report func(Problem)) error {
	if !fs.ValidPath(root) {
		return fmt.Errorf("read %s: %w", root, fs.ErrInvalid)
	}
	fi, err := fs.Stat(fsys, root)
	if err != nil {
		return fmt.Errorf("read %s: %w", root, err)
	}
	r := newReader(fn, report)
	r.setLimits(Options{})
	r.fsys = fsys
	if fi.IsDir() {
		return r.tree(root, func(rel string) string { return path.Join(root, rel) })
	}
	return r.file(item{name: root, shown: root, id: r.givenID(root)}, nil)
}

// reader holds the state of one Read or ReadFS call.
type reader struct {
	fsys     fs.FS
	fn       func(Doc) error
	report   func(Problem)
	seen     map[string]seenDoc // id -> where it was first read, and its text
	maxDoc   int64              // the limit on one document as read, in bytes
	images   []string           // folders to look for page images in, by stem
	idPrefix string             // put before every id (Options.IDPrefix)
	layers   bool               // Options.Layers
	// attached holds the files read with the task they annotate (the
	// annotation files of a Label Studio project, lsProject), which the
	// walk does not read again
	attached map[string]bool
	// osPaths: the paths shown are the operating system's (not those of
	// an fs.FS such as the embedded seeds)
	osPaths bool
}

func (r *reader) setLimits(opt Options) {
	r.maxDoc = opt.MaxDocument
	r.images = opt.ImageDirs
	r.idPrefix = opt.IDPrefix
	r.layers = opt.Layers
	if r.maxDoc <= 0 {
		r.maxDoc = DefaultMaxDocument
	}
}

func newReader(fn func(Doc) error, report func(Problem)) *reader {
	if report == nil {
		report = func(Problem) {}
	}
	return &reader{fn: fn, report: report, seen: map[string]seenDoc{}, attached: map[string]bool{}}
}

func (r *reader) skip(where, msg string) {
	r.report(Problem{Where: where, Msg: msg, Skipped: true})
}

// seenDoc is where an id was first read and the hash of its text.
type seenDoc struct {
	where string
	hash  [sha256.Size]byte
}

// emit hands d to fn, with the problems found while reading it, unless an
// earlier document had its id with another text. The same id with the
// same text passes, so that its annotations join the first's (several
// Prodigy or doccano lines annotating one text).
func (r *reader) emit(where string, d Doc, probs []Problem) error {
	d.ID = r.idPrefix + d.ID
	if err := annot.CheckID(d.ID); err != nil {
		r.skip(where, err.Error())
		return nil
	}
	h := sha256.Sum256([]byte(d.Text))
	if first, ok := r.seen[d.ID]; ok && first.hash != h {
		r.skip(where, fmt.Sprintf("duplicate id %s with another text (first read from %s; two collections whose ids collide are kept apart by importing each with its own --id-prefix)", quoteID(d.ID), first.where))
		return nil
	} else if !ok {
		r.seen[d.ID] = seenDoc{where: where, hash: h}
	}
	for _, p := range probs {
		r.report(p)
	}
	return r.fn(d)
}

func quoteID(id string) string { return fmt.Sprintf("%q", id) }

// fileID strips the extension from a slash-separated relative path and
// makes it an id (normalizeID).
func fileID(rel string) string {
	return normalizeID(strings.TrimSuffix(rel, path.Ext(rel)))
}

// normalizeID is the one form of an id read from the input that is not
// a JSON "id" field (a file name, a CoNLL comment, Prodigy's meta id): it
// is put into NFC (file names from macOS are NFD) and nothing else
// changes. It is not Normalize, which is for text: a carriage return, a
// byte order mark or a control character stays what it is, so that two
// files "a\rb.txt" and "a\nb.txt" stay two documents. An id that is not
// valid UTF-8 is returned as it is, for annot.CheckID to refuse whole
// rather than have its bytes replaced (and two names meet in one id).
func normalizeID(s string) string {
	if !utf8.ValidString(s) || isNFC(s) {
		return s
	}
	return norm.NFC.String(s)
}
