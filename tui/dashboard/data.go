// Package dashboard is the corpus at a glance: documents by status,
// the open suggestions left and the documents with the most, entities by
// label, tags, and the activity of the change log (actions and
// corrections per day and per reviewer, the latest changes), drawn as bars
// and sparklines. Load gathers it from the store inside a tea.Cmd; Model
// is the overlay that shows it.
package dashboard

import (
	"encoding/json"
	"sort"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// Days is how many days of activity the dashboard shows.
const Days = 14

// Source is what Load reads: the store, or anything serving it.
type Source interface {
	// Select returns the numbers of the documents q selects; Window the
	// records at places [from, from+n) of sel.
	Select(q *query.Query, fill func(*annot.Doc)) (*roaring.Bitmap, error)
	Window(sel *roaring.Bitmap, from, n int) ([]annot.Doc, error)
	Entities() ([]store.Entity, error)
	// Recent calls fn with each log entry, newest first, until fn
	// returns false.
	Recent(fn func(store.Action) bool) error
}

// Scope is the documents the dashboard covers.
type Scope struct {
	// Name says what they are: "the corpus", or the list's filter.
	Name string
	// Sel are the documents by number (the list's selection), nil for
	// the whole corpus.
	Sel *roaring.Bitmap
	// Suggestions are the open suggestions counted per document (by the
	// list's background count), and Counted whether that count is done.
	Suggestions map[string]int
	Counted     bool
}

// DocCount is a document with a count.
type DocCount struct {
	ID, Title string
	N         int
}

// LabelRow is one label: its mentions and canonical entities, the most
// mentioned first.
type LabelRow struct {
	Label    string
	Mentions int
	Entities []store.Entity
}

// Reviewer is one author's actions and corrections per day.
type Reviewer struct {
	Name        string
	Actions     int
	Corrections [Days]int
}

// Data is what the dashboard shows.
type Data struct {
	Scope      Scope
	Stats      store.Stats
	Suggested  int        // open suggestions in the scope
	SuggDocs   int        // documents with any
	Top        []DocCount // the documents with the most open suggestions
	Labels     []LabelRow
	Tags       []DocCount // ID is the tag; N its documents
	First      time.Time  // the first day of the activity rows
	Actions    [Days]int  // per day
	Fixes      [Days]int  // corrections made per day
	Done       [Days]int  // documents marked done per day
	Reviewers  []Reviewer
	Recent     []store.Action // the latest actions, newest first
	LogScanned int            // log entries read
	// ActivityErr says why the change log could not be read ("" when it
	// was): the activity and latest changes are then empty.
	ActivityErr string
}

// topN is how many documents, entities and changes each list shows.
const topN = 8

// chunk is how many records Load reads at a time.
const chunk = 1024

// keepTop adds c to top (the most first, the first of equals first) and
// keeps topN.
func keepTop(top []DocCount, c DocCount) []DocCount {
	i := sort.Search(len(top), func(i int) bool { return top[i].N < c.N })
	if i >= topN {
		return top
	}
	top = append(top, DocCount{})
	copy(top[i+1:], top[i:])
	top[i] = c
	return top[:min(len(top), topN)]
}

// Load gathers the dashboard of scope from src, with the activity of the
// Days days up to now.
func Load(src Source, scope Scope, now time.Time) (Data, error) {
	d := Data{Scope: scope, Stats: store.NewStats()}
	sel := scope.Sel
	if sel == nil {
		var err error
		if sel, err = src.Select(query.MustParse(""), nil); err != nil {
			return d, err
		}
	}
	// the records a chunk at a time: memory stays flat, whatever the
	// size of the scope; the documents with the most suggestions are
	// kept as they come (the first of equals first)
	total := int(sel.GetCardinality())
	for from := 0; from < total; from += chunk {
		docs, err := src.Window(sel, from, chunk)
		if err != nil {
			return d, err
		}
		if len(docs) == 0 {
			break
		}
		for i := range docs {
			doc := &docs[i] // records are large: no copy per document
			d.Stats.Add(*doc)
			n := doc.Counts.Suggestions // as the store keeps them
			if c, ok := scope.Suggestions[doc.ID]; ok {
				n = c
			}
			if n > 0 {
				d.Suggested += n
				d.SuggDocs++
				d.Top = keepTop(d.Top, DocCount{ID: doc.ID, Title: doc.Title, N: n})
			}
		}
	}
	for t, n := range d.Stats.Tags {
		d.Tags = append(d.Tags, DocCount{ID: t, N: n})
	}
	sort.Slice(d.Tags, func(i, j int) bool {
		if d.Tags[i].N != d.Tags[j].N {
			return d.Tags[i].N > d.Tags[j].N
		}
		return d.Tags[i].ID < d.Tags[j].ID
	})

	ents, err := src.Entities()
	if err != nil {
		return d, err
	}
	byLabel := map[string]*LabelRow{}
	for l, n := range d.Stats.Labels {
		byLabel[l] = &LabelRow{Label: l, Mentions: n}
	}
	for _, e := range ents {
		r := byLabel[e.Label]
		if r == nil {
			r = &LabelRow{Label: e.Label}
			byLabel[e.Label] = r
		}
		r.Entities = append(r.Entities, e)
	}
	for _, r := range byLabel {
		sort.SliceStable(r.Entities, func(i, j int) bool { return r.Entities[i].Mentions > r.Entities[j].Mentions })
		d.Labels = append(d.Labels, *r)
	}
	sort.Slice(d.Labels, func(i, j int) bool {
		if d.Labels[i].Mentions != d.Labels[j].Mentions {
			return d.Labels[i].Mentions > d.Labels[j].Mentions
		}
		return d.Labels[i].Label < d.Labels[j].Label
	})

	// the log may be closed to this reviewer (over TCP only the editor
	// reads it): the rest of the dashboard stands without it
	if err := d.activity(src, now); err != nil {
		d.ActivityErr = err.Error()
	}
	return d, nil
}

// activity reads the log back to the first day shown.
func (d *Data) activity(src Source, now time.Time) error {
	y, m, day := now.Date()
	d.First = time.Date(y, m, day, 0, 0, 0, 0, now.Location()).AddDate(0, 0, -(Days - 1))
	who := map[string]*Reviewer{}
	err := src.Recent(func(a store.Action) bool {
		d.LogScanned++
		if len(d.Recent) < topN {
			d.Recent = append(d.Recent, a)
		}
		t := a.Time.In(now.Location())
		if t.Before(d.First) {
			return len(d.Recent) < topN
		}
		i := dayIndex(d.First, t)
		if i < 0 || i >= Days {
			return true // a clock ahead of now
		}
		d.Actions[i]++
		r := who[a.Author]
		if r == nil {
			r = &Reviewer{Name: a.Author}
			who[a.Author] = r
		}
		r.Actions++
		if a.Kind == "edit" {
			n, done := tally(a)
			d.Fixes[i] += n
			d.Done[i] += done
			r.Corrections[i] += n
		}
		return true
	})
	for _, r := range who {
		d.Reviewers = append(d.Reviewers, *r)
	}
	sort.Slice(d.Reviewers, func(i, j int) bool {
		if d.Reviewers[i].Actions != d.Reviewers[j].Actions {
			return d.Reviewers[i].Actions > d.Reviewers[j].Actions
		}
		return d.Reviewers[i].Name < d.Reviewers[j].Name
	})
	return err
}

// dayIndex is the day of t counted from first (a midnight).
func dayIndex(first, t time.Time) int {
	y, m, dd := t.Date()
	mid := time.Date(y, m, dd, 0, 0, 0, 0, first.Location())
	return int(mid.Sub(first).Hours()+12) / 24
}

// tally counts the corrections an action made (not those it deleted)
// and the documents it marked done.
func tally(a store.Action) (fixes, done int) {
	for _, c := range a.Changes {
		if c.Bucket != "ann" || len(c.After) == 0 {
			continue
		}
		var x struct {
			Kind  annot.Kind `json:"kind"`
			Label string     `json:"label"`
		}
		if json.Unmarshal(c.After, &x) != nil {
			continue
		}
		switch {
		case x.Kind == annot.KindCorrection:
			fixes++
		case x.Kind == annot.KindStatus && x.Label == string(annot.StatusDone):
			done++
		}
	}
	return fixes, done
}
