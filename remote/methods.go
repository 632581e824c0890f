package remote

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/query"
	"folio/store"
)

// A method is one store call the server answers: POST /v1/call/NAME with
// its argument as JSON, its result as JSON. The server calls it on a store
// that publishes a change event for each write.
type method struct {
	name string
	call func(st store.API, body io.Reader) (any, error)
	// editor marks what only the editor does (on the store's host, over
	// the socket): dealing documents, curating, and reading the change
	// log, which holds every reviewer's layer
	editor bool
	// what says, for a refusal, what the method does ("curating")
	what string
}

// unary makes a method of a function of one argument (none for none).
func unary[A, R any](name string, fn func(store.API, A) (R, error)) method {
	return method{name: name, call: func(st store.API, body io.Reader) (any, error) {
		var a A
		if err := json.NewDecoder(body).Decode(&a); err != nil {
			return nil, fmt.Errorf("%s: bad request: %w", name, err)
		}
		return fn(st, a)
	}}
}

// editorOnly marks m as the editor's; what says what it does, for the
// refusal a reviewer gets.
func editorOnly(what string, m method) method {
	m.editor, m.what = true, what
	return m
}

// Arguments of the methods that take more than one.
type (
	doArgs struct {
		What string     `json:"what"`
		Ops  []store.Op `json:"ops"`
	}
	entityArgs struct {
		Label string `json:"label"`
		Name  string `json:"name"`
		From  string `json:"from,omitempty"`
	}
	historyResult struct {
		Undo string `json:"undo"`
		Redo string `json:"redo"`
	}
	assignArgs struct {
		Plan map[string][]string `json:"plan"`
		What string              `json:"what"`
	}
	curateArgs struct {
		Doc  string   `json:"doc"`
		From string   `json:"from"`
		IDs  []string `json:"ids"`
	}
	damageArgs struct {
		IDs []string `json:"ids"` // nil: every document
	}
	// a bitmap of document numbers travels as roaring's portable
	// serialization (base64 in JSON)
	selectArgs struct {
		Query string `json:"query"`
	}
	windowArgs struct {
		Sel  []byte `json:"sel"`
		From int    `json:"from"`
		N    int    `json:"n"`
	}
)

// maxWindow bounds the records one Window call returns over the wire.
const maxWindow = 10000

// selectMethod answers Select with the query's text: the server's
// records hold the counts a fill would complete.
func selectMethod(s store.API, a selectArgs) ([]byte, error) {
	q, err := query.Parse(a.Query)
	if err != nil {
		return nil, fmt.Errorf("select: %w", err)
	}
	sel, err := s.Select(q, nil)
	if err != nil {
		return nil, err
	}
	sel = sel.Clone() // the store's may be shared
	sel.RunOptimize() // import order makes long runs: a few bytes for all
	return sel.ToBytes()
}

// statsMethod answers Stats with the query's text, counted by the
// store that holds the indexes.
func statsMethod(s store.API, a selectArgs) (store.Stats, error) {
	q, err := query.Parse(a.Query)
	if err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return s.Stats(q)
}

func windowMethod(s store.API, a windowArgs) ([]annot.Doc, error) {
	sel, err := decodeSel(a.Sel)
	if err != nil {
		return nil, fmt.Errorf("window: %w", err)
	}
	return s.Window(sel, a.From, min(a.N, maxWindow))
}

// decodeSel reads a selection the other side sent: damaged bytes are an
// error, never a panic.
func decodeSel(b []byte) (sel *roaring.Bitmap, err error) {
	defer func() {
		if r := recover(); r != nil {
			sel, err = nil, fmt.Errorf("bad selection: %v", r)
		}
	}()
	sel = roaring.New()
	if err := sel.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("bad selection: %w", err)
	}
	// roaring takes some damaged forms that fail only when read
	if err := sel.Validate(); err != nil {
		return nil, fmt.Errorf("bad selection: %w", err)
	}
	return sel, nil
}

