package hunspell

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits on the input, checked while parsing.
const (
	maxFileSize = 64 << 20 // bytes of one .aff or .dic file
	maxLineLen  = 64 << 10 // bytes of one line
)

// affix is one PFX or SFX entry.
type affix struct {
	flag   flag
	suffix bool
	cross  bool // the header allows combining with the other kind
	strip  string
	appnd  string
	cond   condition
	cont   flagSet // continuation class

	// Properties of cont, set by finish once all options are known.
	permit, onlyInCpd, needsAffix, circ bool
	// inCont: the entry's flag is in some continuation class (the outer
	// suffix of two)
	inCont bool
}

// affixTable indexes the entries of one kind in a trie of their appended
// strings (read backwards for suffixes) and, within a node, by their
// stripped string: entries of one group restore the same stem, which is
// looked up once.
type affixTable struct {
	suffix  bool
	root    trieNode
	flagIdx []uint16   // flag -> index in lists (0: no entry), built lazily
	lists   [][]*affix // entries per flag; lists[0] is unused

	groupIdx map[groupKey]int // position of each strip group in its node

	maxAppend int // the longest appended string, in bytes
}

// groupKey names a strip group: its trie node and stripped string.
type groupKey struct {
	node  *trieNode
	strip string
}

// byFlag returns the entries named f.
func (t *affixTable) byFlag(f flag) []*affix {
	if int(f) >= len(t.flagIdx) {
		return nil
	}
	return t.lists[t.flagIdx[f]]
}

// trieNode is one byte of appended strings; groups holds the entries whose
// whole appended string ends at this node.
type trieNode struct {
	bytes  []byte // child labels, parallel to kids
	kids   []*trieNode
	groups []stripGroup
}

// child returns the child for b, or nil.
func (n *trieNode) child(b byte) *trieNode {
	for i, c := range n.bytes {
		if c == b {
			return n.kids[i]
		}
	}
	return nil
}

// stripGroup is the entries with one appended and one stripped string, in
// file order; permitted are those allowed at the start of a compound
// (COMPOUNDPERMITFLAG), the only ones a compound's first part tries.
type stripGroup struct {
	strip     string
	list      []*affix
	permitted []*affix
}

