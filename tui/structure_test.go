package tui

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"folio/tui/action"
	"folio/tui/docview"
	"folio/tui/overlay"
	"folio/tui/panel"
)

// TestEnumNames: every value of the typed enums of the TUI (focus, layout,
// key mode, action kind, view mode, entity view mode, panel row kind) has a
// name of its own, and a value out of range names itself without
// panicking.
func TestEnumNames(t *testing.T) {
	type enum struct {
		name   string
		values []fmt.Stringer
	}
	enums := []enum{
		{"pane", []fmt.Stringer{paneList, paneReader, panePanel}},
		{"layoutKind", []fmt.Stringer{layoutWide, layoutStacked, layoutTabs}},
		{"keyMode", []fmt.Stringer{modeRead, modeVisual, modeList, modePanel, modeFilter, modeInput, modeHelp, modeEntities, modeRelate, modeDashboard}},
		{"action.Kind", []fmt.Stringer{action.KindDo, action.KindUndo, action.KindRedo}},
		{"docview.Mode", []fmt.Stringer{docview.Original, docview.Corrected, docview.Diff}},
		{"overlay.EntityMode", []fmt.Stringer{overlay.EntityList, overlay.EntityFilter, overlay.EntityRename, overlay.EntityExtID, overlay.EntityConfirmMerge, overlay.EntityConfirmDelete}},
		{"panel.RowKind", []fmt.Stringer{panel.Section, panel.Sub, panel.Item, panel.Info}},
	}
	for _, e := range enums {
		seen := map[string]bool{}
		for i, v := range e.values {
			s := v.String()
			if s == "" || strings.Contains(s, "(") || seen[s] {
				t.Errorf("%s value %d is named %q (empty, a fallback or twice)", e.name, i, s)
			}
			seen[s] = true
		}
	}
	// out of range: a name, not a panic
	for _, v := range []fmt.Stringer{pane(7), layoutKind(7), keyMode(99), action.Kind(7), docview.Mode(9), docview.Mode(-1), overlay.EntityMode(99), panel.RowKind(99)} {
		if s := v.String(); !strings.Contains(s, "(") {
			t.Errorf("%T out of range is named %q", v, s)
		}
	}
}

// TestMessagesInOneFile: the message types (named …Msg) of each package of
// the TUI are declared in one file, the root's in msgs.go.
func TestMessagesInOneFile(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []string{"."}
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() && d != "testdata" {
			pkgs = append(pkgs, d)
		}
	}
	checked := 0
	for _, dir := range pkgs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		where := map[string][]string{} // file → its message types
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range af.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					if name := s.(*ast.TypeSpec).Name.Name; strings.HasSuffix(name, "Msg") {
						where[filepath.Base(f)] = append(where[filepath.Base(f)], name)
					}
				}
			}
		}
		if len(where) == 0 {
			continue
		}
		checked++
		var in []string
		for f := range where {
			in = append(in, f)
		}
		sort.Strings(in)
		if len(in) > 1 {
			t.Errorf("package %s declares messages in %d files: %v", dir, len(in), where)
		}
		if dir == "." && (len(in) != 1 || in[0] != "msgs.go") {
			t.Errorf("the root declares messages outside msgs.go: %v", where)
		}
	}
	if checked < 4 { // the root, list, overlay, scan at least
		t.Fatalf("only %d packages with messages found: the test reads the wrong folder", checked)
	}
}
