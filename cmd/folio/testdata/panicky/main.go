// Command panicky runs folio's interface on a store whose reading of the
// list's rows (Window) panics, as a damaged store might: the real-terminal test checks that the
// terminal is restored (cooked mode, echo, main screen, cursor shown).
package main

import (
	"fmt"
	"os"

	"github.com/RoaringBitmap/roaring/v2"

	"folio/annot"
	"folio/store"
	"folio/tui"
)

type panicky struct{ *store.Store }

func (panicky) Window(*roaring.Bitmap, int, int) ([]annot.Doc, error) { panic("a damaged page") }

func main() {
	s, err := store.Open(os.Args[1], store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	if err := tui.Run(panicky{s}, tui.Options{}); err != nil {
		fmt.Fprintln(os.Stderr, "folio:", err)
		os.Exit(1)
	}
}
