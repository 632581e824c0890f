package tui

import (
	"context"
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"folio/tui/action"
)

// Apply everywhere (A) and label all in the corpus search the whole
// corpus in the background (see package action): the status line says
// how far the search got, and esc gives it up, as starting another one
// does. A search given up stops at its next check, and what it still
// sends is dropped: only the plan of the search asked for last is
// previewed.

// search is the corpus-wide search on its way, if any.
type search struct {
	seq    int                // the number of the last search started
	cancel context.CancelFunc // gives up the one on its way; nil for none
	word   string             // what it looks for
	prog   action.ProgressMsg // how far it got, as last reported
}

// next is the number the next search gets.
func (s *search) next() int { return s.seq + 1 }

// running reports whether a search is on its way.
func (s *search) running() bool { return s.cancel != nil }

// start gives up the search on its way, if any, for the one numbered
// next that looks for word and stops when cancel is called.
func (s *search) start(word string, cancel context.CancelFunc) {
	s.stop()
	*s = search{seq: s.next(), cancel: cancel, word: word}
}

// stop gives up the search on its way, and returns what it looked for
// ("" for no search).
func (s *search) stop() string {
	if s.cancel == nil {
		return ""
	}
	s.cancel()
	w := s.word
	*s = search{seq: s.seq}
	return w
}

// progress records how far the search on its way got, and returns the
// command that waits for what it sends next; the progress of a search
// given up is dropped (its goroutine ends on its own).
func (s *search) progress(m action.ProgressMsg) tea.Cmd {
	if !s.running() || m.Seq != s.seq {
		return nil
	}
	s.prog = m
	return m.Next
}

// wanted reports whether plan m is to be shown: a direct plan, or the
// answer of the search on its way, which it ends. The plan of a search
// given up is not.
func (s *search) wanted(m action.PlanMsg) bool {
	if m.Direct {
		return true
	}
	if !s.running() || m.Seq != s.seq {
		return false
	}
	s.stop() // done: its context is released
	return true
}

// note is the status line's note while a search is on its way.
func (s *search) note() string {
	if !s.running() {
		return ""
	}
	q, p := quoteShort(s.word, 20), s.prog
	switch {
	case p.Places > 0:
		return fmt.Sprintf("checking %s: %s/%s places", q, groupDigits(p.Checked), groupDigits(p.Places))
	case p.Docs > 0:
		return fmt.Sprintf("looking for %s: %s/%s documents", q, groupDigits(p.Searched), groupDigits(p.Docs))
	}
	return "looking for " + q + "…"
}

// giveUpKey is the help line's binding while a search is on its way:
// cancel gives it up.
func giveUpKey(cancel key.Binding) key.Binding {
	return key.NewBinding(key.WithKeys(cancel.Keys()...), key.WithHelp(cancel.Help().Key, "give up the search"))
}
