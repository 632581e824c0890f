package export

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"folio/corpus"
)

// maxNameBytes is the longest base name FileName returns; with a
// disambiguating suffix and an extension a file name stays well under the
// 255 bytes most file systems allow.
const maxNameBytes = 200

// idsFile is the file, in the output directory, that maps document ids to
// file names.
const idsFile = corpus.IDsFile

// FileName returns the base name (without extension) that a document id
// gets in an output directory. It is injective (different ids give
// different names), never leaves the directory, and is safe on Linux, macOS
// and Windows:
//
//   - Letters, digits and "_" are kept; so are "-" and "." except at the
//     start (no hidden files, no "." or "..", nothing that looks like an
//     option) and "." at the end (Windows drops it).
//   - Every other byte, among them "/", "\", ":", "%", "~", spaces, NUL and
//     other control characters, and invalid UTF-8, is written %XX (percent
//     encoding of its UTF-8 bytes): "a/b c" becomes "a%2Fb%20c". Ids are
//     flattened: a "/" never makes a subdirectory.
//   - A Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, in any
//     case, with or without an extension) gets its first letter encoded:
//     "con" becomes "%63on".
//   - The empty id becomes "%empty".
//   - A name longer than 200 bytes is cut (never inside a character or an
//     escape) and ends in "~" and 16 hex digits of the SHA-256 of the id.
//
// Within one export, names that differ only in letter case (the same file
// on macOS and Windows) are told apart by a suffix "~2", "~3", ... in
// export order; ids.tsv records which id went to which file.
func FileName(id string) string {
	if id == "" {
		return "%empty"
	}
	var b strings.Builder
	b.Grow(len(id))
	for i := 0; i < len(id); {
		r, size := utf8.DecodeRuneInString(id[i:])
		if keepInName(r, size, i == 0, i+size == len(id)) {
			b.WriteString(id[i : i+size])
		} else {
			for k := i; k < i+size; k++ {
				escapeByte(&b, id[k])
			}
		}
		i += size
	}
	name := b.String()
	if windowsDevice(name) {
		var e strings.Builder
		escapeByte(&e, name[0])
		name = e.String() + name[1:]
	}
	if len(name) > maxNameBytes {
		name = shorten(name, id)
	}
	return name
}

// keepInName reports whether the code point r (size bytes) stays as it is
// in a file name.
func keepInName(r rune, size int, first, last bool) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return false
	case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
		return true
	case r == '-':
		return !first
	case r == '.':
		return !first && !last
	}
	return false
}

func escapeByte(b *strings.Builder, c byte) {
	const digits = "0123456789ABCDEF"
	b.WriteByte('%')
	b.WriteByte(digits[c>>4])
	b.WriteByte(digits[c&15])
}

// windowsDevice reports whether name (up to its first ".") is a device
// name that Windows will not create as a file.
func windowsDevice(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && base[3] >= '0' && base[3] <= '9' {
		switch strings.ToUpper(base[:3]) {
		case "COM", "LPT":
			return true
		}
	}
	return false
}

// shorten cuts name to fit maxNameBytes with "~" and a hash of id.
func shorten(name, id string) string {
	sum := sha256.Sum256([]byte(id))
	suffix := "~" + hex.EncodeToString(sum[:8])
	cut := maxNameBytes - len(suffix)
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	switch {
	case name[cut-1] == '%':
		cut--
	case name[cut-2] == '%':
		cut -= 2
	}
	return name[:cut] + suffix
}

// foldName is the key under which two names are the same file on a
// case-insensitive file system.
func foldName(name string) string { return strings.ToLower(name) }

// outDir is an output directory being written. All files are created
// through an os.Root, so that nothing (not even a symbolic link planted in
// the directory) makes a write land outside it. Without force a file that
// exists is an error; with force it is replaced (removed, then created, so
// a link is replaced rather than followed).
type outDir struct {
	path    string
	root    *os.Root
	force   bool
	bytes   *int64
	made    bool                // the directory was created by this export
	used    map[string]struct{} // folded base names given out
	created []string            // files created by this export, for abort
	ids     *os.File
	idsBuf  *bufio.Writer
	buf     *bufio.Writer // reused for every document file
	protect []string      // files never replaced (Options.Protect)
	// the ids.tsv an earlier export left here: its bytes (put back on
	// abort) and its lines, kept for the files this export does not name
	earlierRaw []byte
	earlier    []idsEntry
	named      map[string]struct{} // folded file names given out
}

// idsEntry is one line of an ids.tsv.
type idsEntry struct{ id, file string }

// protected returns the name in protect that is the same file as fi, or "".
func protected(protect []string, fi os.FileInfo) string {
	for _, p := range protect {
		if pfi, err := os.Stat(p); err == nil && os.SameFile(fi, pfi) {
			return p
		}
	}
	return ""
}

