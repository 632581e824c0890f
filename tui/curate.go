package tui

import (
	"errors"
	"fmt"
	"folio/tui/overlay"
	"slices"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"folio/agree"
	"folio/annot"
	"folio/store"
)

// The curator's view (V) of a document that reviewers annotated apart
// (folio assign --overlap 2): how far they agree on it, each reviewer's
// version to accept whole (its number), and every entity and correction
// of any version, merged, those not all reviewers made marked ≠, to
// accept one at a time (enter).

// Curator is an optional interface of a Store whose documents reviewers
// annotate apart, in layers of their own.
type Curator interface {
	Layers() (map[string][]string, error)
	Layer(name string) store.API
	Curate(doc, from string, ids []string) (store.Action, error)
}

func (a *App) openVersions() tea.Cmd {
	c, ok := a.st.(Curator)
	if !ok || a.cur == nil {
		a.status.fail("no reviewers' versions here")
		return nil
	}
	doc, text := a.cur.Doc.ID, a.cur.Text
	return func() tea.Msg { return loadVersions(c, doc, text) }
}

// loadVersions builds the curator's view of doc (run in a command).
func loadVersions(c Curator, doc, text string) versionsMsg {
	all, err := c.Layers()
	if err != nil {
		return versionsMsg{doc: doc, err: err}
	}
	revs := all[doc]
	if len(revs) == 0 {
		dealt, err := c.Layer("").Assignments()
		if err != nil {
			return versionsMsg{doc: doc, err: err}
		}
		if to := dealt[doc]; len(to) > 1 {
			return versionsMsg{doc: doc, err: fmt.Errorf("no version yet: the document is dealt to %s, and none of them has annotated it", strings.Join(to, ", "))}
		}
		return versionsMsg{doc: doc, err: errors.New("no reviewer has a version of this document (folio assign --overlap 2 deals it to several)")}
	}
	curated, err := c.Layer("").Annotations(doc)
	if err != nil {
		return versionsMsg{doc: doc, err: err}
	}
	type merged struct {
		a    annot.Annotation
		from string // the first reviewer who made it
		id   string // its id in that reviewer's layer
		by   []string
		ids  []string // its id in each layer of by, as curate --ann names it
	}
	var list []*merged
	byKey := map[string]*merged{}
	ad := agree.Doc{ID: doc, Text: text}
	var items []overlay.Item
	for i, r := range revs {
		anns, err := c.Layer(r).Annotations(doc)
		if err != nil {
			return versionsMsg{doc: doc, err: err}
		}
		ents, fixes := 0, 0
		for _, x := range anns {
			switch x.Kind {
			case annot.KindEntity:
				ents++
			case annot.KindCorrection:
				fixes++
			default:
				continue
			}
			k := sameKey(x)
			if m := byKey[k]; m != nil {
				m.by = append(m.by, r)
				m.ids = append(m.ids, x.ID)
				continue
			}
			m := &merged{a: x, from: r, id: x.ID, by: []string{r}, ids: []string{x.ID}}
			byKey[k] = m
			list = append(list, m)
		}
		v := agree.VersionOf(r, anns)
		ad.Versions = append(ad.Versions, v)
		desc := fmt.Sprintf("%d entities, %d corrections", ents, fixes)
		if v.Skipped {
			desc += "; skipped (tag ignored), not compared"
		}
		it := overlay.Item{Label: "accept " + r + "'s version", Desc: desc, Value: r}
		if i < 9 {
			it.Key = strconv.Itoa(i + 1)
		}
		items = append(items, it)
	}
	inCurated := map[string]bool{}
	for _, x := range curated {
		inCurated[sameKey(x)] = true
	}
	slices.SortStableFunc(list, func(x, y *merged) int { return x.a.Start - y.a.Start })
	for _, m := range list {
		mark := "  "
		if len(m.by) < len(revs) {
			mark = "≠ " // not every reviewer made it
		}
		what := string(m.a.Label)
		if m.a.Kind == annot.KindCorrection {
			what = "→ " + quoteShort(m.a.Value, 30)
		}
		by := make([]string, len(m.by))
		for i, r := range m.by {
			by[i] = r + " " + m.ids[i]
		}
		desc := strings.Join(by, ", ")
		if inCurated[sameKey(m.a)] {
			desc += "; curated"
		}
		items = append(items, overlay.Item{
			Label: fmt.Sprintf("%s%s %s %s", mark, m.a.Kind, quoteShort(m.a.Text, 30), what),
			Desc:  desc,
			Value: m.from + "\x00" + m.id,
		})
	}
	rep := agree.Measure([]agree.Doc{ad})
	title := "Versions"
	if len(revs) > 1 {
		title = fmt.Sprintf("Versions: exact F1 %s, κ %s", score(rep.Overall.F1Exact), score(rep.Overall.Kappa))
	}
	if n, corpus, err := corpusAgreement(c, all); err == nil && n > 1 {
		title += fmt.Sprintf("; all %d documents: F1 %s, κ %s", n, score(corpus.Overall.F1Exact), score(corpus.Overall.Kappa))
	}
	return versionsMsg{doc: doc, title: title, items: items}
}

// maxAgreeDocs bounds the documents the curator's view measures the
// corpus's agreement on (folio agree measures them all).
const maxAgreeDocs = 2000

// corpusAgreement measures the agreement on every document with the
// versions of two reviewers or more (the first maxAgreeDocs of them).
func corpusAgreement(c Curator, all map[string][]string) (int, agree.Report, error) {
	ids := make([]string, 0, len(all))
	for id, revs := range all {
		if len(revs) > 1 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	ids = ids[:min(len(ids), maxAgreeDocs)]
	var docs []agree.Doc
	for _, id := range ids {
		d, err := c.Layer("").Document(id)
		if err != nil {
			return 0, agree.Report{}, err
		}
		ad := agree.Doc{ID: id, Text: d.Text}
		for _, r := range all[id] {
			anns, err := c.Layer(r).Annotations(id)
			if err != nil {
				return 0, agree.Report{}, err
			}
			ad.Versions = append(ad.Versions, agree.VersionOf(r, anns))
		}
		docs = append(docs, ad)
	}
	rep := agree.Measure(docs)
	return rep.Docs, rep, nil
}

// sameKey says what an annotation says, whoever made it and whatever its
// id.
func sameKey(a annot.Annotation) string {
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s", a.Kind, a.Start, a.End, a.Label, a.Value)
}

func score(x *float64) string {
	if x == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f", *x)
}

// versionsLoaded opens the curator's view.
func (a *App) versionsLoaded(msg versionsMsg) tea.Cmd {
	if a.cur == nil || msg.doc != a.cur.Doc.ID {
		return nil
	}
	if msg.err != nil {
		a.status.fail(errText(msg.err))
		return nil
	}
	doc := msg.doc
	a.overlay = overlay.NewPicker(a.styles, a.keys.Picker, msg.title, msg.items, func(it overlay.Item) tea.Msg {
		from, id, one := strings.Cut(it.Value, "\x00")
		if one {
			return curateMsg{doc: doc, from: from, ids: []string{id}}
		}
		return curateMsg{doc: doc, from: from}
	})
	return nil
}
