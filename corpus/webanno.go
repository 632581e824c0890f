package corpus

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
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
//     units, as INCEpTION counts), each token the text at its offsets
//     (see webannoText); the white space a sentence's "#Text=" holds
//     after it is kept (folio's export writes it there); a gap the file
//     does not fill of one between sentences is a space, a longer one
//     starts with a blank line (the file does not say what stood there);
//   - the tokens and sentences, in an annot.KindTokens annotation
//     (tokensAnn), which the exports write back;
//   - span layers as entities: the label is the "value" feature, else the
//     first feature with a value, else the layer's short name ("*": an
//     annotation without value); "identifier" is the entity's canonical
//     name and external id; other features are attributes. Stacked ("|")
//     and multi-token ("[n]") spans are entities of their own;
//   - relation layers as relations between the entities of the layer they
//     attach to (BT_): the label is the "value" feature, else the first
//     with a value, else the layer's short name; other features are
//     attributes;
//   - slot (link) features of a span layer (a "ROLE_…" column of roles
//     and a column of their targets' addresses) as relations from the span
//     to each target span, labelled with the role (unnamed: the feature).
//
// Every entity and relation records where it was read, so that the
// webanno export writes it back there and INCEpTION reads it as it was:
// WebAnnoLayerAttr holds its layer as the header declares it, and
// WebAnnoLabelAttr the feature its label is the value of ("" when it has
// none: a "*" whose label is the layer's name). A relation read from a
// slot feature records its span's layer and the slot feature.
//
// Token-level linguistic layers (POS, Lemma, Stem, morphology), relations
// on them (dependencies) and chains are counted as dropped.

// The attributes that record where in WebAnno TSV an annotation was read
// (annot.WebAnnoAttr).
const (
	// WebAnnoLayerAttr is the layer, as the header declares it: its name
	// and features, "|" between them ("webanno.custom.Span|value"), a
	// relation layer's without its BT_ feature.
	WebAnnoLayerAttr = annot.WebAnnoAttr + "layer"
	// WebAnnoLabelAttr is the feature whose value is the label: "" when
	// the annotation has no value ("*"), its label being the layer's
	// short name; the slot feature ("ROLE_…") of a relation read from one.
	WebAnnoLabelAttr = annot.WebAnnoAttr + "label"
)

// webannoLayer is one layer of the header.
type webannoLayer struct {
	kind     string // "SP", "RL", "CH"
	name     string
	decl     string   // the declaration WebAnnoLayerAttr records
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
			l := &webannoLayer{kind: line[3:5], name: parts[0], features: parts[1:], col: col, decl: line[6:]}
			if n := len(parts); l.kind == "RL" && n > 1 && strings.HasPrefix(parts[n-1], "BT_") {
				l.decl = strings.Join(parts[:n-1], "|")
			}
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
	text, toRune, placed, why := webannoText(sents)
	if why != "" {
		return Doc{}, nil, why
	}
	probs = append(probs, placed...)
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
		attrs         map[string]string // where it was read
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
					var label, labelFeature, ident, sid string
					attrs := map[string]string{}
					for fi, fname := range l.features {
						_, role := l.slots[fi]
						_, target := l.slots[fi-1]
						if target {
							continue
						}
						if role { // read below, as links; its roles carry the span's id
							if k < len(cells[fi]) {
								if _, id := webannoValue(webannoSplitAt(cells[fi][k], ';')[0]); id != "" {
									sid = id
								}
							}
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
							label, labelFeature = v, fname
						case fname == "identifier":
							ident = v
						default:
							attrs[fname] = v
						}
					}
					if label == "" {
						label, labelFeature = webannoLabel(attrs, l)
					}
					attrs[WebAnnoLayerAttr], attrs[WebAnnoLabelAttr] = l.decl, labelFeature
					key := spanRef{l.name, "tok:" + tok.id + ":" + strconv.Itoa(k)}
					if sid != "" {
						key = spanRef{l.name, "id:" + sid}
					}
					sp, ok := spans[key]
					if ok {
						sp.end = max(sp.end, pos(tok.end))
					} else {
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
								if target == "_" || target == "*" || target == "" { // "*": a span without links
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
									slotLinks = append(slotLinks, link{from: sp, role: role, layer: layer, target: target, where: tok.where,
										attrs: map[string]string{WebAnnoLayerAttr: l.decl, WebAnnoLabelAttr: l.features[fi]}})
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
		set.add(lk.where, annot.Annotation{Kind: annot.KindRelation, Label: lk.role, From: lk.from.local, To: t.local, Attrs: lk.attrs}, "")
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
					attrs := map[string]string{}
					for fi, fname := range l.features[:len(l.features)-1] {
						if k < len(cells[fi]) {
							if v, _ := webannoValue(cells[fi][k]); v != "" {
								attrs[fname] = v
							}
						}
					}
					label, labelFeature := "", ""
					if v, ok := attrs["value"]; ok {
						label, labelFeature = v, "value"
						delete(attrs, "value")
					} else {
						label, labelFeature = webannoLabel(attrs, l)
					}
					attrs[WebAnnoLayerAttr], attrs[WebAnnoLabelAttr] = l.decl, labelFeature
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
					set.add(tok.where, annot.Annotation{Kind: annot.KindRelation, Label: label, From: f.local, To: t.local, Attrs: attrs}, "")
				}
			}
		}
	}
	for what, count := range dropped {
		drop(shown, what, count)
	}
	// the tokens and sentences, as the file cut the text
	var toks []annot.Span
	var starts []int
	for _, s := range sents {
		first := -1
		for _, tok := range s.tokens {
			if strings.Contains(tok.id, ".") {
				continue // a sub-token
			}
			sp := annot.Span{Start: pos(tok.begin), End: pos(tok.end)}
			toks = append(toks, sp)
			if first < 0 || sp.Start < first {
				first = sp.Start
			}
		}
		if first >= 0 && (len(starts) == 0 || first > starts[len(starts)-1]) {
			starts = append(starts, first)
		}
	}
	slices.SortFunc(toks, func(a, b annot.Span) int { return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End)) })
	if a, ok := tokensAnn(n, toks, starts, nil); ok {
		set.add(shown, a, "")
	}
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Where < probs[j].Where })
	d.Anns, d.External = set.result(), set.ext
	return d, probs, ""
}

