package corpus

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"folio/corpus/ocrxml"
)

// ocrExts are the extensions tried for an OCR file's page image, in order.
var ocrExts = []string{".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".webp", ".gif",
	".PNG", ".JPG", ".JPEG", ".TIF", ".TIFF"}

// isImage reports whether ext (".png") is that of a page image.
func isImage(ext string) bool {
	return slices.Contains(ocrExts, ext) || slices.Contains(ocrExts, strings.ToLower(ext))
}

// sniffXML looks at the start of file it: its OCR format ("" if it is
// not hOCR, ALTO or PAGE XML) and the name of its XML root element (""
// if it is not XML). Only a regular file is looked at: a FIFO or a
// device would block or never end.
func (r *reader) sniffXML(it item) (format ocrxml.Format, root string) {
	if fi, err := fs.Stat(r.fsys, it.name); err != nil || !fi.Mode().IsRegular() {
		return "", "" // before opening: opening a FIFO blocks
	}
	f, err := r.fsys.Open(it.name)
	if err != nil {
		return "", ""
	}
	defer f.Close()
	head := make([]byte, 16<<10)
	n, _ := io.ReadFull(f, head)
	return ocrxml.Detect(head[:n]), ocrxml.Root(head[:n])
}

// readOCR reads an hOCR, ALTO or PAGE file: one document per page, with
// id ID (a single page) or ID#pN (page N of several), and its layout.
func (r *reader) readOCR(it item) error {
	f, err := r.fsys.Open(it.name)
	if err != nil {
		r.skip(it.shown, "cannot open: "+unwrapPath(err))
		return nil
	}
	defer f.Close()
	var errFn error // fn's error, returned as it is
	err = ocrxml.Read(f, func(p *ocrxml.Page) error {
		id, where := it.id, it.shown
		if p.MultiPage {
			suffix := "#p" + strconv.Itoa(p.Layout.Page)
			id, where = id+suffix, where+suffix
		}
		if strings.TrimSpace(p.Text) == "" {
			r.skip(where, "a page without text")
			return nil
		}
		n := NormalizeString(p.Text)
		var probs []Problem
		if n.Text != p.Text {
			// The reader writes NFC; only a word starting with a combining
			// mark changes when its neighbours join it.
			probs = append(probs, Problem{Where: where, Msg: "the text changed under NFC: the word positions are not kept"})
			p.Layout.Words, p.Layout.Lines = nil, nil
		}
		for _, w := range append(n.Warnings, p.Warnings...) {
			probs = append(probs, Problem{Where: where, Msg: w})
		}
		lay := p.Layout
		lay.Image = r.ocrImage(it, lay.ImageRef)
		d := Doc{ID: id, Title: Title(n.Text), Source: where, Text: n.Text, Layout: &lay}
		if err := r.emit(where, d, probs); err != nil {
			errFn = err
			return err
		}
		return nil
	})
	if err != nil && errFn == nil {
		r.skip(it.shown, err.Error())
		return nil
	}
	return errFn
}

// ocrImage finds the page image of the OCR file it: ref relative to the
// file, else a file beside it with ref's stem, else with the file's own
// stem (any of its extensions dropped: kant.page.xml → kant), else one
// with those stems in the image folders of the options (ImageDirs). It
// returns the path as shown (relative to what was given), or "".
func (r *reader) ocrImage(it item, ref string) string {
	dir, shownDir := path.Dir(it.name), filepath.Dir(it.shown)
	exists := func(name string) bool {
		fi, err := fs.Stat(r.fsys, name)
		return err == nil && fi.Mode().IsRegular()
	}
	ref = strings.ReplaceAll(ref, "\\", "/")
	if ref != "" && !path.IsAbs(ref) && !strings.Contains(ref, ":") {
		if p := path.Join(dir, ref); fs.ValidPath(p) && exists(p) {
			return filepath.Join(shownDir, filepath.FromSlash(ref))
		}
		if p := filepath.Join(shownDir, filepath.FromSlash(ref)); r.osPaths && !fs.ValidPath(path.Join(dir, ref)) {
			// outside the folder read (../images/p1.png): on disk
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				return p
			}
		}
	}
	stems := ImageStems(ref, it.name)
	for _, s := range stems {
		for _, ext := range ocrExts {
			if p := path.Join(dir, s+ext); fs.ValidPath(p) && exists(p) {
				return filepath.Join(shownDir, s+ext)
			}
		}
	}
	return FindImage(r.images, stems)
}

// ImageStems are the names (without extension) a page image of the OCR
// file named file may have: that of the reference ref the file gives
// (Windows or URL paths included), then the file's own name with each of
// its extensions dropped in turn (kant.page.xml → kant.page, kant).
func ImageStems(ref, file string) []string {
	var stems []string
	add := func(s string) {
		if s != "" && s != "." && s != "/" && !slices.Contains(stems, s) {
			stems = append(stems, s)
		}
	}
	if ref = strings.ReplaceAll(ref, "\\", "/"); ref != "" {
		b := path.Base(ref)
		add(strings.TrimSuffix(b, path.Ext(b)))
	}
	for b := path.Base(strings.ReplaceAll(file, "\\", "/")); path.Ext(b) != ""; {
		b = strings.TrimSuffix(b, path.Ext(b))
		add(b)
	}
	return stems
}

// FindImage looks in the folders dirs, in order, for a page image named
// one of stems with an image extension (.png, .jpg, .tif …), and returns
// the first found, or "".
func FindImage(dirs, stems []string) string {
	for _, d := range dirs {
		for _, s := range stems {
			for _, ext := range ocrExts {
				p := filepath.Join(d, s+ext)
				if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
					return p
				}
			}
		}
	}
	return ""
}
