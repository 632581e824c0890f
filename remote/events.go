package remote

import (
	"fmt"
	"sync"

	"folio/store"
)

// Event is a change event (store.Event).
type Event = store.Event

// hub hands each event to every subscriber. A subscriber too slow to take
// an event is sent the next ones after a gap in Seq, which tells it to
// reload everything.
type hub struct {
	mu    sync.Mutex
	owner string
	seq   uint64
	subs  map[chan Event]struct{}
}

func newHub(owner string) *hub {
	return &hub{owner: owner, subs: map[chan Event]struct{}{}}
}

func (h *hub) publish(origin, author, what string, docs []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	ev := Event{Seq: h.seq, Owner: h.owner, Origin: origin, Author: author, What: what, Docs: docs}
	for c := range h.subs {
		select {
		case c <- ev:
		default: // full: it will see the gap
		}
	}
}

// subscribe returns a channel of the events from now on, and a function
// that ends the subscription.
func (h *hub) subscribe() (<-chan Event, func()) {
	c := make(chan Event, 256)
	h.mu.Lock()
	h.subs[c] = struct{}{}
	h.mu.Unlock()
	return c, func() {
		h.mu.Lock()
		if _, ok := h.subs[c]; ok {
			delete(h.subs, c)
			close(c)
		}
		h.mu.Unlock()
	}
}

// closeAll ends every subscription.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		delete(h.subs, c)
		close(c)
	}
}

// publishing is a store whose writes publish an event.
type publishing struct {
	*store.Store
	hub    *hub
	origin string // the process the writes come from
	// stamp makes every annotation written the store's author's: a
	// client cannot write in another reviewer's name
	stamp bool
	// restricted is a reviewer's connection over the network, which may
	// not write other reviewers' layers nor deal documents
	restricted bool
}

var _ store.API = publishing{}

func (p publishing) Do(what string, ops ...store.Op) (store.Action, error) {
	if p.stamp {
		for i, op := range ops {
			if op.Put != nil {
				a := *op.Put
				a.Author = p.Author()
				ops[i].Put = &a
			}
		}
	}
	act, err := p.Store.Do(what, ops...)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), told(act, what), ActionDocs(act))
	}
	return act, err
}

// told is what the others are told an action did: nothing of what it
// says when it is all in reviewers' layers, which are kept apart.
func told(act store.Action, what string) string {
	for _, c := range act.Changes {
		if c.Bucket != "ann" || c.Layer == "" {
			return what
		}
	}
	return ""
}

func (p publishing) Assign(plan map[string][]string, what string) (store.Action, error) {
	act, err := p.Store.Assign(plan, what)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), what, ActionDocs(act))
	}
	return act, err
}

// Layer views reviewer name's layer, publishing its writes.
func (p publishing) Layer(name string) store.API {
	p.Store = p.Store.Layer(name).(*store.Store)
	return p
}

func (p publishing) Curate(doc, from string, ids []string) (store.Action, error) {
	act, err := p.Store.Curate(doc, from, ids)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), act.What, ActionDocs(act))
	}
	return act, err
}

func (p publishing) Undo() (store.Action, error) {
	act, err := p.Store.Undo()
	if err == nil {
		p.hub.publish(p.origin, p.Author(), told(act, "undo "+act.What), ActionDocs(act))
	}
	return act, err
}

func (p publishing) Redo() (store.Action, error) {
	act, err := p.Store.Redo()
	if err == nil {
		p.hub.publish(p.origin, p.Author(), told(act, "redo "+act.What), ActionDocs(act))
	}
	return act, err
}

func (p publishing) SaveEntity(e store.Entity) error {
	err := p.Store.SaveEntity(e)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), "save entity "+e.Name, nil)
	}
	return err
}

func (p publishing) RenameEntity(label, from, name string) error {
	err := p.Store.RenameEntity(label, from, name)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), "rename "+from+" to "+name, nil)
	}
	return err
}

func (p publishing) DeleteEntity(label, name string) error {
	err := p.Store.DeleteEntity(label, name)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), "delete entity "+name, nil)
	}
	return err
}

func (p publishing) ImportBatch(docs []store.ImportDoc, report func(id, msg string)) (store.ImportStats, error) {
	if p.restricted {
		for _, d := range docs {
			if d.Layers && len(d.Answers) > 0 {
				// it writes the annotators' layers and deals the
				// document to them, as Assign does
				return store.ImportStats{}, fmt.Errorf("%w: importing annotators' answers into their layers (import --layers) is the editor's, on the store's host", ErrUnauthorized)
			}
		}
	}
	st, err := p.Store.ImportBatch(docs, report)
	if err == nil {
		p.hub.publish(p.origin, p.Author(), "import", nil)
	}
	return st, err
}

// NewImporter starts an import whose chunks publish.
func (p publishing) NewImporter(report func(id, msg string)) *store.Importer {
	return store.NewImporterTo(p, report)
}