// methods is the API's table. Adding a store method is one line here and
// one in client.go.
func methods() []method {
	return []method{
		unary("Len", func(s store.API, _ none) (int, error) { return s.Len() }),
		unary("Doc", func(s store.API, id string) (annot.Doc, error) { return s.Doc(id) }),
		unary("Resolve", func(s store.API, id string) (string, error) { return s.Resolve(id) }),
		unary("Document", func(s store.API, id string) (store.Document, error) { return s.Document(id) }),
		unary("Annotations", func(s store.API, id string) ([]annot.Annotation, error) { return s.Annotations(id) }),
		unary("DocList", func(s store.API, _ none) ([]annot.Doc, error) { return s.DocList() }),
		unary("Select", selectMethod),
		unary("Window", windowMethod),
		unary("Stats", statsMethod),
		unary("Layout", func(s store.API, id string) (wireLayout, error) {
			l, err := s.Layout(id)
			return toWireLayout(l), err
		}),
		unary("FindWord", func(s store.API, w string) (map[string][]annot.Span, error) { return s.FindWord(w) }),
		unary("Fixes", func(s store.API, _ none) ([]store.Fix, error) { return s.Fixes() }),
		unary("History", func(s store.API, _ none) (historyResult, error) {
			u, r, err := s.History()
			return historyResult{u, r}, err
		}),
		editorOnly("reading the change log", unary("Log", func(s store.API, _ none) ([]store.Action, error) {
			var out []store.Action
			err := s.Log(func(a store.Action) error { out = append(out, a); return nil })
			return out, err
		})),
		editorOnly("reading the change log", unary("Recent", func(s store.API, pg recentPage) ([]store.Action, error) {
			var out []store.Action
			skip := pg.Skip
			err := s.Recent(func(a store.Action) bool {
				if skip > 0 {
					skip--
					return true
				}
				out = append(out, a)
				return len(out) < pg.Limit
			})
			return out, err
		})),
		unary("Entities", func(s store.API, _ none) ([]wireEntity, error) {
			es, err := s.Entities()
			out := make([]wireEntity, len(es))
			for i, e := range es {
				out[i] = wireEntity{Entity: e, Mentions: e.Mentions, Docs: e.Docs}
			}
			return out, err
		}),
		unary("EntityDocs", func(s store.API, a entityArgs) ([]string, error) { return s.EntityDocs(a.Label, a.Name) }),
		unary("Damage", func(s store.API, a damageArgs) ([]string, error) { return s.Damage(keepIDs(a.IDs)) }),
		unary("Assignments", func(s store.API, _ none) (map[string][]string, error) { return s.Assignments() }),
		unary("Layers", func(s store.API, _ none) (map[string][]string, error) { return s.Layers() }),
		unary("CheckPages", func(s store.API, _ none) ([]string, error) { return s.CheckPages() }),
		unary("CheckInvariants", func(s store.API, _ none) ([]string, error) { return s.CheckInvariants() }),

		unary("Do", func(s store.API, a doArgs) (store.Action, error) { return s.Do(a.What, a.Ops...) }),
		editorOnly("dealing documents (folio assign)", unary("Assign", func(s store.API, a assignArgs) (store.Action, error) { return s.Assign(a.Plan, a.What) })),
		editorOnly("curating (folio curate)", unary("Curate", func(s store.API, a curateArgs) (store.Action, error) { return s.Curate(a.Doc, a.From, a.IDs) })),
		unary("Undo", func(s store.API, _ none) (store.Action, error) { return s.Undo() }),
		unary("Redo", func(s store.API, _ none) (store.Action, error) { return s.Redo() }),
		unary("SaveEntity", func(s store.API, e store.Entity) (none, error) { return none{}, s.SaveEntity(e) }),
		unary("RenameEntity", func(s store.API, a entityArgs) (none, error) {
			return none{}, s.RenameEntity(a.Label, a.From, a.Name)
		}),
		unary("DeleteEntity", func(s store.API, a entityArgs) (none, error) {
			return none{}, s.DeleteEntity(a.Label, a.Name)
		}),
		unary("ImportBatch", func(s store.API, docs []wireImportDoc) (importResult, error) {
			in := make([]store.ImportDoc, len(docs))
			for i, d := range docs {
				in[i] = d.ImportDoc
				if in[i].Layout != nil {
					in[i].Layout.Source = d.LayoutSource
				}
			}
			var res importResult
			st, err := s.ImportBatch(in, func(id, msg string) { res.Reports = append(res.Reports, [2]string{id, msg}) })
			res.Stats = st
			return res, err
		}),
	}
}

// ActionDocs names the documents whose annotations or record an action
// changed, each once; a change of the registry alone names none.
func ActionDocs(act store.Action) []string {
	seen := map[string]bool{}
	docs := []string{}
	for _, c := range act.Changes {
		if c.Doc != "" && !seen[c.Doc] {
			seen[c.Doc] = true
			docs = append(docs, c.Doc)
		}
	}
	return docs
}

// keepIDs selects the documents ids names (all when ids is nil).
func keepIDs(ids []string) func(annot.Doc) bool {
	if ids == nil {
		return nil
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return func(d annot.Doc) bool { return set[d.ID] }
}
