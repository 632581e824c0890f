package annot

import (
	"unicode"
	"unicode/utf8"
)

// MaxIDBytes is the longest document id folio stores, in bytes of UTF-8.
// A longer id is refused on import with the line it came from.
const MaxIDBytes = 1024

// MaxNameBytes is the longest label, tag or canonical entity name, in
// bytes of UTF-8.
const MaxNameBytes = 1024

// CheckID refuses an empty document id, one longer than MaxIDBytes and
// one that is not valid UTF-8 (a file name's bytes): replacing those
// bytes would give two names one id. Control characters are allowed (a
// file name may hold them); whoever shows an id escapes them.
func CheckID(id string) error {
	switch {
	case id == "":
		return refuse("a document needs an id")
	case len(id) > MaxIDBytes:
		return refuse("the id is %d bytes long; the longest folio stores is %d bytes", len(id), MaxIDBytes)
	case !utf8.ValidString(id):
		return refuse("the id %s is not valid UTF-8, which an id must be (a file's id is its name: rename the file)", quote(id))
	}
	return nil
}

// CheckName refuses a label or canonical name (what says which) that is
// empty, longer than MaxNameBytes, not UTF-8, or holds a control character
// (C0, DEL, C1), a line or paragraph separator or a bidi control: such a
// name would be echoed into terminals and filter queries.
func CheckName(what, name string) error {
	switch {
	case name == "":
		return refuse("%s is empty", what)
	case len(name) > MaxNameBytes:
		return refuse("%s is %d bytes long; the longest allowed is %d bytes", what, len(name), MaxNameBytes)
	case !utf8.ValidString(name):
		return refuse("%s %s is not valid UTF-8", what, quote(name))
	}
	for _, r := range name {
		if controlRune(r) {
			return refuse("%s %s may not contain control characters (%U)", what, quote(name), r)
		}
	}
	return nil
}

// controlRune reports whether r may not appear in a name: a C0 or C1
// control, DEL, a line or paragraph separator, or a bidi control.
func controlRune(r rune) bool {
	return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Bidi_Control, r)
}
