package corpus

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// item is one file to read.
type item struct {
	name  string // path in the reader's fs.FS
	shown string // path as given or walked, for Source and problems
	id    string // the id of a .txt: its relative path without extension
}

// tree reads the folder root of r.fsys recursively. shown turns a path
// relative to root into the path to show.
func (r *reader) tree(root string, shown func(rel string) string) error {
	return r.dir(root, "", shown)
}

// dir reads the folder name, at rel below the root, in lexical order of
// the full paths: a folder "a" sorts as "a/", after "a.txt".
func (r *reader) dir(name, rel string, shown func(string) string) error {
	entries, err := fs.ReadDir(r.fsys, name)
	if err != nil {
		r.skip(shown(rel), "cannot read the folder: "+unwrapPath(err))
		return nil
	}
	key := func(e fs.DirEntry) string {
		if e.IsDir() {
			return e.Name() + "/"
		}
		return e.Name()
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(key(a), key(b)) })
	if isInceptionProject(entries) {
		return r.inceptionProject(name, rel, shown, entries)
	}
	var proj *lsProject // a Label Studio project's annotation files
	if isLSProject(entries) {
		proj = r.lsProjectFiles(name, rel, shown)
		entries = lsTasksFirst(entries)
	}
	siblings := make(map[string]bool, len(entries))
	for _, e := range entries {
		siblings[e.Name()] = true
	}
	var ids map[string]string // the folder's IDsFile: a document id by file name
	ours := false             // the IDsFile is folio's: read, or reported
	if siblings[IDsFile] {
		var bad []string
		var err error
		ids, bad, ours, err = r.folderIDs(path.Join(name, IDsFile))
		where := shown(path.Join(rel, IDsFile))
		if err != nil {
			r.skip(where, "folio's list of ids, not read ("+err.Error()+"): the files keep the ids their names give")
		}
		var missing []string
		for _, file := range slices.Sorted(maps.Keys(ids)) {
			if !siblings[file] && !strings.Contains(file, "*") { // "ID_l*.png": the lines export's pattern
				missing = append(missing, strconv.Quote(file))
			}
		}
		if len(missing) > 0 {
			bad = append(bad, fmt.Sprintf("%s not in the folder", listSome(missing, 3)))
		}
		if len(bad) > 0 {
			r.report(Problem{Where: where, Msg: "folio's list of ids: " + listSome(bad, 3) + "; the files it does not name keep the ids their names give"})
		}
	}
	for _, e := range entries {
		base := e.Name()
		it := item{name: path.Join(name, base), id: fileID(path.Join(rel, base))}
		erel := path.Join(rel, base)
		it.shown = shown(erel)
		if ours && base == IDsFile && !e.IsDir() {
			continue // read above
		}
		if r.attached[it.name] {
			continue // read with its Label Studio task
		}
		if id := ids[base]; id != "" && !e.IsDir() {
			it.id = id
		}
		if isBratConf(base) && !e.IsDir() {
			continue // brat's configuration: the labels come from the .ann files
		}
		if !r.validName(it, e.IsDir()) {
			continue
		}
		if strings.HasPrefix(base, ".") {
			if e.IsDir() {
				r.skip(it.shown, "hidden folder")
			} else {
				r.skip(it.shown, "hidden file")
			}
			continue
		}
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(r.fsys, it.name)
			if err != nil {
				r.skip(it.shown, "broken symbolic link")
				continue
			}
			if fi.IsDir() {
				r.skip(it.shown, "symbolic link to a folder: not followed")
				continue
			}
			mode = fi.Mode().Type()
		}
		switch {
		case mode.IsDir():
			if err := r.dir(it.name, erel, shown); err != nil {
				return err
			}
		case !mode.IsRegular():
			r.skip(it.shown, "not a regular file")
		case proj != nil && base == lsTasksFile:
			if err := r.readLabelStudio(it, proj); err != nil {
				return err
			}
		default:
			if err := r.file(it, siblings); err != nil {
				return err
			}
		}
	}
	return nil
}

