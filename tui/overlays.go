package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"

	"folio/config"
	"folio/tui/overlay"
)

// helpSections are the parts of the full help (?), generated from the
// KeyMap: every binding shows there.
func helpSections(k KeyMap, tags []config.Tag, last string) []overlay.HelpSection {
	var secs []overlay.HelpSection
	if last != "" {
		// whole, where the status line may have cut it
		secs = append(secs, overlay.HelpSection{Name: "Last message", Text: last})
	}
	secs = append(secs,
		overlay.HelpSection{Name: "Everywhere", Groups: k.Global.FullHelp()},
		overlay.HelpSection{Name: "Document list", Groups: k.List.FullHelp()},
		overlay.HelpSection{Name: "Reader", Groups: k.Reader.FullHelp()},
		overlay.HelpSection{Name: "Annotation panel", Groups: k.Panel.FullHelp()},
		overlay.HelpSection{Name: "Corpus entities (E; u and ctrl+r undo and redo here too)", Groups: k.Entity.FullHelp()},
	)
	if groups := overlay.TagHelp(k.Tag, tags); len(groups) > 0 {
		secs = append(secs, overlay.HelpSection{Name: "Tag picker (t; T removes a tag)", Groups: groups})
	}
	return append(secs,
		overlay.HelpSection{Name: "Inputs", Groups: append(k.Dialog.FullHelp(), k.Input.FullHelp()...)},
		overlay.HelpSection{Name: "Pickers (each choice's own key picks it)", Groups: k.Picker.FullHelp()},
		overlay.HelpSection{Name: "Questions", Groups: [][]key.Binding{k.Confirm.ShortHelp()}},
		overlay.HelpSection{Name: "Apply everywhere (A): the places", Groups: k.Preview.FullHelp()},
		overlay.HelpSection{Name: "This help", Groups: [][]key.Binding{k.Help.ShortHelp()}},
	)
}

// statusItems are the choices of the status picker.
func statusItems() []overlay.Item {
	return []overlay.Item{
		{Key: "t", Label: "todo", Value: "todo"},
		{Key: "d", Label: "done", Value: "done"},
		{Key: "r", Label: "rejected", Value: "rejected"},
	}
}

// describeCount says "3 places in 2 documents".
func describeCount(places, docs int) string {
	return fmt.Sprintf("%s in %s", plural(places, "place", "places"), plural(docs, "document", "documents"))
}
