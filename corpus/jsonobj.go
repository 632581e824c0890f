package corpus

import (
	"encoding/json"

	gojson "github.com/goccy/go-json"
)

// decodeObject decodes data, a JSON value, into the raw values of its
// fields, as json.Unmarshal into a map[string]json.RawMessage does (null
// gives a nil map). github.com/goccy/go-json decodes it first: on the
// lines of a JSONL corpus it is about six times faster than
// encoding/json, whose scan of every line was most of the reader's CPU
// in an import (docs/PERFORMANCE.md). What it cannot decode, or panics
// on, is decoded again by encoding/json, whose error the problem
// reported names: the messages are the same. FuzzDecodeObject holds the
// two to the same result on any input.
func decodeObject(data []byte) (map[string]json.RawMessage, error) {
	if m, ok := decodeObjectFast(data); ok {
		return m, nil
	}
	var m map[string]json.RawMessage
	err := json.Unmarshal(data, &m)
	return m, err
}

// decodeObjectFast decodes data as decodeObject does with goccy/go-json,
// and reports whether it could.
func decodeObjectFast(data []byte) (m map[string]json.RawMessage, ok bool) {
	defer func() {
		if recover() != nil {
			m, ok = nil, false
		}
	}()
	if err := gojson.Unmarshal(data, &m); err != nil {
		return nil, false
	}
	return m, true
}
