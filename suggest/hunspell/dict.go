package hunspell

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"folio/internal/safefile"
	"folio/internal/wordfilter"
)

// entry is one stem of the .dic file; homonyms are chained through next.
type entry struct {
	word  string
	flags flagSet
	next  int32 // index of the next homonym, -1 at the end
}

// Dict is a loaded hunspell dictionary. It is read-only after Load and safe
// for concurrent use.
type Dict struct {
	opt     *options
	pfx     affixTable
	sfx     affixTable
	entries []entry
	words   map[string]int32 // first homonym of each stem
	// absent answers most lookups of strings that are no stem (the affix
	// and compound analyses try many) without missing the caches in words
	absent *wordfilter.Filter
	// prefixes holds the beginnings of the stems (nil: not used), which
	// bound the suffix analyses (stemPrefixes)
	prefixes *stemPrefixes

	// forbiddenWords holds the spellings whose first homonym is a
	// FORBIDDENWORD, which Forms leaves out.
	forbiddenWords map[string]bool
}

// Load reads an .aff and a .dic. Files over 64 MiB, lines over 64 KiB and
// malformed directives are refused with an error that names the line.
func Load(aff, dic io.Reader) (*Dict, error) {
	affText, err := readBounded(aff, "aff")
	if err != nil {
		return nil, err
	}
	dicText, err := readBounded(dic, "dic")
	if err != nil {
		return nil, err
	}
	opt, pfx, sfx, err := parseAff(affText)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	d := &Dict{opt: opt, pfx: pfx, sfx: sfx}
	if err := d.parseDic(dicText); err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	d.absent = wordfilter.New(len(d.words))
	for w := range d.words {
		d.absent.Add(w)
	}
	d.prefixes = newStemPrefixes(d.words)
	return d, nil
}

// Open loads the dictionary from an .aff and a .dic path. Both must be
// regular files of at most 64 MiB.
func Open(affPath, dicPath string) (*Dict, error) {
	aff, err := openRegular(affPath)
	if err != nil {
		return nil, err
	}
	defer aff.Close()
	dic, err := openRegular(dicPath)
	if err != nil {
		return nil, err
	}
	defer dic.Close()
	d, err := Load(aff, dic)
	if err != nil {
		return nil, fmt.Errorf("%s, %s: %w", affPath, dicPath, err)
	}
	return d, nil
}

// openRegular opens path if it is a regular file (never blocking on a
// FIFO; see safefile.Open); Load bounds what it reads.
func openRegular(path string) (*os.File, error) {
	f, err := safefile.Open(path, false)
	if err != nil {
		return nil, fmt.Errorf("hunspell: %w", err)
	}
	return f, nil
}

// readBounded reads all of r, refusing more than maxFileSize bytes.
func readBounded(r io.Reader, name string) (string, error) {
	if r == nil {
		return "", errors.New("hunspell: " + name + ": nil reader")
	}
	b, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return "", fmt.Errorf("hunspell: reading %s: %w", name, err)
	}
	if len(b) > maxFileSize {
		return "", fmt.Errorf("hunspell: %s is over the limit of %d bytes", name, maxFileSize)
	}
	return string(b), nil
}

// Unsupported lists the directives of the .aff that change what is correct
// but that this package ignores (for example COMPOUNDRULE). For de_DE it is
// empty.
func (d *Dict) Unsupported() []string { return slices.Clone(d.opt.unsupported) }

