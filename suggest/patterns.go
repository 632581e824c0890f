package suggest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// LoadPatterns reads a gazetteer in Prodigy's patterns JSONL, one pattern a
// line, in either form:
//
//	{"label": "ORG", "pattern": "KölnBusiness"}
//	{"label": "ORG", "pattern": [{"lower": "hannover"}, {"lower": "messe"}], "id": "Hannover Messe"}
//
// The optional "id" is the canonical name. Token attributes are lower,
// orth and text (spaCy's upper-case names work too); others, such as op or
// is_digit, are refused rather than silently ignored. Blank lines are
// skipped.
//
// A bad line does not stop the load: LoadPatterns returns the entries of
// all good lines and one error per bad line, each naming its line number
// (as `folio import` does with JSONL). A read error ends the load and is
// the last error.
func LoadPatterns(r io.Reader) ([]Entry, []error) {
	var (
		entries []Entry
		errs    []error
	)
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			e, perr := patParseLine(line)
			if perr != nil {
				errs = append(errs, fmt.Errorf("line %d: %w", n, perr))
			} else {
				entries = append(entries, e)
			}
		}
		if err == io.EOF {
			return entries, errs
		}
		if err != nil {
			return entries, append(errs, fmt.Errorf("reading patterns after line %d: %w", n-1, err))
		}
	}
}

// patLine is one line of a patterns file.
type patLine struct {
	Label   string          `json:"label"`
	Pattern json.RawMessage `json:"pattern"`
	ID      json.RawMessage `json:"id"`
}

func patParseLine(line []byte) (Entry, error) {
	var pl patLine
	if err := json.Unmarshal(line, &pl); err != nil {
		return Entry{}, fmt.Errorf("not a JSON object: %w", err)
	}
	e := Entry{Label: strings.TrimSpace(pl.Label), Source: SourcePattern}
	if e.Label == "" {
		return e, errors.New(`"label" is missing or empty`)
	}
	if len(pl.ID) > 0 && string(pl.ID) != "null" {
		if err := json.Unmarshal(pl.ID, &e.Canonical); err != nil {
			return e, fmt.Errorf(`"id" must be a string: %s`, pl.ID)
		}
	}
	p := bytes.TrimSpace(pl.Pattern)
	switch {
	case len(p) == 0 || string(p) == "null":
		return e, errors.New(`"pattern" is missing`)
	case p[0] == '"':
		if err := json.Unmarshal(p, &e.Pattern); err != nil {
			return e, fmt.Errorf(`"pattern": %w`, err)
		}
		if len(entTokens(e.Pattern, nil)) == 0 {
			return e, errors.New(`"pattern" is empty`)
		}
	case p[0] == '[':
		toks, err := patTokens(p)
		if err != nil {
			return e, err
		}
		e.Tokens = toks
		e.Pattern = entDisplay(e)
	default:
		return e, fmt.Errorf(`"pattern" must be a string or a list of tokens, not %s`, p)
	}
	return e, nil
}

// patTokens parses the token form of a pattern.
func patTokens(p []byte) ([]TokenPattern, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(p, &raw); err != nil {
		return nil, fmt.Errorf(`"pattern": %w`, err)
	}
	if len(raw) == 0 {
		return nil, errors.New(`"pattern" has no tokens`)
	}
	out := make([]TokenPattern, len(raw))
	for i, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&out[i]); err != nil {
			return nil, fmt.Errorf("token %d: %w (folio reads lower, orth and text)", i+1, err)
		}
		t := out[i]
		v := t.Orth + t.Text + t.Lower
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("token %d has no lower, orth or text", i+1)
		}
		for _, s := range []string{t.Lower, t.Orth, t.Text} {
			if s != "" && len(entTokens(s, nil)) == 0 {
				return nil, fmt.Errorf("token %d is blank", i+1)
			}
		}
	}
	return out, nil
}
