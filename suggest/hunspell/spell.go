package hunspell

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of Spell, as in hunspell 1.7.
const (
	maxWordBytes = 300 // MAXWORDUTF8LEN: longer words are misspelled
	maxSharps    = 5   // ss positions tried as ß
	maxBreaks    = 10  // break points beyond which a word is refused
	maxBreakNest = 20  // nesting of break-point recursion
)

// Work units of one Spell call. The budget bounds the compound search, the
// recursion at BREAK points and the affix entries examined, which can
// explode on crafted dictionaries and words; past it the word is refused,
// as hunspell refuses a word whose compound analysis exceeds its time limit.
// The costliest de_DE word seen in the tests (94 letters) spends about 2 %.
const (
	workBudget = 1 << 20
	costEntry  = 1  // one affix entry examined
	costSplit  = 8  // one split position of the compound search
	costCheck  = 16 // one checkword
	costSpell  = 32 // one (recursive) spell
)

// work is the state of one Spell call: the units it has spent and the words
// being checked further up the break-point recursion.
type work struct {
	spent int
	stack [maxBreakNest]string // the words of the recursion, stack[:depth]
	depth int
	memo  *checkMemo // checkword's outcomes shared by the calls of SpellEither, or nil
	parts *Memo      // the analyses of compounds' parts kept by the caller, or nil
}

// checkMemo keeps checkword's outcomes for the words one SpellEither call
// checks: a handful, searched in order.
type checkMemo struct {
	done []checkDone
}

// checkDone is one checkword outcome: the word and the info bits it was
// checked with, its result and the info bits it set.
type checkDone struct {
	w       string
	info    int
	rv      int32
	splits  []int
	infoSet int
}

// spend charges n units and reports whether the budget still holds.
func (wk *work) spend(n int) bool {
	wk.spent += n
	return wk.spent <= workBudget
}

// exhausted reports whether the budget is spent.
func (wk *work) exhausted() bool { return wk.spent > workBudget }

// info bits shared by the checks of one word (hunspell's SPELL_* flags).
const (
	infoForbidden = 1 << iota
	infoInitCap
)

// checked is the outcome of one word check: whether it passed, and if it
// passed as a compound, the string analysed and the split offsets in it.
type checked struct {
	ok       bool
	word     string
	splits   []int
	stemKeep bool // the stem has KEEPCASE
}

// Spell reports whether word is correct as `hunspell -d` judges it with this
// dictionary: stems with affixes, compounds, and the capitalisation
// variants of a word at the start of a sentence or in capitals. Like
// hunspell, it accepts numbers ("1.000,50") and a string that is empty
// after removing leading spaces and trailing dots.
func (d *Dict) Spell(word string) bool {
	return d.spell(word, &work{}).ok
}

// SpellWith is Spell, keeping in m what the next calls with m may use
// again (see Memo).
func (d *Dict) SpellWith(word string, m *Memo) bool {
	return d.spell(word, &work{parts: m}).ok
}

// SpellEither reports whether Spell accepts a or b, checking each word
// form the two have in common once: Spell of a capitalised word also
// checks it in small letters, so `haus` and `Haus` share a check. Each
// keeps its own work budget.
func (d *Dict) SpellEither(a, b string) bool {
	return d.SpellEitherWith(a, b, nil)
}

// SpellEitherWith is SpellEither, keeping in m what the next calls with m
// may use again (see Memo).
func (d *Dict) SpellEitherWith(a, b string, m *Memo) bool {
	memo := &checkMemo{}
	return d.spell(a, &work{memo: memo, parts: m}).ok || d.spell(b, &work{memo: memo, parts: m}).ok
}

// Compound returns the parts of word when Spell accepts it only as a
// compound (for de_DE "Jahrestreffen" -> ["Jahres", "treffen"]), else nil.
// The parts are cut from word as written, without leading spaces and
// trailing dots ("JAHRESTREFFEN" -> ["JAHRES", "TREFFEN"]); when IGNORE or
// ICONV changed its characters, they are cut from the changed word. Words
// accepted only through BREAK points (hyphens) are not compounds in this
// sense and give nil.
func (d *Dict) Compound(word string) []string {
	r := d.spell(word, &work{})
	if !r.ok || r.splits == nil {
		return nil
	}
	base, _ := trimWord(word)
	src := r.word
	offs := r.splits
	if utf8.RuneCountInString(base) == utf8.RuneCountInString(r.word) {
		// Same characters up to case: cut the word as written.
		offs = make([]int, len(r.splits))
		for k, off := range r.splits {
			offs[k] = runeOffset(base, utf8.RuneCountInString(r.word[:off]))
		}
		src = base
	}
	parts := make([]string, 0, len(offs)+1)
	prev := 0
	for _, off := range offs {
		parts = append(parts, src[prev:off])
		prev = off
	}
	return append(parts, src[prev:])
}