// validName reports whether the name of it (a folder, if dir) is valid
// UTF-8, which fs.FS paths and document ids must be, and reports it
// skipped if not: replacing its bad bytes would open no file, and could
// give two files one id.
func (r *reader) validName(it item, dir bool) bool {
	if utf8.ValidString(path.Base(it.name)) {
		return true
	}
	what := "file"
	if dir {
		what = "folder"
	}
	r.skip(it.shown, fmt.Sprintf("the %s name is not valid UTF-8, which folio needs to open it and to make a document id of it: rename it", what))
	return false
}

// isBratConf reports whether name is one of brat's configuration files,
// which a brat collection keeps beside its documents.
func isBratConf(name string) bool {
	switch name {
	case "annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf":
		return true
	}
	return false
}

// folderIDs reads the IDsFile name of a folder: the id of each file it
// names, and the lines it could not read (ParseIDs). ours reports whether
// it is folio's (its first line is IDsHeader); err, why folio's could not
// be read. Another tool's file of that name gives no ids and is read as
// any other file.
func (r *reader) folderIDs(name string) (ids map[string]string, bad []string, ours bool, err error) {
	raw, why := r.slurp(name)
	if why != "" {
		return nil, nil, false, nil
	}
	head, _, _ := strings.Cut(strings.TrimPrefix(string(raw), bom), "\n")
	if strings.TrimSuffix(head, "\r") != IDsHeader {
		return nil, nil, false, nil
	}
	ids, bad, err = ParseIDs(string(raw))
	return ids, bad, true, err
}

// listSome joins the first n of items with "; ", and says how many more
// there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + fmt.Sprintf("; %d more", len(items)-n)
}

// givenID is the id of the file name given by itself (not found in a
// folder): the one its folder's IDsFile names, else its name's.
func (r *reader) givenID(name string) string {
	if ids, _, _, _ := r.folderIDs(path.Join(path.Dir(name), IDsFile)); ids[path.Base(name)] != "" {
		return ids[path.Base(name)]
	}
	return fileID(path.Base(name))
}

// file reads one file by its extension. siblings holds the names in its
// folder when it was found by walking one, nil when it was given.
func (r *reader) file(it item, siblings map[string]bool) error {
	ext := path.Ext(it.name)
	stem := strings.TrimSuffix(it.name, ext)
	switch strings.ToLower(ext) {
	case ".txt":
		ann := item{name: stem + ".ann", shown: strings.TrimSuffix(it.shown, ext) + ".ann"}
		if !r.exists(ann.name, siblings) {
			ann.name = ""
		}
		return r.readTxt(it, ann)
	case ".jsonl":
		return r.readJSONL(it)
	case ".conll", ".conllu", ".iob", ".bio":
		return r.readCoNLL(it)
	case ".json":
		return r.readLabelStudio(it, nil)
	case ".tsv":
		return r.readWebAnno(it)
	case ".spacy":
		r.skip(it.shown, "spaCy's binary DocBin is not read: write each Doc's to_json() as a line of a .jsonl file, which folio reads")
		return nil
	case ".ann":
		if siblings == nil {
			r.skip(it.shown, "a brat .ann file is read with its .txt: give the .txt or the folder")
			return nil
		}
		if b := path.Base(stem); siblings[b+".txt"] || siblings[b+".TXT"] {
			return nil // read with its .txt
		}
		r.skip(it.shown, "a brat .ann file without a .txt of the same name")
		return nil
	}
	format, root := r.sniffXML(it)
	if format != "" {
		return r.readOCR(it)
	}
	if isImage(ext) {
		r.skip(it.shown, "an image: used only as the page image of an OCR file that names it")
		return nil
	}
	r.skip(it.shown, notRead(root))
	return nil
}

// exists reports whether the file name exists, looking in siblings when
// they are known.
func (r *reader) exists(name string, siblings map[string]bool) bool {
	if siblings != nil {
		return siblings[path.Base(name)]
	}
	fi, err := fs.Stat(r.fsys, name)
	return err == nil && fi.Mode().IsRegular()
}

// unwrapPath drops the *fs.PathError wrapping from err, whose path is
// already named by the problem.
func unwrapPath(err error) string {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}
