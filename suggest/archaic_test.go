package suggest

import "testing"

func TestArchaic(t *testing.T) {
	known := map[string]bool{"dass": true, "teil": true, "urteilen": true, "sein": true, "hilfe": true,
		"gibt": true, "tot": true, "bündnis": true, "kultur": true, "zentrum": true, "tun": true}
	for _, tc := range []struct{ old, modern string }{
		{"daß", "dass"}, {"theil", "teil"}, {"urtheilen", "urteilen"}, {"seyn", "sein"}, {"hülfe", "hilfe"},
		{"giebt", "gibt"}, {"todt", "tot"}, {"bündniß", "bündnis"}, {"cultur", "kultur"}, {"centrum", "zentrum"},
		{"thun", "tun"},
		{"kdln", ""}, {"fiir", ""}, {"tot", ""}, {"di", ""},
	} {
		if got := archaic(tc.old, func(w string) bool { return known[w] }); got != tc.modern {
			t.Errorf("archaic(%q) = %q, want %q", tc.old, got, tc.modern)
		}
	}
}
