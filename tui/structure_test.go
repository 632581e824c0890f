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

// maxAppMethods bounds the root model's methods: it lays out, routes and
// runs commands; what the panes do lives in their packages and the store
// writes in tui/action. It had 92 before the writes moved out (and the
// background count into its own type).
const maxAppMethods = 66

// storeWrites are the store's writes (and a learning suggester's): the
// root asks them of its action.Actions (a.act), never of the store.
var storeWrites = map[string]bool{"Do": true, "Undo": true, "Redo": true, "RenameEntity": true,
	"SaveEntity": true, "DeleteEntity": true, "Curate": true, "Learn": true}

// TestRootSlim: the root (package tui, not its tests) has at most
// maxAppMethods methods on App, calls the store's writes only through
// a.act, builds no store.Op itself, and asks the reader through its
// methods instead of reading its layout (reader.V).
func TestRootSlim(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	methods := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && recvName(fd.Recv.List[0].Type) == "App" {
				methods++
			}
		}
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if ok && storeWrites[sel.Sel.Name] && !isField(sel.X, "act") {
					t.Errorf("%s: %s called outside a.act: the root asks tui/action for store writes", fset.Position(n.Pos()), sel.Sel.Name)
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Op" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "store" {
						t.Errorf("%s: the root builds a store.Op: that belongs in tui/action", fset.Position(n.Pos()))
					}
				}
			case *ast.SelectorExpr:
				if n.Sel.Name == "V" && isField(n.X, "reader") {
					t.Errorf("%s: the root reads reader.V: ask the reader a method", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
	t.Logf("App has %d methods (bound %d)", methods, maxAppMethods)
	if methods < 20 {
		t.Fatalf("only %d methods on App found: the test reads the wrong folder", methods)
	}
	if methods > maxAppMethods {
		t.Errorf("App has %d methods, more than %d: give the new work to a pane, tui/action or a plain function", methods, maxAppMethods)
	}
}

// recvName is the type name of a receiver (T or *T).
func recvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// isField reports whether e is x.name for some x.
func isField(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}
