package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"folio/annot"
	"folio/internal/safefile"
)

// Where you were: when the app quits it writes the open document, the
// reader's position and the panel's folded sections for its store into a small file of the user's cache
// folder (resume.json, by the store's absolute path and the reviewer), and
// the next start on the same store by the same reviewer opens that
// document at that position with the same sections folded: reviewers who
// share a machine each come back to their own place. The file is not part of the corpus: losing it loses
// nothing but the place.

// resumePlace is where the reader was in one store.
type resumePlace struct {
	Doc string `json:"doc"`
	Pos int    `json:"pos"` // the cursor, in stored code points
	// Folded names the panel's folded sections ("Suggestions").
	Folded []string `json:"folded,omitempty"`
}

// maxResumeBytes bounds the file read: it holds one small entry a store.
const maxResumeBytes = 1 << 20

// resumeFile is the file of places in dir ("" for the user's cache
// folder).
func resumeFile(dir string) (string, error) {
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(c, "folio")
	}
	return filepath.Join(dir, "resume.json"), nil
}

// loadPlaces reads the places of every store; a missing file has none.
func loadPlaces(file string) (map[string]resumePlace, error) {
	places := map[string]resumePlace{}
	b, err := safefile.ReadFile(file, maxResumeBytes, "the resume file")
	if errors.Is(err, fs.ErrNotExist) {
		return places, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &places); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return places, nil
}

// placeKey is the key of the place left in the store at path by
// reviewer.
func placeKey(path, reviewer string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return abs + "\x00" + reviewer, nil
}

// loadPlace returns the place last left in the store at path by
// reviewer.
func loadPlace(dir, path, reviewer string) (resumePlace, bool) {
	file, err := resumeFile(dir)
	if err != nil {
		return resumePlace{}, false
	}
	places, err := loadPlaces(file)
	if err != nil {
		return resumePlace{}, false
	}
	key, err := placeKey(path, reviewer)
	if err != nil {
		return resumePlace{}, false
	}
	p, ok := places[key]
	return p, ok && p.Doc != ""
}

// savePlace records the place left in the store at path by reviewer,
// replacing the file whole (a damaged file is started afresh).
func savePlace(dir, path, reviewer string, p resumePlace) error {
	file, err := resumeFile(dir)
	if err != nil {
		return err
	}
	key, err := placeKey(path, reviewer)
	if err != nil {
		return err
	}
	places, err := loadPlaces(file)
	if err != nil {
		places = map[string]resumePlace{}
	}
	places[key] = p
	b, err := json.Marshal(places)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return fmt.Errorf("save the place: %w", err)
	}
	tmp := file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("save the place: %w", err)
	}
	if err := os.Rename(tmp, file); err != nil {
		return fmt.Errorf("save the place: %w", err)
	}
	return nil
}

// place is where the reader is now.
func (a *App) place() (resumePlace, bool) {
	if a.cur == nil {
		return resumePlace{}, false
	}
	p := resumePlace{Doc: a.cur.Doc.ID, Folded: a.panel.Folds()}
	if a.reader.Shows(a.cur.Doc.ID) {
		p.Pos = a.reader.StoredCursor()
	}
	return p, true
}

// resume moves the list to the document last left and asks the reader to
// put the cursor where it was, once the list has loaded.
func (a *App) resume() tea.Cmd {
	p, ok := a.resumeAt, a.resumeAt.Doc != ""
	a.resumeAt = resumePlace{}
	if !ok {
		return nil
	}
	pos := max(p.Pos, 0)
	a.reader.Want(p.Doc, annot.Span{Start: pos, End: pos})
	return a.list.JumpID(p.Doc)
}
