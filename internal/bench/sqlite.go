package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// The comparator: the same corpus in SQLite (what doccano and Label
// Studio store in), a table of the documents and an FTS5 index of their
// text, driven through the sqlite3 command so that SQLite stays out of
// folio's module.

// sqliteSchema is the comparator's schema: documents in import order
// (rowid), their text indexed by FTS5 with the diacritics folded.
const sqliteSchema = `PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TABLE docs(id TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(text, content='docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
`

// SQLString quotes s as an SQL string literal.
func SQLString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// BuildSQLite loads the JSONL corpus (objects with "id" and "text") into a
// new SQLite file db with the sqlite3 command sqlite3, and builds its FTS5
// index.
func BuildSQLite(sqlite3, db, corpus string) error {
	if err := os.Remove(db); err != nil && !os.IsNotExist(err) {
		return err
	}
	in, err := os.Open(corpus)
	if err != nil {
		return err
	}
	defer in.Close()
	cmd := exec.Command(sqlite3, "-batch", "-bail", db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	pipe, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", sqlite3, err)
	}
	werr := writeSQL(pipe, in)
	pipe.Close()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s %s: %w: %s", sqlite3, db, err, stderr.Bytes())
	}
	if werr != nil {
		return fmt.Errorf("load %s into %s: %w", corpus, db, werr)
	}
	return nil
}

// writeSQL writes the statements that load the JSONL corpus in.
func writeSQL(w io.Writer, in io.Reader) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(sqliteSchema)
	bw.WriteString("BEGIN;\n")
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for n := 1; sc.Scan(); n++ {
		var rec struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		fmt.Fprintf(bw, "INSERT INTO docs(id, text) VALUES(%s, %s);\n", SQLString(rec.ID), SQLString(rec.Text))
	}
	if err := sc.Err(); err != nil {
		return err
	}
	bw.WriteString("COMMIT;\nINSERT INTO fts(fts) VALUES('rebuild');\n")
	return bw.Flush()
}

// QuerySQLite runs the statements sql in db with the sqlite3 command and
// returns what they printed and how long the process took, as a user at
// a shell waits for it.
func QuerySQLite(sqlite3, db, sql string) (string, time.Duration, error) {
	cmd := exec.Command(sqlite3, "-batch", "-bail", "-readonly", db)
	cmd.Stdin = strings.NewReader(sql)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	t := time.Now()
	err := cmd.Run()
	wall := time.Since(t)
	if err != nil {
		return "", wall, fmt.Errorf("%s %s: %w: %s", sqlite3, db, err, stderr.Bytes())
	}
	return out.String(), wall, nil
}

// Median returns the median of ds (0 for none).
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
