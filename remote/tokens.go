package remote

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
)

// Tokens are the reviewers' tokens for TCP clients: a file beside the
// store (TokensPath, mode 0600) holds one JSON line per reviewer with the
// SHA-256 of their token, never the token itself.
type Tokens struct {
	path string
}

// TokensPath is where the tokens of the store at path are kept.
func TokensPath(path string) string { return path + ".tokens" }

// NewTokens uses the token file at path.
func NewTokens(path string) *Tokens { return &Tokens{path: path} }

type tokenEntry struct {
	Name    string    `json:"name"`
	SHA256  string    `json:"sha256"`
	Created time.Time `json:"created"`
}

// validName reports whether name may be a reviewer's name: a letter or
// digit, then up to 63 letters, digits and . _ @ - (what the regular
// expression ^[\pL\pN][\pL\pN._@-]{0,63}$ matches, without compiling one
// at every start of folio).
func validName(name string) bool {
	n := 0
	for _, r := range name {
		ok := unicode.IsLetter(r) || unicode.IsNumber(r) // RuneError is neither
		if n > 0 {
			ok = ok || strings.ContainsRune("._@-", r)
		}
		if !ok || n == 64 {
			return false
		}
		n++
	}
	return n > 0
}

func (t *Tokens) read() ([]tokenEntry, error) {
	f, err := os.Open(t.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	defer f.Close()
	var out []tokenEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var e tokenEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("tokens: %s line %d: %w", t.path, n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return out, nil
}

func (t *Tokens) write(es []tokenEntry) error {
	var b strings.Builder
	for _, e := range es {
		line, err := json.Marshal(e)
		if err != nil {
			return err
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := writeFileAtomic(t.path, []byte(b.String())); err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	return nil
}

// writeFileAtomic writes data to path (mode 0600) through a temporary file
// renamed over it, so that a reader never sees half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".folio-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Add makes a new token for reviewer name (replacing theirs, if any) and
// returns it: it is shown once and kept only as its hash.
func (t *Tokens) Add(name string, now time.Time) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("token: %q is not a reviewer name (letters, digits, . _ @ -; up to 64)", name)
	}
	es, err := t.read()
	if err != nil {
		return "", err
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	tok := "folio_" + base64.RawURLEncoding.EncodeToString(raw[:])
	out := es[:0]
	for _, e := range es {
		if e.Name != name {
			out = append(out, e)
		}
	}
	out = append(out, tokenEntry{Name: name, SHA256: hashToken(tok), Created: now.UTC()})
	return tok, t.write(out)
}

// Remove drops reviewer name's token.
func (t *Tokens) Remove(name string) error {
	es, err := t.read()
	if err != nil {
		return err
	}
	out := es[:0]
	for _, e := range es {
		if e.Name != name {
			out = append(out, e)
		}
	}
	if len(out) == len(es) {
		return fmt.Errorf("token: no token for %q", name)
	}
	return t.write(out)
}

// Names lists the reviewers who have a token.
func (t *Tokens) Names() ([]string, error) {
	es, err := t.read()
	var names []string
	for _, e := range es {
		names = append(names, e.Name)
	}
	return names, err
}

// Check returns the reviewer whose token tok is. The file is read on
// every check, so that a token added or removed counts at once.
func (t *Tokens) Check(tok string) (string, error) {
	if tok == "" {
		return "", errors.New("no token (folio token add NAME makes one)")
	}
	es, err := t.read()
	if err != nil {
		return "", err
	}
	h := hashToken(tok)
	for _, e := range es {
		if subtle.ConstantTimeCompare([]byte(h), []byte(e.SHA256)) == 1 {
			return e.Name, nil
		}
	}
	return "", errors.New("unknown token")
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// auth authenticates a TCP request by its bearer token.
func (t *Tokens) auth(r *http.Request) (string, error) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return t.Check(strings.TrimSpace(tok))
}
