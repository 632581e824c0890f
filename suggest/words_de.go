package suggest

import "strings"

// German's function words and its commonest short words, most frequent
// first, in tiers. A corpus seldom counts them often enough to rank a
// candidate (a new corpus counts nothing), yet OCR damage hits them most:
// short words have the most look-alikes (`Ste` is `Sie`, `iet` is `ist`).
// The tiers are general knowledge of the language, written for folio,
// not taken from any text.
var deCommonTiers = [...]string{
	// the 40 commonest words
	`der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er
	hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur
	bis mehr durch man sein wurde sei`,
	// the next 160
	`Sie ich wir ihr ihre ihren ihrem ihrer ihres Ihr Ihre Ihren Ihrem Ihrer Ihres kann können konnte könnte
	muss müssen sollte sollen soll will wollen wenn weil denn doch schon sehr hier dort da dann wo was wer wie
	warum welche welcher welches welchen diese dieser dieses diesen diesem jede jeder jedes jeden jedem alle
	allen aller alles andere anderen anderer anderes keine keinen keiner kein ohne gegen unter zwischen seit
	während wegen unsere unser unseren sowie sowohl also etwa etwas immer wieder neue neuen neuer erst ersten
	zwei drei viele vielen mehrere einige einigen beim vom ins ob nun nur gibt geht gut wenig weniger viel
	sehr gar ganz heute jetzt bereits gegen damit dabei dafür dazu davon darauf darüber daher deshalb jedoch
	zwar sowie selbst dessen deren denen dem einmal ihm ihn ihnen uns euch mich mir dir dich sein seine seinen
	seinem seiner seines mein meine meinen nicht nichts niemand jemand alle beiden beide eines einen worden
	wurden waren wäre hätte hatte hatten hätten habe hast bin bist seid wird werden würde würden muß daß wer
	lassen lässt machen macht mehr meist meisten neben oben unten außer außerdem ebenfalls eben eigentlich
	etwas fast gerade gern häufig kaum lange leider möglich möglichst natürlich nämlich nie oft schnell sofort
	später trotz vielleicht weit weiter weitere weiteren wohl zusammen ganz sondern bzw usw etc Herr Frau Jahr
	Jahre Jahren Zeit Teil Art Weise Fall Fälle Fällen Beispiel beispielsweise`,
}

// deCommon maps each common word (folded) to its tier: 0 for the
// commonest.
type deCommon map[string]int

// newDECommon builds the map.
func newDECommon() deCommon {
	m := make(deCommon, 256)
	for tier, words := range deCommonTiers {
		for _, w := range strings.Fields(words) {
			k := lexFold(w)
			if _, ok := m[k]; !ok {
				m[k] = tier
			}
		}
	}
	return m
}

// boost is the log prior a candidate gets for being a common word.
func (c deCommon) boost(k string) float64 {
	tier, ok := c[k]
	switch {
	case !ok:
		return 0
	case tier == 0:
		return 3
	default:
		return 2
	}
}

// has reports whether k is a common word.
func (c deCommon) has(k string) bool {
	_, ok := c[k]
	return ok
}
