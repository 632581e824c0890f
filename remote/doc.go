// Package remote serves an open folio store to other folio processes and
// is their client, so that several commands and several reviewers work on
// one store at once.
//
// The process that opens a store for writing (the owner) serves it with
// net/http on a Unix socket beside the file (folio.db.sock, mode 0600;
// only processes of the same user are let in), and, with folio serve, on
// TCP with TLS and a per-reviewer token. Every other folio that finds the
// store held connects instead of failing. Client implements store.API, so
// that commands and the interface do not know whether their store is
// local.
//
// The API is the store's: each method is one POST /v1/call/NAME with the
// arguments as a JSON body and the result as a JSON body (methods.go holds
// the table, one line per method). Reading every document streams JSON
// lines, a backup streams the file, and GET /v1/events streams the change
// events (Server-Sent Events) that let every client reload what another
// one changed.
package remote
