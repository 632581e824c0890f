package tui

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"

	"folio/config"
	"folio/tui/overlay"
)

// bindingsOf returns every key.Binding field of a key group, by name.
func bindingsOf(group any) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(group)
	for i := 0; i < v.NumField(); i++ {
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			out[v.Type().String()+"."+v.Type().Field(i).Name] = b
		}
	}
	return out
}

// keyModes lists, for each mode of the app, the key groups whose
// bindings are active together in it.
func keyModes(k KeyMap) map[string][]any {
	return map[string][]any{
		"list":       {k.Global, k.List},
		"reader":     {k.Global, k.Reader},
		"panel":      {k.Global, k.Panel},
		"entities":   {k.Entity, struct{ Undo, Redo key.Binding }{k.Global.Undo, k.Global.Redo}},
		"tag picker": {k.Tag},
		"input":      {k.Dialog, k.Input}, // the prompts and the list's filter
		"picker":     {k.Picker},
		"question":   {k.Confirm},
		"preview":    {k.Preview},
		"help":       {k.Help},
	}
}

// TestKeyMapNoCollisions: no two bindings active in the same mode share a
// key, and every binding has keys and a help text.
func TestKeyMapNoCollisions(t *testing.T) {
	k := DefaultKeyMap()
	// every group of the KeyMap is in some mode
	inModes := map[string]bool{}
	for _, groups := range keyModes(k) {
		for _, g := range groups {
			inModes[reflect.TypeOf(g).String()] = true
		}
	}
	kt := reflect.TypeOf(k)
	for i := 0; i < kt.NumField(); i++ {
		if name := kt.Field(i).Type.String(); !inModes[name] {
			t.Errorf("the group %s is in no mode of the collision test", name)
		}
	}
	for mode, groups := range keyModes(k) {
		owner := map[string]string{}
		for _, g := range groups {
			for name, b := range bindingsOf(g) {
				if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
					t.Errorf("%s: %s has no keys or no help", mode, name)
				}
				for _, key := range b.Keys() {
					if other, ok := owner[key]; ok {
						t.Errorf("%s: %q is bound to both %s and %s", mode, key, other, name)
					}
					owner[key] = name
				}
			}
		}
	}
}

// TestDialogKeysNotPrintable: the keys of an input never take a character
// that can be typed; those of the pickers leave the keys of the default
// labels, the status picker and the filter menu alone, and no two items
// of one picker share a key.
func TestDialogKeysNotPrintable(t *testing.T) {
	k := DefaultKeyMap()
	typing := bindingsOf(k.Dialog)
	for name, b := range bindingsOf(k.Input) {
		typing[name] = b
	}
	for name, b := range typing {
		for _, s := range b.Keys() {
			if utf8.RuneCountInString(s) == 1 {
				t.Errorf("%s binds the printable %q", name, s)
			}
		}
	}
	picker := map[string]string{}
	for name, b := range bindingsOf(k.Picker) {
		for _, s := range b.Keys() {
			picker[s] = name
		}
	}
	var labels []overlay.Item
	for _, l := range config.Default().Labels {
		labels = append(labels, overlay.Item{Key: l.Key, Label: l.Name})
	}
	for menu, items := range map[string][]overlay.Item{"status": statusItems(), "filter": filterItems(), "label": labels} {
		keys := map[string]string{}
		for _, it := range items {
			if name, ok := picker[it.Key]; ok {
				t.Errorf("the %s picker's item %s's key %q is also %s", menu, it.Label, it.Key, name)
			}
			if other, ok := keys[it.Key]; ok {
				t.Errorf("the %s picker's items %s and %s share the key %q", menu, other, it.Label, it.Key)
			}
			keys[it.Key] = it.Label
		}
	}
}

// TestHelpFromKeyMap: ? lists every binding of the key map with its help.
func TestHelpFromKeyMap(t *testing.T) {
	st := seedStore(t)
	a := newTestApp(t, st, 200, 200, nil)
	press(t, a, "?")
	o, ok := a.overlay.(*overlay.Help)
	if !ok {
		t.Fatalf("overlay %T", a.overlay)
	}
	text := strings.Join(o.View(200, 1000), "\n")
	// the inputs' editing keys are bindings of the key map like any other
	edit := map[string]bool{}
	for _, b := range bindingsOf(a.keys.Input) {
		for _, s := range b.Keys() {
			edit[s] = true
		}
	}
	for _, s := range []string{"ctrl+a", "ctrl+e", "ctrl+u", "ctrl+k", "ctrl+w", "tab", "backspace"} {
		if !edit[s] {
			t.Errorf("the input's %s is not in the KeyMap", s)
		}
	}
	if !strings.Contains(text, "delete the word before") || !strings.Contains(text, "ctrl+w") {
		t.Errorf("help lacks the inputs' editing keys:\n%s", text)
	}
	kt := reflect.ValueOf(a.keys)
	for i := 0; i < kt.NumField(); i++ {
		g := kt.Field(i).Interface()
		if _, isTag := g.(TagKeys); isTag {
			continue // shown only with a tag vocabulary (tags_test)
		}
		for name, b := range bindingsOf(g) {
			h := b.Help()
			if !strings.Contains(text, h.Key) || !strings.Contains(text, h.Desc) {
				t.Errorf("help lacks %s (%s %s)", name, h.Key, h.Desc)
			}
		}
	}
}

// TestREADMEKeysBound: every key the README's key table names is bound in
// the key map (the table may leave bindings out, never name a key the
// program does not have).
func TestREADMEKeysBound(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "## The TUI")
	j := strings.Index(readme[max(i, 0):], "\n## ")
	if i < 0 || j < 0 {
		t.Fatal("the README has no section The TUI")
	}
	bound := map[string]bool{}
	k := reflect.ValueOf(DefaultKeyMap())
	for f := 0; f < k.NumField(); f++ {
		for _, b := range bindingsOf(k.Field(f).Interface()) {
			for _, s := range b.Keys() {
				bound[s] = true
			}
		}
	}
	names := map[string]string{"space": " "}
	rows := 0
	for _, line := range strings.Split(readme[i:i+j], "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.Contains(cells[1], "`") {
			continue
		}
		rows++
		parts := strings.Split(cells[1], "`")
		for p := 1; p < len(parts); p += 2 {
			key := parts[p]
			if n, ok := names[key]; ok {
				key = n
			}
			if !bound[key] {
				t.Errorf("the README's key table names %q, which nothing binds", parts[p])
			}
		}
	}
	if rows < 15 {
		t.Fatalf("only %d rows of the key table found", rows)
	}
}