// runeOffset returns the byte offset of the n-th character of s.
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// trimWord removes leading spaces and trailing dots (hunspell's cleanword2)
// and returns the number of dots removed.
func trimWord(w string) (string, int) {
	w = strings.TrimLeft(w, " ")
	t := strings.TrimRight(w, ".")
	return t, len(w) - len(t)
}

// spell is hunspell's spell with its recursion guard.
func (d *Dict) spell(word string, wk *work) checked {
	if wk.depth >= maxBreakNest || slices.Contains(wk.stack[:wk.depth], word) || !wk.spend(costSpell) {
		return checked{}
	}
	if len(word) >= maxWordBytes || !utf8.ValidString(word) {
		return checked{}
	}
	wk.stack[wk.depth] = word
	wk.depth++
	defer func() { wk.depth-- }()
	o := d.opt
	if len(o.iconv) > 0 {
		word = convert(word, o.iconv)
	}
	w, abbv := trimWord(word)
	if w == "" || isNumber(w) {
		return checked{ok: true}
	}
	info := 0
	var res checked
	try := func(s string, extra int) bool {
		info |= extra
		rv, splits := d.checkword(s, &info, wk)
		info &^= extra
		if rv < 0 {
			return false
		}
		res = checked{ok: true, word: d.ignored(s), splits: splits, stemKeep: d.has(rv, o.keepCase)}
		return true
	}
	ct := capType(w)
	scw := w
	switch ct {
	case capNone, capHuh, capHuhInit:
		if try(w, 0) || (abbv > 0 && try(w+".", 0)) {
			return res
		}
	case capAll, capInit:
		if ct == capAll {
			if try(w, 0) || (abbv > 0 && try(w+".", 0)) {
				return res
			}
			if o.checkSharps && strings.Contains(w, "SS") {
				low := lowerAll(w)
				if d.spellSharps(low, 0, 0, 0, &info, &res, wk) || d.spellSharps(initCap(low), 0, 0, 0, &info, &res, wk) {
					return res
				}
				if abbv > 0 && (d.spellSharps(low+".", 0, 0, 0, &info, &res, wk) || d.spellSharps(initCap(low)+".", 0, 0, 0, &info, &res, wk)) {
					return res
				}
			}
			scw = initCap(lowerAll(w))
		}
		initBit := 0
		if ct == capInit {
			initBit = infoInitCap
		}
		ok := try(scw, initBit)
		if info&infoForbidden != 0 {
			return checked{}
		}
		if ok && res.stemKeep && ct == capAll {
			ok = false
		}
		if ok {
			return res
		}
		low := lowerAll(scw)
		scw = initCap(low)
		ok = try(low, 0)
		if abbv > 0 && !ok {
			ok = try(low+".", 0)
			if !ok {
				ok = try(scw+".", initBit)
				if ok && res.stemKeep && ct == capAll {
					ok = false
				}
				if ok {
					return res
				}
				break
			}
		}
		if ok && res.stemKeep && (ct == capAll || !(o.checkSharps && strings.Contains(low, "ß"))) {
			ok = false
		}
		if ok {
			return res
		}
	}
	if info&infoForbidden != 0 || len(o.breaks) == 0 {
		return checked{}
	}
	if d.spellBreaks(scw, wk) {
		return checked{ok: true}
	}
	return checked{}
}

// spellBreaks accepts a word whose pieces between BREAK patterns are
// correct, in hunspell's order: boundary patterns (^x, x$), then the second
// and the first occurrence of each pattern.
func (d *Dict) spellBreaks(scw string, wk *work) bool {
	wl := len(scw)
	nbr := 0
	for _, p := range d.opt.breaks {
		if p != "" {
			nbr += strings.Count(scw, p)
		}
	}
	if nbr >= maxBreaks {
		return false
	}
	for _, p := range d.opt.breaks {
		plen := len(p)
		if plen <= 1 || plen > wl {
			continue
		}
		if p[0] == '^' && strings.HasPrefix(scw, p[1:]) && d.spell(scw[plen-1:], wk).ok {
			return true
		}
		if p[plen-1] == '$' && strings.HasSuffix(scw, p[:plen-1]) && d.spell(scw[:wl-plen+1], wk).ok {
			return true
		}
	}
	for second := range 2 {
		for _, p := range d.opt.breaks {
			plen := len(p)
			if plen == 0 {
				continue
			}
			found := strings.Index(scw, p)
			if found <= 0 || found >= wl-plen {
				continue
			}
			if second == 0 {
				if f2 := strings.Index(scw[found+1:], p); f2 >= 0 && found+1+f2 < wl-plen {
					found += 1 + f2
				}
			}
			if !d.spell(scw[found+plen:], wk).ok {
				continue
			}
			if d.spell(scw[:found], wk).ok {
				return true
			}
		}
	}
	return false
}

