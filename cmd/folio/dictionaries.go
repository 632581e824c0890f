package main

import (
	"fmt"
	"os"

	"folio/config"
	"folio/internal/workers"
	"folio/suggest"
	"folio/suggest/hunspell"
)

// The dictionaries the OS may have, found when folio.toml names none:
// Debian's hunspell-de-de, wngerman, and wamerican or wbritish for the
// English that German texts quote.
const (
	systemDictionary = "/usr/share/hunspell/de_DE"
	systemWordList   = "/usr/share/dict/ngerman"
)

// systemForeign are the foreign word lists the OS may have.
func systemForeign() []string {
	return []string{"/usr/share/dict/american-english", "/usr/share/dict/british-english"}
}

// none turns a dictionary setting off: `dictionary = "none"`,
// `lexicon = ["none"]`, `foreign = ["none"]`.
const none = "none"

// evidence is what the OCR suggester reads besides the corpus: word lists,
// a dictionary with morphology and foreign word lists, as paths.
type evidence struct {
	wordLists  []string
	dictionary string // .aff/.dic without the extension, or ""
	foreign    []string
}

// findEvidence resolves the settings of cfg and the --lexicon flags:
// what they name, else what the system has.
func findEvidence(cfg config.Config, lexicons []string) evidence {
	ev := evidence{wordLists: append(append([]string(nil), cfg.Lexicon...), lexicons...)}
	switch {
	case len(cfg.Lexicon) == 1 && cfg.Lexicon[0] == none:
		ev.wordLists = lexicons
	case len(ev.wordLists) == 0 && isFile(systemWordList):
		ev.wordLists = []string{systemWordList}
	}
	switch cfg.Dictionary {
	case none:
	case "":
		if isFile(systemDictionary+".aff") && isFile(systemDictionary+".dic") {
			ev.dictionary = systemDictionary
		}
	default:
		ev.dictionary = cfg.Dictionary
	}
	switch {
	case len(cfg.Foreign) == 1 && cfg.Foreign[0] == none:
	case len(cfg.Foreign) > 0:
		ev.foreign = cfg.Foreign
	default:
		for _, p := range systemForeign() {
			if isFile(p) {
				ev.foreign = append(ev.foreign, p)
			}
		}
	}
	return ev
}

// load reads the evidence into lex (the word lists) and ocr (the
// dictionary and the foreign words). With goroutines > 1 the dictionary and
// the foreign word lists are read while the word lists load: on two
// cores that takes the time of the largest alone.
func (ev evidence) load(lex *suggest.Lexicon, ocr *suggest.OCR, limit int64, goroutines int) error {
	var dict *hunspell.Dict
	var dictErr error
	var foreign *suggest.Lexicon
	var foreignErr error
	var err error
	workers.Run(goroutines, func() {
		for _, name := range ev.wordLists {
			if err = loadWordList(lex, name, limit); err != nil {
				return
			}
		}
	}, func() {
		if ev.dictionary != "" {
			dict, dictErr = hunspell.Open(ev.dictionary+".aff", ev.dictionary+".dic")
		}
	}, func() {
		if len(ev.foreign) > 0 {
			foreign = suggest.NewLexicon()
			for _, name := range ev.foreign {
				if foreignErr = loadWordList(foreign, name, limit); foreignErr != nil {
					return
				}
			}
		}
	})
	switch {
	case err != nil:
		return err
	case dictErr != nil:
		return fmt.Errorf("dictionary: %w", dictErr)
	case foreignErr != nil:
		return foreignErr
	}
	if dict != nil {
		ocr.SetDictionary(dict)
	}
	if foreign != nil {
		ocr.SetForeign(foreign)
	}
	return nil
}

// isFile reports whether path names a regular file.
func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
