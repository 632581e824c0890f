package corpus

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"folio/annot"
)

// WebAnno / INCEpTION TSV 3 (.tsv starting "#FORMAT=WebAnno TSV 3"): the
// header declares the layers (#T_SP span layers, #T_RL relation layers,
// #T_CH chains), each feature one column after "ID<tab>begin-end<tab>token";
// sentences are "#Text=" lines and their tokens. What folio keeps:
//
//   - the text: the sentences placed at their tokens' offsets (UTF-16 code
//     units, as INCEpTION counts); a gap of one between sentences is a
//     space, a longer one starts with a blank line (the file does not say
//     what stood there);
//   - span layers as entities: the label is the "value" feature, else the
//     first feature with a value, else the layer's short name ("*": an
//     annotation without value); "identifier" is the entity's canonical
//     name and external id; other features are attributes. Stacked ("|")
//     and multi-token ("[n]") spans are entities of their own;
//   - relation layers as relations between the entities of the layer they
//     attach to (BT_): the label is the "value" feature, else the first
//     with a value, else the layer's short name;
//   - slot (link) features of a span layer (a "ROLE_…" column of roles
//     and a column of their targets' addresses) as relations from the span
//     to each target span, labelled with the role (unnamed: the feature).
//
// Token-level linguistic layers (POS, Lemma, Stem, morphology), relations
// on them (dependencies) and chains are counted as dropped.

// webannoLayer is one layer of the header.
type webannoLayer struct {
	kind     string // "SP", "RL", "CH"
	name     string
	features []string // columns, BT_ included
	col      int      // first column (0 = the first after the token)
	skip     bool     // a layer folio does not keep
	// slots are the slot (link) features: the column of the roles → the
	// layer their targets are in, whose addresses the next column holds
	slots map[int]string
}

// short is the layer's name without its package: "NamedEntity".
func (l *webannoLayer) short() string {
	return l.name[strings.LastIndexByte(l.name, '.')+1:]
}

// webannoToken is a token or sub-token line.
type webannoToken struct {
	id         string // "1-3" or "1-3.1"
	form       string
	begin, end int // UTF-16 code units
	cells      []string
	where      string
}

// webannoSentence is one sentence: its text and tokens.
type webannoSentence struct {
	text   string
	tokens []webannoToken
}

// readWebAnno reads a WebAnno TSV 3 file as one document.
func (r *reader) readWebAnno(it item) error {
	raw, why := r.slurp(it.name)
	if why != "" {
		r.skip(it.shown, why)
		return nil
	}
	d, probs, why := decodeWebAnno(string(raw), it.id, it.shown)
	if why != "" {
		r.skip(it.shown, why)
		return nil
	}
	return r.emit(it.shown, d, probs)
}

