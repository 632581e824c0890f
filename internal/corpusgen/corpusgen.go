// Package corpusgen makes German-like documents for benchmarks and scale
// tests by recombining the sentences of the bundled seeds, with OCR-like
// damage in some of them. The same seed gives the same documents.
package corpusgen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"regexp"
	"strings"

	"folio/seeds"
)

// Gen generates documents.
type Gen struct {
	rng       *rand.Rand
	sentences []string
}

var sentenceEnd = regexp.MustCompile(`([.!?])\s+`)

// New reads the seeds' sentences.
func New(seed int64) (*Gen, error) {
	g := &Gen{rng: rand.New(rand.NewSource(seed))}
	err := fs.WalkDir(seeds.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(seeds.FS, path)
		if err != nil {
			return err
		}
		text := strings.Join(strings.Fields(string(b)), " ")
		for _, s := range sentenceEnd.Split(text, -1) {
			if len(s) > 20 {
				g.sentences = append(g.sentences, s+".")
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read seeds: %w", err)
	}
	return g, nil
}

// damage is a table of OCR confusions applied to a few words.
var damage = strings.NewReplacer("ü", "ii", "ö", "o", "ä", "a", "ß", "B", "m", "rn")

// Doc returns a document of about size bytes: a title line and paragraphs
// of seed sentences, lines wrapped near 90 columns.
func (g *Gen) Doc(size int) string {
	var b strings.Builder
	b.Grow(size + 200)
	b.WriteString(g.sentences[g.rng.Intn(len(g.sentences))])
	b.WriteString("\n\n")
	col := 0
	for b.Len() < size {
		s := g.sentences[g.rng.Intn(len(g.sentences))]
		if g.rng.Intn(8) == 0 {
			s = damage.Replace(s)
		}
		for _, w := range strings.Fields(s) {
			if col+len(w) > 90 {
				b.WriteByte('\n')
				col = 0
			} else if col > 0 {
				b.WriteByte(' ')
				col++
			}
			b.WriteString(w)
			col += len(w)
		}
		if g.rng.Intn(5) == 0 {
			b.WriteString("\n\n")
			col = 0
		}
	}
	return b.String()
}

// WriteJSONL writes n documents of about size bytes as folio JSONL, one
// {"id", "text"} object a line, with ids doc0000000, doc0000001, … in
// order.
func (g *Gen) WriteJSONL(w io.Writer, n, size int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range n {
		if err := enc.Encode(map[string]string{"id": fmt.Sprintf("doc%07d", i), "text": g.Doc(size)}); err != nil {
			return err
		}
	}
	return bw.Flush()
}
