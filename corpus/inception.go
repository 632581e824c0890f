package corpus

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"folio/annot"
)

// An INCEpTION (or WebAnno) project export, unzipped, keeps each
// document's annotations as each annotator left them, in the format
// chosen at export, beside the project's own files:
//
//	exportedproject*.json                  the project's settings
//	source/DOC                             the document as uploaded
//	annotation/DOC/USER.tsv                USER's annotations of DOC
//	annotation/DOC/INITIAL_CAS.tsv         DOC before anyone annotated it
//	curation/DOC/CURATION_USER.tsv         the curated annotations
//	annotation_ser/, curation_ser/, log/   INCEpTION's own forms
//
// folio reads such a folder as one corpus: each DOC is one document (its
// id DOC without its extension, as a file's), what INITIAL_CAS holds its
// own annotations, each annotator's file their answer (Doc.Answers, kept
// apart by folio import --layers), and CURATION_USER's the curated
// annotations (taking the place of INITIAL_CAS's, which the curator saw).
// Without folio import --layers, the annotators' files of a document the
// curator curated are left out: merged into the curated annotations, they
// would undo the curation. Everything else of the project is left, and
// said so once.

// Pseudo-users of an INCEpTION project export.
const (
	inceptionInitial = "INITIAL_CAS"
	inceptionCurator = "CURATION_USER"
)

// isInceptionProject reports whether a folder's entries are those of an
// INCEpTION project export: an annotation folder beside the project's
// settings.
func isInceptionProject(entries []fs.DirEntry) bool {
	annotations, settings := false, false
	for _, e := range entries {
		switch name := e.Name(); {
		case e.IsDir() && name == "annotation":
			annotations = true
		case !e.IsDir() && strings.HasPrefix(name, "exportedproject") && strings.HasSuffix(name, ".json"):
			settings = true
		}
	}
	return annotations && settings
}

// inceptionProject reads the INCEpTION project export in the folder name,
// at rel below the root, whose entries are given, sorted.
func (r *reader) inceptionProject(name, rel string, shown func(string) string, entries []fs.DirEntry) error {
	var left []string
	superseded := 0
	for _, e := range entries {
		switch {
		case e.IsDir() && (e.Name() == "annotation" || e.Name() == "curation"):
			n, err := r.inceptionDocs(name, rel, e.Name(), shown)
			if err != nil {
				return err
			}
			superseded += n
		case e.IsDir():
			left = append(left, e.Name()+"/")
		default:
			left = append(left, e.Name())
		}
	}
	if len(left) > 0 {
		r.report(Problem{Where: shown(rel), Msg: "an INCEpTION project export: its documents are read from annotation/ and curation/; not read: " + listSome(left, 5)})
	}
	if superseded > 0 {
		r.report(Problem{Where: shown(rel), Msg: fmt.Sprintf("an INCEpTION project export: %d annotators' files of documents with a curated version are left out, which merged into it would undo the curation (folio import --layers keeps each in a layer of its own)", superseded)})
	}
	return nil
}

// inceptionDocs reads the folder part ("annotation" or "curation") of
// the project export in the folder project, at rel below the root: a
// folder a document, a file of it an annotator's. It returns how many
// annotators' files it left out for a curated version (Options.Layers).
func (r *reader) inceptionDocs(project, rel, part string, shown func(string) string) (superseded int, err error) {
	dir := path.Join(project, part)
	docs, err := fs.ReadDir(r.fsys, dir)
	if err != nil {
		r.skip(shown(path.Join(rel, part)), "cannot read the folder: "+unwrapPath(err))
		return 0, nil
	}
	for _, doc := range docs {
		docRel := path.Join(rel, part, doc.Name())
		if !doc.IsDir() {
			r.skip(shown(docRel), "an INCEpTION project export holds a folder for each document here, not a file")
			continue
		}
		files, err := fs.ReadDir(r.fsys, path.Join(dir, doc.Name()))
		if err != nil {
			r.skip(shown(docRel), "cannot read the folder: "+unwrapPath(err))
			continue
		}
		// the curator saw what the document began with: their version
		// replaces it
		curated := false
		if fi, err := fs.Stat(r.fsys, path.Join(project, "curation", doc.Name(), inceptionCurator+".tsv")); err == nil && fi.Mode().IsRegular() {
			curated = true
		}
		id := fileID(path.Join(rel, doc.Name()))
		for _, f := range files {
			it := item{name: path.Join(dir, doc.Name(), f.Name()), shown: shown(path.Join(docRel, f.Name())), id: id}
			ext := path.Ext(f.Name())
			user := strings.TrimSuffix(f.Name(), ext)
			answer := user != inceptionInitial && !(part == "curation" && user == inceptionCurator)
			switch {
			case f.IsDir() || !f.Type().IsRegular():
				r.skip(it.shown, "not a regular file")
				continue
			case !strings.EqualFold(ext, ".tsv"):
				r.skip(it.shown, "INCEpTION's annotations are read as WebAnno TSV 3: export the project with that format")
				continue
			case answer && curated && !r.layers:
				superseded++
				continue
			}
			raw, why := r.slurp(it.name)
			if why != "" {
				r.skip(it.shown, why)
				continue
			}
			d, probs, why := decodeWebAnno(string(raw), it.id, it.shown)
			if why != "" {
				r.skip(it.shown, why)
				continue
			}
			// the document's own: its metadata and how the file cut it into tokens
			own := func(a annot.Annotation) bool { return a.Kind == annot.KindMeta || a.Kind == annot.KindTokens }
			switch {
			case answer:
				if theirs := slices.DeleteFunc(slices.Clone(d.Anns), own); len(theirs) > 0 {
					d.Answers = []annot.Answer{{Annotator: user, Anns: theirs}}
				}
				d.Anns = slices.DeleteFunc(d.Anns, func(a annot.Annotation) bool { return !own(a) })
			case user == inceptionInitial && curated:
				d.Anns = slices.DeleteFunc(d.Anns, func(a annot.Annotation) bool { return !own(a) })
			}
			if err := r.emit(it.shown, d, probs); err != nil {
				return superseded, err
			}
		}
	}
	return superseded, nil
}