// webannoLabel takes the label of an annotation of layer l without a
// "value" out of attrs, its features' values: the first feature with a
// value, and its name; else the layer's short name and "".
func webannoLabel(attrs map[string]string, l *webannoLayer) (label, feature string) {
	for _, fname := range l.features {
		if v, ok := attrs[fname]; ok {
			delete(attrs, fname)
			return v, fname
		}
	}
	return l.short(), ""
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

// maxWebAnnoGap bounds the white space put between two sentences, and
// within a sentence rebuilt from its tokens: a file whose offsets jump
// further is refused rather than padded.
const maxWebAnnoGap = 1 << 16

// webannoText places the sentences at their tokens' offsets and returns
// the text with a map from UTF-16 offsets to code points, the problems
// found, or why it cannot.
//
// A sentence's "#Text=" lines are its text from its first token on, as
// far as the file says: folio's export writes the white space up to the
// next sentence there too, so that it comes back as it was. The white
// space the file does not hold, between sentences and before the first,
// is a space where it is one code unit long, else a blank line and
// spaces. Every token's form is the text at its offsets: a sentence whose
// text does not hold its tokens there (a hand-made file) is rebuilt from
// them, with the white space of its text between them where it lines up
// with their offsets, else spaces; one whose offsets start before the
// end of the text so far (offsets counted per sentence) is moved, with
// its tokens, to start after a space.
func webannoText(sents []*webannoSentence) (string, []int, []Problem, string) {
	var b strings.Builder
	var toRune []int                    // UTF-16 offset → code point
	var rebuilt, moved []int            // the sentences rebuilt from their tokens, and moved
	var whereRebuilt, whereMoved string // the first one's
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
	gap := func(si, start int) string {
		switch g := start - u16; {
		case g > maxWebAnnoGap:
			return fmt.Sprintf("sentence %d starts at %d, %d code units after the one before: the offsets do not fit the text", si+1, start, g)
		case g == 1:
			put(" ")
		case g > 1:
			put("\n\n" + strings.Repeat(" ", g-2))
		}
		return ""
	}
	for si, s := range sents {
		if len(s.tokens) == 0 {
			if u16 > 0 {
				put("\n")
			}
			put(s.text)
			continue
		}
		text := utf16.Encode([]rune(s.text))
		if start, ok := webannoPlace(s, text); ok && start >= u16 {
			if why := gap(si, start); why != "" {
				return "", nil, nil, why
			}
			put(s.text)
			continue
		}
		// rebuilt from the tokens
		first, end := s.tokens[0].begin, s.tokens[0].end
		for _, t := range s.tokens {
			first, end = min(first, t.begin), max(end, t.end)
		}
		if end-first > len(text)+maxWebAnnoGap {
			return "", nil, nil, fmt.Sprintf("sentence %d spans %d code units, far more than its text: the offsets do not fit the text", si+1, end-first)
		}
		if first < u16 {
			// its offsets start again: after the text so far, and a space
			shift := u16 + min(u16, 1) - first
			for i := range s.tokens {
				s.tokens[i].begin += shift
				s.tokens[i].end += shift
			}
			moved = append(moved, si+1)
			whereMoved = cmp.Or(whereMoved, s.tokens[0].where)
			first, end = first+shift, end+shift
		} else {
			rebuilt = append(rebuilt, si+1)
			whereRebuilt = cmp.Or(whereRebuilt, s.tokens[0].where)
		}
		if why := gap(si, first); why != "" {
			return "", nil, nil, why
		}
		put(webannoRebuild(s, text, first, end))
	}
	toRune = append(toRune, runes)
	var probs []Problem
	if len(rebuilt) > 0 {
		probs = append(probs, Problem{Where: whereRebuilt, Msg: fmt.Sprintf("the text of %s does not hold its tokens at their offsets: rebuilt from the tokens", webannoSentences(rebuilt))})
	}
	if len(moved) > 0 {
		probs = append(probs, Problem{Where: whereMoved, Msg: fmt.Sprintf("the offsets of %s start again, before the end of the text before: moved after it, and rebuilt from the tokens", webannoSentences(moved))})
	}
	return b.String(), toRune, probs, ""
}

// webannoSentences names the sentences numbered ns: "sentence 2",
// "3 sentences (2, 5, 9)", "40 sentences (2, 5, 9, …)".
func webannoSentences(ns []int) string {
	if len(ns) == 1 {
		return "sentence " + strconv.Itoa(ns[0])
	}
	var some []string
	for _, n := range ns[:min(len(ns), 3)] {
		some = append(some, strconv.Itoa(n))
	}
	if len(ns) > 3 {
		some = append(some, "…")
	}
	return fmt.Sprintf("%d sentences (%s)", len(ns), strings.Join(some, ", "))
}

// webannoPlace returns where sentence s starts, its text being text in
// UTF-16 code units: where its first token starts, less the token's place
// in the text. ok is false if its text does not hold every one of its
// tokens at their offsets from there.
func webannoPlace(s *webannoSentence, text []uint16) (start int, ok bool) {
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
	for _, t := range s.tokens {
		if form := utf16.Encode([]rune(t.form)); t.begin < start || t.end-start > len(text) || !slices.Equal(text[t.begin-start:t.end-start], form) {
			return start, false
		}
	}
	return start, true
}

// webannoRebuild returns the text of sentence s from code unit first to
// end, its text being text: each token's form at its offsets, and between
// tokens the white space of text where it lines up with them (the
// tokens found in text in order, each within webannoSearch code units of
// the one before, as far apart there as their offsets say), else spaces.
func webannoRebuild(s *webannoSentence, text []uint16, first, end int) string {
	buf := make([]uint16, end-first)
	for i := range buf {
		buf[i] = ' '
	}
	toks := slices.Clone(s.tokens)
	slices.SortStableFunc(toks, func(a, b webannoToken) int { return cmp.Or(cmp.Compare(a.begin, b.begin), cmp.Compare(b.end, a.end)) })
	// where each token is in text, found in order (-1: not found)
	at, from := make([]int, len(toks)), 0
	forms := make([][]uint16, len(toks))
	for i, t := range toks {
		forms[i], at[i] = utf16.Encode([]rune(t.form)), -1
		if j := webannoIndex(text[from:min(len(text), from+webannoSearch+len(forms[i]))], forms[i]); j >= 0 && len(forms[i]) > 0 {
			at[i] = from + j
			from = at[i] + len(forms[i])
		}
	}
	for i := 1; i < len(toks); i++ {
		a, b := toks[i-1], toks[i]
		if at[i-1] < 0 || at[i] < 0 || b.begin <= a.end {
			continue
		}
		if ws := text[at[i-1]+len(forms[i-1]) : at[i]]; len(ws) == b.begin-a.end && webannoSpace(ws) {
			copy(buf[a.end-first:], ws)
		}
	}
	for i, t := range toks {
		copy(buf[t.begin-first:t.end-first], forms[i])
	}
	return string(utf16.Decode(buf))
}

// webannoSearch bounds how far webannoRebuild looks for a token in its
// sentence's text, so that a long sentence that holds none of its
// tokens costs no more than a short one a token.
const webannoSearch = 256

// webannoIndex returns the first place of sub in s, or -1.
func webannoIndex(s, sub []uint16) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// webannoSpace reports whether the UTF-16 text s is all white space.
func webannoSpace(s []uint16) bool {
	for _, r := range utf16.Decode(s) {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