// decodeWebAnno turns a TSV 3 file into a document. It returns why the
// file is skipped, or "".
func decodeWebAnno(raw, id, shown string) (Doc, []Problem, string) {
	raw = strings.TrimPrefix(raw, bom)
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
	}
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "#FORMAT=WebAnno TSV 3") {
		if strings.Contains(raw, "#text=") || strings.HasPrefix(strings.TrimSpace(raw), "# ") {
			return Doc{}, nil, "WebAnno TSV 2 is not read: export TSV 3 from WebAnno or INCEpTION"
		}
		return Doc{}, nil, `not WebAnno TSV 3 (the first line is not "#FORMAT=WebAnno TSV 3.x")`
	}
	var probs []Problem
	drop := func(where, what string, n int) {
		probs = append(probs, Problem{Where: where, Msg: what + " not kept", Skipped: true, Part: true, Dropped: what, N: n})
	}
	var layers []*webannoLayer
	var sents []*webannoSentence
	col := 0
	for i, line := range lines[1:] {
		where := fmt.Sprintf("%s:%d", shown, i+2)
		switch {
		case strings.HasPrefix(line, "#T_SP=") || strings.HasPrefix(line, "#T_RL=") || strings.HasPrefix(line, "#T_CH="):
			parts := strings.Split(line[6:], "|")
			l := &webannoLayer{kind: line[3:5], name: parts[0], features: parts[1:], col: col}
			if l.kind == "CH" {
				l.features = []string{"referenceType", "referenceRelation"}
			}
			col += len(l.features)
			for fi, f := range l.features {
				if strings.HasPrefix(f, "ROLE_") && fi+1 < len(l.features) {
					if l.slots == nil {
						l.slots = map[int]string{}
					}
					l.slots[fi] = l.features[fi+1]
				}
			}
			switch short := l.short(); {
			case l.kind == "CH":
				l.skip = true
			case short == "POS" || short == "Lemma" || short == "Stem" || short == "MorphologicalFeatures" || short == "Token":
				l.skip = true
			}
			layers = append(layers, l)
		case strings.HasPrefix(line, "#Text="):
			text := webannoUnescapeText(line[len("#Text="):])
			if n := len(sents); n > 0 && len(sents[n-1].tokens) == 0 {
				sents[n-1].text += "\n" + text // a sentence with a line break
			} else {
				sents = append(sents, &webannoSentence{text: text})
			}
		case strings.HasPrefix(line, "#"), strings.TrimSpace(line) == "":
		default:
			f := strings.Split(line, "\t")
			if len(f) < 3 || len(sents) == 0 {
				probs = append(probs, Problem{Where: where, Msg: "not a token line (ID, begin-end, token)", Skipped: true, Part: true})
				continue
			}
			b, e, ok := strings.Cut(f[1], "-")
			begin, err1 := strconv.Atoi(b)
			end, err2 := strconv.Atoi(e)
			if !ok || err1 != nil || err2 != nil || end < begin {
				probs = append(probs, Problem{Where: where, Msg: "offsets are not begin-end", Skipped: true, Part: true})
				continue
			}
			s := sents[len(sents)-1]
			s.tokens = append(s.tokens, webannoToken{id: f[0], form: webannoUnescape(f[2]), begin: begin, end: end, cells: f[3:], where: where})
		}
	}
	if len(sents) == 0 {
		return Doc{}, nil, "no sentences"
	}
	text, toRune, why := webannoText(sents)
	if why != "" {
		return Doc{}, nil, why
	}
	n := normalizeValid(text)
	if strings.TrimSpace(n.Text) == "" {
		return Doc{}, nil, "empty text"
	}
	for _, w := range n.Warnings {
		probs = append(probs, Problem{Where: shown, Msg: w})
	}
	d := Doc{ID: id, Title: Title(n.Text), Source: shown, Text: n.Text, Spaced: true}
	set := newAnnSet(n, func(p Problem) { probs = append(probs, p) })
	// stacked spans ("*[1]|*[2]") are two entities
	set.apart = true
	pos := func(u int) int { // a UTF-16 offset as code points
		if u < 0 {
			return -1
		}
		if u >= len(toRune) {
			return toRune[len(toRune)-1] + (u - len(toRune) + 1)
		}
		return toRune[u]
	}

	// spans: layer → span id → the entity (ids are per layer); and the
	// spans without id by layer and token, for relations
	type spanRef struct{ layer, key string }
	type span struct {
		start, end int
		label      string
		attrs      map[string]string
		canonical  string
		where      string
		local      string
	}
	spans := map[spanRef]*span{}
	var order []spanRef
	// a slot feature's links: from a span to the span of the target
	// layer at an address ("1-3", or "1-3[4]" for one with an id)
	type link struct {
		from          *span
		role, layer   string
		target, where string
	}
	var slotLinks []link
	seenLink := map[string]bool{} // from, role and target: a link once
	dropped := map[string]int{}
	links := map[string]bool{} // a chain's links, as "layer chain-link"
	for _, s := range sents {
		for _, tok := range s.tokens {
			for _, l := range layers {
				if l.kind == "CH" {
					// "*->1-2": link 2 of chain 1, on each of its tokens
					for _, c := range webannoCells(tok.cells, l) {
						for _, v := range c {
							if _, link, ok := strings.Cut(v, "->"); ok && !links[l.name+" "+link] {
								links[l.name+" "+link] = true
								dropped[l.short()+" chain link"]++
							}
						}
					}
					continue
				}
				if l.kind != "SP" {
					continue
				}
				cells := webannoCells(tok.cells, l)
				if cells == nil {
					continue
				}
				if l.skip {
					dropped[l.short()+" annotation"]++
					continue
				}
				stack := 0
				for _, c := range cells {
					stack = max(stack, len(c))
				}
				for k := range stack {
					var label, ident, sid string
					attrs := map[string]string{}
					for fi, fname := range l.features {
						_, role := l.slots[fi]
						_, target := l.slots[fi-1]
						if role || target { // read below, as links
							continue
						}
						v, id := "", ""
						if k < len(cells[fi]) {
							v, id = webannoValue(cells[fi][k])
						}
						if id != "" {
							sid = id
						}
						switch {
						case v == "":
						case fname == "value" && label == "":
							label = v
						case fname == "identifier":
							ident = v
						default:
							attrs[fname] = v
						}
					}
					if label == "" {
						for _, fname := range l.features {
							if v, ok := attrs[fname]; ok {
								label = v
								delete(attrs, fname)
								break
							}
						}
					}
					if label == "" {
						label = l.short()
					}
					key := spanRef{l.name, "tok:" + tok.id + ":" + strconv.Itoa(k)}
					if sid != "" {
						key = spanRef{l.name, "id:" + sid}
					}
					sp, ok := spans[key]
					if ok {
						sp.end = max(sp.end, pos(tok.end))
					} else {
						if len(attrs) == 0 {
							attrs = nil
						}
						sp = &span{start: pos(tok.begin), end: pos(tok.end), label: label, attrs: attrs,
							canonical: ident, where: tok.where, local: fmt.Sprintf("wa:%s:%s", l.name, key.key)}
						spans[key] = sp
						order = append(order, key)
						if sid == "" { // a relation names it by its token
							spans[spanRef{l.name, "at:" + tok.id}] = sp
						}
					}
					for fi, layer := range l.slots {
						if k < len(cells[fi]) && k < len(cells[fi+1]) {
							roles, targets := webannoSplitAt(cells[fi][k], ';'), webannoSplitAt(cells[fi+1][k], ';')
							for i, target := range targets {
								if target == "_" || target == "" {
									continue
								}
								role := ""
								if i < len(roles) {
									role, _ = webannoValue(roles[i])
								}
								if role == "" { // "ROLE_x.Deal:parties_x.Link": "parties"
									_, role, _ = strings.Cut(l.features[fi], ":")
									role, _, _ = strings.Cut(role, "_")
								}
								if k := sp.local + "\x00" + role + "\x00" + target; !seenLink[k] {
									seenLink[k] = true
									slotLinks = append(slotLinks, link{from: sp, role: role, layer: layer, target: target, where: tok.where})
								}
							}
						}
					}
				}
			}
		}
	}
	for _, key := range order {
		sp := spans[key]
		a := annot.Annotation{ID: sp.local, Kind: annot.KindEntity, Start: sp.start, End: sp.end, Label: sp.label, Attrs: sp.attrs}
		if sp.canonical != "" {
			a.Canonical = sp.canonical
		}
		if set.add(sp.where, a, "") && sp.canonical != "" && strings.Contains(sp.canonical, ":") {
			set.ext = append(set.ext, External{Label: sp.label, Canonical: sp.canonical, ID: sp.canonical})
		}
	}
	// slot features' links, as relations labelled with their role
	for _, lk := range slotLinks {
		addr, id := webannoValue(lk.target)
		to := spanRef{lk.layer, "at:" + addr}
		if id != "" {
			to = spanRef{lk.layer, "id:" + id}
		}
		t := spans[to]
		if t == nil {
			probs = append(probs, Problem{Where: lk.where, Msg: fmt.Sprintf("link %s: no span at %s", lk.role, lk.target),
				Skipped: true, Part: true, Dropped: "slot link"})
			continue
		}
		set.add(lk.where, annot.Annotation{Kind: annot.KindRelation, Label: lk.role, From: lk.from.local, To: t.local}, "")
	}
	// relations
	for _, s := range sents {
		for _, tok := range s.tokens {
			for _, l := range layers {
				if l.kind != "RL" || len(l.features) == 0 {
					continue
				}
				cells := webannoCells(tok.cells, l)
				if cells == nil {
					continue
				}
				target := strings.TrimPrefix(l.features[len(l.features)-1], "BT_")
				var tl *webannoLayer
				for _, x := range layers {
					if x.name == target {
						tl = x
					}
				}
				bts := cells[len(cells)-1]
				if l.skip || tl == nil || tl.skip {
					dropped[l.short()+" relation"] += len(bts)
					continue
				}
				for k, bt := range bts {
					src, ids, _ := strings.Cut(webannoUnescape(bt), "[")
					srcID, tgtID, _ := strings.Cut(strings.TrimSuffix(ids, "]"), "_")
					label := ""
					for fi, fname := range l.features[:len(l.features)-1] {
						if k < len(cells[fi]) {
							if v, _ := webannoValue(cells[fi][k]); v != "" && (fname == "value" || label == "") {
								label = v
							}
						}
					}
					if label == "" {
						label = l.short()
					}
					from := spanRef{target, "at:" + src}
					if srcID != "" && srcID != "0" {
						from = spanRef{target, "id:" + srcID}
					}
					to := spanRef{target, "at:" + tok.id}
					if tgtID != "" && tgtID != "0" {
						to = spanRef{target, "id:" + tgtID}
					}
					f, t := spans[from], spans[to]
					if f == nil || t == nil {
						probs = append(probs, Problem{Where: tok.where, Msg: fmt.Sprintf("relation %s: no span at %s", label, bt), Skipped: true, Part: true})
						continue
					}
					set.add(tok.where, annot.Annotation{Kind: annot.KindRelation, Label: label, From: f.local, To: t.local}, "")
				}
			}
		}
	}
	for what, count := range dropped {
		drop(shown, what, count)
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Where < probs[j].Where })
	d.Anns, d.External = set.result(), set.ext
	return d, probs, ""
}

