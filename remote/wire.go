package remote

import (
	"errors"
	"net/http"

	"folio/annot"
	"folio/store"
)

// The paths of the API.
const (
	pathCall      = "/v1/call/"
	pathDocuments = "/v1/documents"
	pathBackup    = "/v1/backup"
	pathEvents    = "/v1/events"
	pathHello     = "/v1/hello"
)

// headerReviewer names the reviewer a client works as (honoured over the
// Unix socket only; over TCP the token names the reviewer).
const headerReviewer = "Folio-Reviewer"

// headerClient identifies the client process, so that its own changes are
// not sent back to it as events.
const headerClient = "Folio-Client"

// headerLayer, when present, asks for a view of one reviewer's layer (its
// value; empty: the curated annotations alone).
const headerLayer = "Folio-Layer"

// hello is what a server says of itself.
type hello struct {
	Path     string `json:"path"`     // the store's file as the owner opened it
	Reviewer string `json:"reviewer"` // who the server records for this client
}

// none is the argument of a method that takes none.
type none struct{}

// wireError carries an error with enough to rebuild the kinds callers test
// for (errors.Is, errors.As).
type wireError struct {
	Msg      string   `json:"error"`
	Code     string   `json:"code,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

// sentinels are the errors a client may test for with errors.Is, by code.
func sentinels() map[string]error {
	return map[string]error{
		"nodoc":        store.ErrNoDoc,
		"nochange":     store.ErrNoChange,
		"nothingundo":  store.ErrNothingToUndo,
		"nothingredo":  store.ErrNothingToRedo,
		"damaged":      store.ErrDamaged,
		"locked":       store.ErrLocked,
		"nolayout":     store.ErrNoLayout,
		"notstore":     store.ErrNotStore,
		"conflict":     store.ErrConflict,
		"unauthorized": ErrUnauthorized,
	}
}

// ErrUnauthorized is returned (wrapped) when a server refuses the client.
var ErrUnauthorized = errors.New("refused by the server")

// ErrGone is returned (wrapped) when the owner is no longer there; it is
// the store's own error, so that callers need not know a store is remote.
var ErrGone = store.ErrGone

func encodeError(err error) (int, wireError) {
	we := wireError{Msg: err.Error()}
	var re *annot.RuleError
	var de *store.DamageError
	switch {
	case errors.As(err, &re):
		we.Code = "rule"
		return http.StatusUnprocessableEntity, we
	case errors.As(err, &de):
		we.Code, we.Problems = "damage", de.Problems
		return http.StatusInternalServerError, we
	}
	for code, s := range sentinels() {
		if errors.Is(err, s) {
			we.Code = code
			break
		}
	}
	switch we.Code {
	case "unauthorized":
		return http.StatusUnauthorized, we
	case "nodoc", "nolayout":
		return http.StatusNotFound, we
	case "":
		return http.StatusInternalServerError, we
	}
	return http.StatusConflict, we
}

// decodeError rebuilds an error a server sent, with its message as it was.
func decodeError(we wireError) error {
	switch we.Code {
	case "rule":
		return &annot.RuleError{Msg: we.Msg}
	case "damage":
		return &store.DamageError{Problems: we.Problems}
	}
	return &remoteError{msg: we.Msg, kind: sentinels()[we.Code]}
}

// remoteError is an error from the server: its message, and the sentinel
// it wraps there, if any.
type remoteError struct {
	msg  string
	kind error
}

func (e *remoteError) Error() string { return e.msg }
func (e *remoteError) Unwrap() error { return e.kind }

// wireEntity is store.Entity with its counts, which the store does not
// keep in JSON.
type wireEntity struct {
	store.Entity
	Mentions int `json:"mentions"`
	Docs     int `json:"docs"`
}

// wireLayout is a layout with its XML source, which annot does not keep
// in JSON.
type wireLayout struct {
	Layout *annot.Layout `json:"layout"`
	Source []byte        `json:"source,omitempty"`
}

func toWireLayout(l *annot.Layout) wireLayout {
	if l == nil {
		return wireLayout{}
	}
	return wireLayout{Layout: l, Source: l.Source}
}

func (w wireLayout) layout() *annot.Layout {
	if w.Layout != nil {
		w.Layout.Source = w.Source
	}
	return w.Layout
}

// wireImportDoc is store.ImportDoc with its layout's source.
type wireImportDoc struct {
	store.ImportDoc
	LayoutSource []byte `json:"layout_source,omitempty"`
}

type importResult struct {
	Stats   store.ImportStats `json:"stats"`
	Reports [][2]string       `json:"reports,omitempty"` // id, message
}

// docLine is one line of a stream of documents: a document, or the error
// that ended the stream.
type docLine struct {
	Doc *store.Document `json:"doc,omitempty"`
	Err *wireError      `json:"err,omitempty"`
}
