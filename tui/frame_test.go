package tui

import (
	"reflect"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestProgramDrawsAt120 pins the frame rate Run asks of Bubble Tea: at
// its default of 60 a key's echo waited up to 16.7 ms for its frame. The
// rate is a field Bubble Tea keeps to itself; if it is renamed, this
// test says so instead of passing.
func TestProgramDrawsAt120(t *testing.T) {
	p := tea.NewProgram(nil, programOptions()...)
	f := reflect.ValueOf(p).Elem().FieldByName("fps")
	if !f.IsValid() {
		t.Fatal("tea.Program has no fps field any more: check how this Bubble Tea sets its frame rate")
	}
	if got := f.Int(); got != 120 || frameRate != 120 {
		t.Errorf("frame rate %d (frameRate %d), want 120, Bubble Tea's most", got, frameRate)
	}
}