// parseDic reads the .dic text: a count line, then one stem per line with
// optional flags after a slash and optional morphological fields.
func (d *Dict) parseDic(text string) error {
	if !utf8.ValidString(text) {
		return errors.New("dic: not valid UTF-8 (only UTF-8 dictionaries are supported)")
	}
	lr := newLineReader("dic", text)
	first, _, err := lr.next()
	if err != nil {
		return err
	}
	count, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || count < 0 {
		return fmt.Errorf("dic line 1: %q: want the number of words", first)
	}
	capHint := min(count, lr.estimateLines())
	d.entries = make([]entry, 0, capHint)
	d.words = make(map[string]int32, capHint)
	d.forbiddenWords = map[string]bool{}
	tails := map[string]int32{}
	for !lr.done() {
		line, n, err := lr.next()
		if err != nil {
			return err
		}
		word, flagText := splitDicLine(line)
		if word == "" {
			continue
		}
		var flags flagSet
		if flagText != "" {
			if flags, err = d.opt.flagsField(flagText); err != nil {
				return fmt.Errorf("dic line %d: %w", n, err)
			}
		}
		if len(d.opt.ignore) > 0 {
			word = removeRunes(word, d.opt.ignore)
			if word == "" {
				continue
			}
		}
		d.addWord(word, flags, false, tails)
		d.addHiddenCapitalized(word, flags, tails)
	}
	return nil
}

// splitDicLine separates the stem and the flag field of a .dic line,
// dropping morphological fields ("po:noun", or anything after a tab) and
// unescaping "\/".
func splitDicLine(line string) (word, flags string) {
	end := len(line)
	for j := 3; j < len(line); j++ {
		if line[j] == ':' && (line[j-3] == ' ' || line[j-3] == '\t') {
			k := j - 3
			for k > 0 && (line[k-1] == ' ' || line[k-1] == '\t') {
				k--
			}
			if k > 0 {
				end = k
			}
			break
		}
	}
	if t := strings.IndexByte(line, '\t'); t >= 0 && t < end {
		end = t
	}
	line = line[:end]
	slash := -1
	for i := 1; i < len(line); i++ {
		if line[i] == '/' && line[i-1] != '\\' {
			slash = i
			break
		}
	}
	if slash >= 0 {
		word, flags = line[:slash], strings.TrimSpace(line[slash+1:])
	} else {
		word = line
	}
	word = strings.TrimRight(word, " ")
	if strings.Contains(word, `\/`) {
		word = strings.ReplaceAll(word, `\/`, "/")
	}
	return word, flags
}

// addWord adds a stem as the last homonym of its spelling; tails holds the
// last homonym of each spelling that has more than one while loading. A
// hidden capitalised form (hidden) is dropped when the spelling exists; a
// real word takes over the flags of a hidden homonym, as hunspell's
// HashMgr does. Hidden forms are only ever the first homonym, so no chain
// is walked.
func (d *Dict) addWord(word string, flags flagSet, hidden bool, tails map[string]int32) {
	first, ok := d.words[word]
	switch {
	case ok && hidden:
		return
	case ok && d.entries[first].flags.has(onlyUpcaseFlag):
		d.entries[first].flags = flags
		if flags.has(d.opt.forbidden) {
			d.forbiddenWords[word] = true
		}
		return
	}
	i := int32(len(d.entries))
	d.entries = append(d.entries, entry{word: word, flags: flags, next: -1})
	if !ok {
		d.words[word] = i
		if flags.has(d.opt.forbidden) {
			d.forbiddenWords[word] = true
		}
		return
	}
	tail, more := tails[word]
	if !more {
		tail = first
	}
	d.entries[tail].next = i
	tails[word] = i
}

// addHiddenCapitalized adds the capitalised form of a mixed-case or
// all-caps stem with the internal ONLYUPCASE flag, so that its all-caps
// spelling is accepted ("OpenOffice" -> "OPENOFFICE").
func (d *Dict) addHiddenCapitalized(word string, flags flagSet, tails map[string]int32) {
	ct := capType(word)
	if ct != capHuh && ct != capHuhInit && (ct != capAll || len(flags) == 0) {
		return
	}
	if flags.has(d.opt.forbidden) {
		return
	}
	f2 := append(slices.Clone(flags), onlyUpcaseFlag)
	slices.Sort(f2)
	d.addWord(initCap(strings.ToLower(word)), f2, true, tails)
}

// lookup returns the first homonym of w, or -1.
func (d *Dict) lookup(w string) int32 {
	if !d.absent.MayHave(w) {
		return -1
	}
	if i, ok := d.words[w]; ok {
		return i
	}
	return -1
}
