package store

import "testing"

// TestShortPair shortens two hashes as far as they still differ.
func TestShortPair(t *testing.T) {
	for _, c := range []struct{ a, b, wantA, wantB string }{
		{"8ca13826f1bb0123456789", "8ca13826f1bbffff456789", "8ca13826f1bb0123", "8ca13826f1bbffff"},
		{"0123456789abcdef", "f123456789abcdef", "0123456789ab", "f123456789ab"},
		{"8ca13826f1bb01234567", "8ca13826f1bb01234568", "8ca13826f1bb01234567", "8ca13826f1bb01234568"},
		{"abc", "abd", "abc", "abd"},
	} {
		if a, b := shortPair(c.a, c.b); a != c.wantA || b != c.wantB {
			t.Errorf("shortPair(%q, %q) = %q, %q; want %q, %q", c.a, c.b, a, b, c.wantA, c.wantB)
		}
	}
}