// webannoCells splits a token's cells of layer l into their stacked
// values; nil when the layer has nothing on the token.
func webannoCells(cells []string, l *webannoLayer) [][]string {
	if l.col+len(l.features) > len(cells) {
		return nil
	}
	out := make([][]string, len(l.features))
	any := false
	for i := range l.features {
		c := cells[l.col+i]
		if c == "_" || c == "" {
			continue
		}
		any = true
		out[i] = webannoSplitAt(c, '|')
	}
	if !any {
		return nil
	}
	return out
}

// webannoSplitAt splits a cell at an unescaped sep: "|" between stacked
// values, ";" between a slot feature's links.
func webannoSplitAt(c string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(c); i++ {
		switch c[i] {
		case '\\':
			i++
		case sep:
			out = append(out, c[start:i])
			start = i + 1
		}
	}
	return append(out, c[start:])
}

// webannoValue reads one stacked value: "" for "_" and "*", the span id
// of "X[3]", and the escapes undone.
func webannoValue(v string) (value, id string) {
	if i := strings.LastIndexByte(v, '['); i >= 0 && strings.HasSuffix(v, "]") && (i == 0 || v[i-1] != '\\') {
		if _, err := strconv.Atoi(v[i+1 : len(v)-1]); err == nil {
			v, id = v[:i], v[i+1:len(v)-1]
		}
	}
	if v == "_" || v == "*" {
		return "", id
	}
	return webannoUnescape(v), id
}

