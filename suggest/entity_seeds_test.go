package suggest

import (
	"testing"

	"folio/seeds"
)

// entSeedTexts returns the seed texts by their three-digit prefix.
func entSeedTexts(t testing.TB) map[string]string {
	t.Helper()
	files, err := seeds.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := seeds.FS.ReadFile(f.Name())
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name()[:3]] = string(b)
	}
	return out
}