// spellSharps tries the ss of base as ß (CHECKSHARPS), as hunspell's
// spellsharps: a variant is checked only if it has at least one ß.
func (d *Dict) spellSharps(base string, pos, n, repnum int, info *int, res *checked, wk *work) bool {
	idx := strings.Index(base[pos:], "ss")
	if idx >= 0 && n < maxSharps {
		p := pos + idx
		if d.spellSharps(base[:p]+"ß"+base[p+2:], p+2, n+1, repnum+1, info, res, wk) {
			return true
		}
		return d.spellSharps(base, p+2, n+1, repnum, info, res, wk)
	}
	if repnum > 0 {
		rv, splits := d.checkword(base, info, wk)
		if rv >= 0 {
			*res = checked{ok: true, word: d.ignored(base), splits: splits, stemKeep: d.has(rv, d.opt.keepCase)}
			return true
		}
	}
	return false
}

// isNumber accepts digits with single separators (",", ".", "-") between
// them, as hunspell does.
func isNumber(w string) bool {
	const (
		begin = iota
		num
		sep
	)
	state := begin
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			state = num
		case c == ',' || c == '.' || c == '-':
			if state == sep || i == 0 {
				return false
			}
			state = sep
		default:
			return false
		}
	}
	return state == num
}

// convert applies ICONV or OCONV pairs: at each position the longest
// matching pattern is replaced.
func convert(w string, pairs []convPair) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(w); {
		best := -1
		for k, p := range pairs {
			if strings.HasPrefix(w[i:], p.from) && (best < 0 || len(p.from) > len(pairs[best].from)) {
				best = k
			}
		}
		if best < 0 {
			b.WriteByte(w[i])
			i++
			continue
		}
		changed = true
		b.WriteString(pairs[best].to)
		i += len(pairs[best].from)
	}
	if !changed {
		return w
	}
	return b.String()
}

// ignored returns w without the IGNORE characters: the string that
// checkword analyses and to which compound offsets refer.
func (d *Dict) ignored(w string) string {
	if len(d.opt.ignore) == 0 {
		return w
	}
	return removeRunes(w, d.opt.ignore)
}

// checkword is hunspell's checkword: the word as a stem, with affixes, or as
// a compound. It returns the stem entry (-1 if the word is not correct) and,
// for a compound, the offsets of its parts after the first.
func (d *Dict) checkword(w string, info *int, wk *work) (int32, []int) {
	if wk.memo == nil {
		return d.checkwordOnce(w, info, wk)
	}
	for _, c := range wk.memo.done {
		if c.w == w && c.info == *info {
			*info |= c.infoSet
			return c.rv, c.splits
		}
	}
	before := *info
	rv, splits := d.checkwordOnce(w, info, wk)
	if !wk.exhausted() {
		// a check cut short by the budget is not an outcome
		wk.memo.done = append(wk.memo.done, checkDone{w: w, info: before, rv: rv, splits: splits, infoSet: *info &^ before})
	}
	return rv, splits
}

// checkwordOnce is checkword without the memo.
func (d *Dict) checkwordOnce(w string, info *int, wk *work) (int32, []int) {
	o := d.opt
	w = d.ignored(w)
	if w == "" || !wk.spend(costCheck) {
		return -1, nil
	}
	initCapInfo := *info&infoInitCap != 0
	he := d.lookup(w)
	if he >= 0 && d.has(he, o.forbidden) {
		*info |= infoForbidden
		return -1, nil
	}
	for he >= 0 && (d.has(he, o.needAffix) || d.has(he, o.onlyInCompound) || (initCapInfo && d.has(he, onlyUpcaseFlag))) {
		he = d.entries[he].next
	}
	if he >= 0 {
		return he, nil
	}
	he = d.affixCheck(w, 0, cpdNot, wk).stem
	if he >= 0 && (d.has(he, o.onlyInCompound) || (initCapInfo && d.has(he, onlyUpcaseFlag))) {
		he = -1
	}
	if he >= 0 {
		if d.has(he, o.forbidden) {
			*info |= infoForbidden
			return -1, nil
		}
		return he, nil
	}
	if o.compoundFlag == 0 && o.compoundBegin == 0 {
		return -1, nil
	}
	return d.compoundCheck(w, 0, wk)
}