// webannoUnescape undoes the escapes of a TSV 3 value.
func webannoUnescape(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(v[i])
			}
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// webannoUnescapeText undoes the escapes of a "#Text=" line: \t, \n and
// \\.
func webannoUnescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return webannoTextUnescaper.Replace(s)
}

// webannoTextUnescaper undoes a "#Text=" line's escapes, built once.
var webannoTextUnescaper = strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n")

// maxWebAnnoGap bounds the white space put between two sentences: a file
// whose offsets jump further is refused rather than padded.
const maxWebAnnoGap = 1 << 16

// webannoText places the sentences at their tokens' offsets and returns
// the text with a map from UTF-16 offsets to code points, or why it
// cannot.
func webannoText(sents []*webannoSentence) (string, []int, string) {
	var b strings.Builder
	var toRune []int // UTF-16 offset → code point
	runes, u16 := 0, 0
	put := func(s string) {
		for _, r := range s {
			w := utf16.RuneLen(r)
			if w < 1 {
				w = 1
			}
			for range w {
				toRune = append(toRune, runes)
			}
			u16 += w
			runes++
			b.WriteRune(r)
		}
	}
	for si, s := range sents {
		start := u16
		if len(s.tokens) > 0 {
			// the sentence starts where its first token does, less the
			// token's place in the sentence
			first := s.tokens[0]
			for _, t := range s.tokens {
				if t.begin < first.begin {
					first = t
				}
			}
			start = first.begin
			if i := strings.Index(s.text, first.form); i > 0 && first.form != "" {
				start -= len(utf16.Encode([]rune(s.text[:i])))
			}
		}
		if gap := start - u16; gap > maxWebAnnoGap {
			return "", nil, fmt.Sprintf("sentence %d starts at %d, %d code units after the one before: the offsets do not fit the text", si+1, start, gap)
		} else if gap == 1 {
			put(" ")
		} else if gap > 1 {
			put("\n\n" + strings.Repeat(" ", gap-2))
		} else if u16 > 0 && gap == 0 && len(s.tokens) == 0 {
			put("\n")
		}
		put(s.text)
	}
	toRune = append(toRune, runes)
	return b.String(), toRune, ""
}