// finish records the properties of each entry's continuation class and the
// permitted lists, once the options are known.
func (t *affixTable) finish(o *options) {
	var walk func(n *trieNode)
	walk = func(n *trieNode) {
		for gi := range n.groups {
			g := &n.groups[gi]
			g.permitted = nil
			for _, a := range g.list {
				a.permit = a.cont.has(o.compoundPermit)
				a.onlyInCpd = a.cont.has(o.onlyInCompound)
				a.needsAffix = a.cont.has(o.needAffix)
				a.circ = a.cont.has(o.circumfix)
				a.inCont = o.contClasses[a.flag]
				if a.permit {
					g.permitted = append(g.permitted, a)
				}
			}
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(&t.root)
}

func newAffixTable(suffix bool) affixTable {
	return affixTable{suffix: suffix, lists: [][]*affix{nil}, groupIdx: map[groupKey]int{}}
}

func (t *affixTable) add(a *affix) {
	t.maxAppend = max(t.maxAppend, len(a.appnd))
	n := &t.root
	for i := range len(a.appnd) {
		b := a.appnd[i]
		if t.suffix {
			b = a.appnd[len(a.appnd)-1-i]
		}
		c := n.child(b)
		if c == nil {
			c = &trieNode{}
			n.bytes = append(n.bytes, b)
			n.kids = append(n.kids, c)
		}
		n = c
	}
	key := groupKey{n, a.strip}
	i, ok := t.groupIdx[key]
	if !ok {
		i = len(n.groups)
		n.groups = append(n.groups, stripGroup{strip: a.strip})
		t.groupIdx[key] = i
	}
	n.groups[i].list = append(n.groups[i].list, a)
	if int(a.flag) >= len(t.flagIdx) {
		t.flagIdx = append(t.flagIdx, make([]uint16, int(a.flag)+1-len(t.flagIdx))...)
	}
	if t.flagIdx[a.flag] == 0 {
		t.flagIdx[a.flag] = uint16(len(t.lists))
		t.lists = append(t.lists, nil)
	}
	t.lists[t.flagIdx[a.flag]] = append(t.lists[t.flagIdx[a.flag]], a)
}

// options holds the settings of an affix file that the checker uses.
type options struct {
	flagMode flagMode
	aliases  []flagSet // AF, 1-based in the files

	forbidden, needAffix, onlyInCompound, keepCase, circumfix flag
	compoundFlag, compoundBegin, compoundMiddle, compoundEnd  flag
	compoundPermit, compoundForbid, compoundRoot              flag

	compoundMin     int
	compoundWordMax int // -1: no limit
	checkDup        bool
	checkCase       bool
	checkTriple     bool
	checkSharps     bool
	fullStrip       bool

	ignore       []rune
	iconv, oconv []convPair
	breaks       []string
	hasBreak     bool

	contClasses map[flag]bool // flags used in some continuation class
	unsupported []string
}

// convPair is one ICONV or OCONV replacement.
type convPair struct{ from, to string }

// isTableKeyword reports whether kw is a directive followed by a counted
// list of lines.
func isTableKeyword(kw string) bool {
	switch kw {
	case "REP", "MAP", "PHONE", "BREAK", "ICONV", "OCONV", "CHECKCOMPOUNDPATTERN", "COMPOUNDRULE", "AF", "AM":
		return true
	}
	return false
}

// isUnsupported reports whether kw changes what is correct but is not
// implemented; such directives are reported by Dict.Unsupported.
func isUnsupported(kw string) bool {
	switch kw {
	case "COMPOUNDRULE", "CHECKCOMPOUNDPATTERN", "CHECKCOMPOUNDREP", "SIMPLIFIEDTRIPLE", "COMPOUNDSYLLABLE",
		"SYLLABLENUM", "COMPOUNDMORESUFFIXES", "COMPLEXPREFIXES", "FORCEUCASE", "WARN":
		return true
	}
	return false
}

// lineReader yields the lines of a file with their numbers, refusing lines
// over maxLineLen. It does not split the text up front, so a file of empty
// lines costs no memory.
type lineReader struct {
	text string // the rest of the file
	line int    // number of the last line returned
	eof  bool   // every line was returned
	name string
}

func newLineReader(name, text string) *lineReader {
	return &lineReader{text: strings.TrimPrefix(text, "\uFEFF"), name: name}
}

// next returns the next line without its line end and its 1-based number;
// at the end it returns "", 0.
func (lr *lineReader) next() (string, int, error) {
	if lr.eof {
		return "", 0, nil
	}
	l, rest, found := strings.Cut(lr.text, "\n")
	lr.text = rest
	lr.eof = !found
	lr.line++
	l = strings.TrimSuffix(l, "\r")
	if len(l) > maxLineLen {
		return "", lr.line, fmt.Errorf("%s line %d: %d bytes, limit is %d", lr.name, lr.line, len(l), maxLineLen)
	}
	return l, lr.line, nil
}

// done reports whether every line was returned.
func (lr *lineReader) done() bool { return lr.eof }

// estimateLines returns an upper bound for the number of lines left, used
// to size tables.
func (lr *lineReader) estimateLines() int { return strings.Count(lr.text, "\n") + 1 }

// nextFields returns the fields of the next line that is neither empty nor
// a comment, or nil at the end.
func (lr *lineReader) nextFields() ([]string, int, error) {
	for !lr.done() {
		l, n, err := lr.next()
		if err != nil {
			return nil, n, err
		}
		f := strings.Fields(l)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		return f, n, nil
	}
	return nil, 0, nil
}

// parseAff reads an affix file into opts and the prefix and suffix tables.
func parseAff(text string) (*options, affixTable, affixTable, error) {
	o := &options{compoundMin: -1, compoundWordMax: -1, forbidden: defaultForbidden, contClasses: map[flag]bool{}}
	pfx, sfx := newAffixTable(false), newAffixTable(true)
	if !utf8.ValidString(text) {
		return nil, pfx, sfx, fmt.Errorf("aff: not valid UTF-8 (only UTF-8 dictionaries are supported)")
	}
	lr := newLineReader("aff", text)
	seenUnsupported := map[string]bool{}
	for {
		f, n, err := lr.nextFields()
		if err != nil {
			return nil, pfx, sfx, err
		}
		if f == nil {
			break
		}
		kw := f[0]
		if isUnsupported(kw) && !seenUnsupported[kw] {
			seenUnsupported[kw] = true
			o.unsupported = append(o.unsupported, kw)
		}
		arg := ""
		if len(f) > 1 {
			arg = f[1]
		}
		if err := o.parseDirective(lr, kw, arg, f, n, &pfx, &sfx); err != nil {
			return nil, pfx, sfx, err
		}
	}
	if o.compoundMin < 1 {
		if o.compoundMin == -1 {
			o.compoundMin = 3
		} else {
			o.compoundMin = 1
		}
	}
	if !o.hasBreak {
		o.breaks = []string{"-", "^-", "-$"}
	}
	pfx.finish(o)
	sfx.finish(o)
	return o, pfx, sfx, nil
}

// parseDirective handles one directive line (and the table lines after it).
func (o *options) parseDirective(lr *lineReader, kw, arg string, f []string, n int, pfx, sfx *affixTable) error {
	flagOpt := map[string]*flag{
		"FORBIDDENWORD": &o.forbidden, "NEEDAFFIX": &o.needAffix, "PSEUDOROOT": &o.needAffix,
		"ONLYINCOMPOUND": &o.onlyInCompound, "KEEPCASE": &o.keepCase, "CIRCUMFIX": &o.circumfix,
		"COMPOUNDFLAG": &o.compoundFlag, "COMPOUNDBEGIN": &o.compoundBegin,
		"COMPOUNDMIDDLE": &o.compoundMiddle, "COMPOUNDEND": &o.compoundEnd, "COMPOUNDLAST": &o.compoundEnd,
		"COMPOUNDPERMITFLAG": &o.compoundPermit, "COMPOUNDFORBIDFLAG": &o.compoundForbid,
		"COMPOUNDROOT": &o.compoundRoot,
	}
	if p, ok := flagOpt[kw]; ok {
		fl, err := decodeFlag(arg, o.flagMode)
		if err != nil {
			return fmt.Errorf("aff line %d: %s: %w", n, kw, err)
		}
		*p = fl
		return nil
	}
	switch kw {
	case "SET":
		enc := strings.ToUpper(arg)
		if enc != "UTF-8" && enc != "UTF8" {
			return fmt.Errorf("aff line %d: SET %s: only UTF-8 dictionaries are supported", n, arg)
		}
	case "FLAG":
		switch arg {
		case "long":
			o.flagMode = flagLong
		case "num":
			o.flagMode = flagNum
		case "UTF-8", "utf-8", "UTF8":
			o.flagMode = flagUTF8
		case "char", "":
			o.flagMode = flagChar
		default:
			return fmt.Errorf("aff line %d: FLAG %q: want long, num or UTF-8", n, arg)
		}
	case "COMPOUNDMIN", "COMPOUNDWORDMAX":
		v, err := strconv.Atoi(arg)
		if err != nil || v < 0 || v > maxLineLen {
			return fmt.Errorf("aff line %d: %s %q: want a small number", n, kw, arg)
		}
		if kw == "COMPOUNDMIN" {
			o.compoundMin = v
		} else {
			o.compoundWordMax = v
		}
	case "CHECKCOMPOUNDDUP":
		o.checkDup = true
	case "CHECKCOMPOUNDCASE":
		o.checkCase = true
	case "CHECKCOMPOUNDTRIPLE":
		o.checkTriple = true
	case "CHECKSHARPS":
		o.checkSharps = true
	case "FULLSTRIP":
		o.fullStrip = true
	case "IGNORE":
		o.ignore = []rune(arg)
	case "PFX", "SFX":
		return o.parseAffixBlock(lr, kw, f, n, pfx, sfx)
	default:
		if isTableKeyword(kw) {
			return o.parseTable(lr, kw, arg, n)
		}
	}
	return nil
}

// parseTable reads the counted lines after a table header such as "REP 3".
func (o *options) parseTable(lr *lineReader, kw, arg string, n int) error {
	count, err := strconv.Atoi(arg)
	if err != nil || count < 0 {
		return fmt.Errorf("aff line %d: %s %q: want a count", n, kw, arg)
	}
	if kw == "BREAK" {
		o.hasBreak = true
	}
	for i := range count {
		f, m, err := lr.nextFields()
		if err != nil {
			return err
		}
		if f == nil {
			return fmt.Errorf("aff line %d: %s table: expected %d lines, file ends after %d", n, kw, count, i)
		}
		if f[0] != kw {
			return fmt.Errorf("aff line %d: %s table: expected %d lines, found %q after %d", m, kw, count, f[0], i)
		}
		switch kw {
		case "AF":
			if len(f) < 2 {
				return fmt.Errorf("aff line %d: AF without flags", m)
			}
			fs, err := decodeFlags(f[1], o.flagMode)
			if err != nil {
				return fmt.Errorf("aff line %d: AF: %w", m, err)
			}
			o.aliases = append(o.aliases, fs)
		case "BREAK":
			if len(f) >= 2 {
				o.breaks = append(o.breaks, f[1])
			}
		case "ICONV", "OCONV":
			if len(f) < 3 {
				return fmt.Errorf("aff line %d: %s wants a pattern and a replacement", m, kw)
			}
			p := convPair{from: strings.ReplaceAll(f[1], "_", ""), to: strings.ReplaceAll(f[2], "_", "")}
			if p.from == "" {
				return fmt.Errorf("aff line %d: %s with an empty pattern", m, kw)
			}
			if kw == "ICONV" {
				o.iconv = append(o.iconv, p)
			} else {
				o.oconv = append(o.oconv, p)
			}
		}
	}
	return nil
}

// flagsField decodes a flag field of the .dic or of an affix continuation
// class, resolving AF aliases.
func (o *options) flagsField(s string) (flagSet, error) {
	if len(o.aliases) > 0 {
		i, err := strconv.Atoi(s)
		if err != nil || i < 1 || i > len(o.aliases) {
			return nil, fmt.Errorf("flag alias %q: want 1..%d", s, len(o.aliases))
		}
		return o.aliases[i-1], nil
	}
	return decodeFlags(s, o.flagMode)
}

// parseAffixBlock reads a PFX or SFX header and its entries.
func (o *options) parseAffixBlock(lr *lineReader, kw string, f []string, n int, pfx, sfx *affixTable) error {
	if len(f) < 4 {
		return fmt.Errorf("aff line %d: %s header wants a flag, Y or N and a count", n, kw)
	}
	fl, err := decodeFlag(f[1], o.flagMode)
	if err != nil {
		return fmt.Errorf("aff line %d: %s: %w", n, kw, err)
	}
	cross := f[2] == "Y"
	count, err := strconv.Atoi(f[3])
	if err != nil || count < 0 {
		return fmt.Errorf("aff line %d: %s %s: count %q is not a number", n, kw, f[1], f[3])
	}
	table := pfx
	if kw == "SFX" {
		table = sfx
	}
	for i := range count {
		e, m, err := lr.nextFields()
		if err != nil {
			return err
		}
		if e == nil {
			return fmt.Errorf("aff line %d: %s %s: expected %d entries, file ends after %d", n, kw, f[1], count, i)
		}
		if len(e) < 4 || e[0] != kw || e[1] != f[1] {
			return fmt.Errorf("aff line %d: %s %s: entry %d of %d is corrupt: %q", m, kw, f[1], i+1, count, strings.Join(e, " "))
		}
		a := &affix{flag: fl, suffix: kw == "SFX", cross: cross}
		if e[2] != "0" {
			a.strip = e[2]
		}
		appnd, cont, hasCont := strings.Cut(e[3], "/")
		if hasCont {
			if a.cont, err = o.flagsField(cont); err != nil {
				return fmt.Errorf("aff line %d: %s %s: continuation class: %w", m, kw, f[1], err)
			}
			for _, c := range a.cont {
				o.contClasses[c] = true
			}
		}
		if appnd != "0" {
			a.appnd = appnd
		}
		if len(o.ignore) > 0 {
			a.appnd = removeRunes(a.appnd, o.ignore)
			a.strip = removeRunes(a.strip, o.ignore)
		}
		if len(e) > 4 {
			if a.cond, err = parseCondition(e[4]); err != nil {
				return fmt.Errorf("aff line %d: %s %s: %w", m, kw, f[1], err)
			}
		}
		table.add(a)
	}
	return nil
}

// removeRunes deletes every rune of drop from s.
func removeRunes(s string, drop []rune) string {
	if !strings.ContainsAny(s, string(drop)) {
		return s
	}
	return strings.Map(func(r rune) rune {
		for _, d := range drop {
			if r == d {
				return -1
			}
		}
		return r
	}, s)
}
