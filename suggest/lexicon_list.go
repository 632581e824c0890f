package suggest

import (
	"fmt"
	"io"
	"strings"
)

// LoadWordList adds the words of a list such as Debian's wngerman
// (/usr/share/dict/ngerman): one word a line; blank lines and lines starting
// with # are ignored. Listed words are trusted as correct but carry no
// frequency. The list is read whole and its keys share one string, so a
// 4.7 MB list loads in a few tens of milliseconds.
func (l *Lexicon) LoadWordList(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("reading word list: %w", err)
	}
	s := string(data)
	lines := strings.Count(s, "\n") + 1
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ids) == 0 { // size the tables once rather than growing them
		l.ids = make(map[string]uint32, lines)
		l.keys = make([]string, 0, lines)
		l.ents = make([]lexEntry, 0, lines)
	}
	for line := range strings.Lines(s) {
		w := strings.TrimSpace(line)
		if w == "" || w[0] == '#' {
			continue
		}
		id := l.upsert(lexFold(w), false)
		if l.ents[id].flags&lexListed == 0 {
			l.listed++
		}
		l.ents[id].flags |= lexListed
	}
	l.gen++
	return nil
}
