// Package seeds carries folio's bundled corpus: five German texts about
// Cologne and its Chinese partner cities, one of them an OCR scan full of
// errors and one a clean web copy of the same press release. folio imports
// them into an empty store when it is started without a corpus.
package seeds

import "embed"

// FS holds the seed documents as NNN_hash.txt files at its root.
//
//go:embed *.txt
var FS embed.FS
