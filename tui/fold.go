package tui

import (
	"strings"
	"unicode/utf8"

	"folio/query"
)

// The entity overlay's matching: names folded (fold) and matched as
// substrings, then as subsequences.

// subsequence reports whether the runes of w occur in s in order.
func subsequence(s, w string) bool {
	for _, c := range w {
		var i int
		if c < utf8.RuneSelf {
			i = strings.IndexByte(s, byte(c))
		} else {
			i = strings.IndexRune(s, c)
		}
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(max(c, 0)):]
	}
	return true
}

// foldTable maps accented Latin letters to their base letters, so that
// "jose" finds "José". (ä, ö, ü and ß are written out before, by
// query.Fold.)
var foldTable = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "å", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ñ", "n",
	"ò", "o", "ó", "o", "ô", "o", "õ", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ý", "y", "ÿ", "y",
)

// fold folds s as the query language folds free words (query.Fold: case,
// and ä, ö, ü and ß written out, so that "koeln" finds Köln), and drops
// the accents of the other Latin letters. "koln" still finds Köln, as a
// subsequence.
func fold(s string) string {
	s = query.Fold(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return foldTable.Replace(s)
		}
	}
	return s
}