// openOutDir opens (creating it if needed) the directory path and starts
// its ids.tsv.
func openOutDir(path string, force bool, bytes *int64, protect []string) (*outDir, error) {
	d := &outDir{path: path, force: force, bytes: bytes, used: map[string]struct{}{}, protect: protect,
		named: map[string]struct{}{}}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(path, 0o755); err != nil {
			return nil, fmt.Errorf("export: create directory %s: %w", path, err)
		}
		d.made = true
	case err != nil:
		return nil, fmt.Errorf("export: %w", err)
	case !fi.IsDir():
		return nil, fmt.Errorf("export: %s is not a directory (formats brat and text write a directory)", path)
	}
	d.root, err = os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("export: open directory %s: %w", path, err)
	}
	if err := d.readEarlier(); err != nil {
		d.abort()
		return nil, err
	}
	d.ids, err = d.createOver(idsFile, d.force || d.earlierRaw != nil)
	if err != nil {
		d.abort()
		return nil, err
	}
	d.idsBuf = bufio.NewWriter(&countWriter{w: d.ids, n: bytes})
	d.idsBuf.WriteString(corpus.IDsHeader + "\n")
	d.buf = bufio.NewWriterSize(nil, 32<<10)
	return d, nil
}

// display is the path of name for messages.
func (d *outDir) display(name string) string { return filepath.Join(d.path, name) }

// readEarlier reads the ids.tsv an earlier export wrote into the
// directory, so that a second export into it (ALTO, then PAGE) adds its
// files to those named there. An ids.tsv that is not folio's (or has
// damaged lines) is left to create: refused without force.
func (d *outDir) readEarlier() error {
	f, err := d.root.Open(idsFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: read %s: %w", d.display(idsFile), err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("export: read %s: %w", d.display(idsFile), err)
	}
	ids, bad, err := corpus.ParseIDs(string(raw))
	if err != nil || len(bad) > 0 {
		return nil
	}
	d.earlierRaw = raw
	for file, id := range ids {
		d.earlier = append(d.earlier, idsEntry{id: id, file: file})
	}
	slices.SortFunc(d.earlier, func(a, b idsEntry) int { return strings.Compare(a.file, b.file) })
	return nil
}

// create creates the file name in the directory, refusing to overwrite an
// existing one unless force.
func (d *outDir) create(name string) (*os.File, error) {
	return d.createOver(name, d.force)
}

// createOver is create, replacing an existing file if replace.
func (d *outDir) createOver(name string, replace bool) (*os.File, error) {
	const flags = os.O_WRONLY | os.O_CREATE | os.O_EXCL
	f, err := d.root.OpenFile(name, flags, 0o644)
	if err == nil {
		d.created = append(d.created, name)
		return f, nil
	}
	if errors.Is(err, os.ErrExist) && replace {
		if fi, serr := d.root.Lstat(name); serr == nil {
			if p := protected(d.protect, fi); p != "" {
				return nil, fmt.Errorf("export: %s is the same file as %s, which must not be overwritten: refusing", d.display(name), p)
			}
		}
		if rerr := d.root.Remove(name); rerr != nil {
			return nil, fmt.Errorf("export: replace %s: %w", d.display(name), rerr)
		}
		f, err = d.root.OpenFile(name, flags, 0o644)
	}
	switch {
	case errors.Is(err, os.ErrExist):
		return nil, fmt.Errorf("export: %s exists (use --force to overwrite it)", d.display(name))
	case err != nil:
		return nil, fmt.Errorf("export: create %s: %w", d.display(name), err)
	}
	return f, nil
}

// name gives out the base name of document id, unique within this export,
// and records it in ids.tsv under the file file(base).
func (d *outDir) name(id string, file func(base string) string) string {
	base := FileName(id)
	name := base
	for n := 2; ; n++ {
		if _, taken := d.used[foldName(name)]; !taken {
			break
		}
		name = base + "~" + strconv.Itoa(n)
	}
	d.used[foldName(name)] = struct{}{}
	d.named[foldName(file(name))] = struct{}{}
	d.idsBuf.WriteString(corpus.IDsLine(id, file(name)))
	return name
}

// writeFile creates the file name and fills it with fill.
func (d *outDir) writeFile(name string, fill func(w *bufio.Writer)) error {
	f, err := d.create(name)
	if err != nil {
		return err
	}
	d.buf.Reset(&countWriter{w: f, n: d.bytes})
	fill(d.buf)
	err = d.buf.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", d.display(name), err)
	}
	return nil
}

// close finishes ids.tsv, with the lines of an earlier export's for the
// files this one did not write, and releases the directory.
func (d *outDir) close() error {
	for _, e := range d.earlier {
		if _, ok := d.named[foldName(e.file)]; !ok {
			d.idsBuf.WriteString(corpus.IDsLine(e.id, e.file))
		}
	}
	err := d.idsBuf.Flush()
	if cerr := d.ids.Close(); err == nil {
		err = cerr
	}
	d.ids = nil
	if err != nil {
		return fmt.Errorf("write %s: %w", d.display(idsFile), err)
	}
	return d.root.Close()
}

// abort removes the files this export created (files it replaced with
// force keep their new content) and the directory if it made it and it
// is empty.
func (d *outDir) abort() {
	if d.ids != nil {
		d.ids.Close()
	}
	for i := len(d.created) - 1; i >= 0; i-- {
		if d.created[i] == idsFile && d.earlierRaw != nil {
			continue // put back below
		}
		d.root.Remove(d.created[i])
	}
	if d.earlierRaw != nil && d.ids != nil {
		// the earlier export's ids.tsv, as it was, in place of this one's
		d.root.Remove(idsFile)
		if f, err := d.root.OpenFile(idsFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644); err == nil {
			f.Write(d.earlierRaw)
			f.Close()
		}
	}
	d.root.Close()
	if d.made {
		os.Remove(d.path)
	}
}
