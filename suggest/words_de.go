package suggest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

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
	// the next 250
	`du ja ab je Sie ich wir ihr ihre ihren ihrem ihrer ihres Ihr Ihre Ihren Ihrem Ihrer Ihres kann können konnte könnte
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
	// frequent content words and forms
	`siehe gibt gab geben gegeben gehen ging gegangen kommen kam gekommen sagen sagte gesagt sehen sah gesehen
	stehen stand gestanden finden fand gefunden bleiben blieb geblieben liegen lag gelegen heißen hieß denken
	dachte nehmen nahm genommen tun getan bringen brachte gebracht leben lebte halten hielt gehalten zeigen
	zeigte gezeigt führen führte kennen kannte kennt lesen las gelesen schreiben schrieb geschrieben spielen
	arbeiten arbeitet gearbeitet brauchen braucht folgen folgt lernen bestehen besteht verstehen versteht
	setzen setzt stellen stellt gestellt erhalten erhält entstehen erreichen erreicht verwenden verwendet
	benutzen benutzt nutzen nutzt ändern geändert helfen hilft erklären erklärt gelten gilt vorhanden
	beginnen begann begonnen bekommen bekam versuchen versucht schaffen geschafft erkennen erkannt
	sprechen spricht gesprochen entwickeln entwickelt bieten bietet verbinden verbunden wissen weiß wusste
	fragen fragt glauben glaubt hoffen hofft bauen baut gebaut laufen läuft öffnen geöffnet schließen
	Mensch Menschen Kind Kinder Mann Männer Frauen Tag Tage Tagen Welt Leben Stadt Land Hand Haus Arbeit
	Problem Probleme Frage Fragen Ende Recht Grund Gruppe Form Seite Seiten Stelle Sache Wort Wörter Name
	Namen Zahl Ziel Platz System Systeme Programm Programme Daten Datei Dateien Version Software Paket
	Pakete Projekt Projekte Entwickler Benutzer Nutzer Information Informationen Möglichkeit Möglichkeiten
	Unterstützung Entwicklung Beziehung Bereich Bereiche Ergebnis Ergebnisse Regel Regeln Liste Anfang
	Woche Monat Monate Stunde Stunden Minute Minuten Geld Wasser Schule Familie Weg Wege Tür Bild Buch
	Text Texte Staat Kirche Krieg Volk Herz Kopf Auge Augen Nacht Abend Morgen Jahrhundert Geschichte
	Teile Punkt Punkte Grenze Hilfe Kraft Macht Markt Preis Preise Plan Rolle Mitte Mittel Zustand
	groß große großen großer großes klein kleine kleinen kleiner neu alt alte alten lang lange langen
	hoch hohe hohen gut gute guten besser beste besten schlecht wichtig wichtige wichtigen richtig richtige
	schwer schwierig einfach einfache einfachen leicht schnell frei freie freien voll genau ganze ganzen
	eigene eigenen letzte letzten nächste nächsten erste ersten zweite zweiten verschiedene verschiedenen
	bestimmte bestimmten deutsche deutschen allgemein allgemeine allgemeinen bekannt bekannte öffentlich
	sicher bereit offen klar direkt daher sodass damals davor danach darin darum dagegen deswegen ebenso
	einfach endlich erstmals etwa falls ferner gemeinsam genug hierzu innerhalb außerhalb jeweils
	lediglich mindestens nachdem obwohl ohnehin schließlich seitdem sogar somit sonst sowohl stets
	überhaupt übrigens unbedingt vielmehr völlig vorher wirklich zudem zuerst zugleich zunächst zurück`,
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

// byLength returns the words by their length in runes (the slice at
// index n holds those of n runes), each length's sorted.
func (c deCommon) byLength() [][]string {
	var out [][]string
	for k := range c {
		n := utf8.RuneCountInString(k)
		for len(out) <= n {
			out = append(out, nil)
		}
		out[n] = append(out[n], k)
	}
	for _, ws := range out {
		slices.Sort(ws)
	}
	return out
}

// boost is the log prior a candidate gets for being a common word.
func (c deCommon) boost(k string) float64 {
	tier, ok := c[k]
	switch {
	case !ok:
		return 0
	case tier == 0:
		return 2.5
	case tier == 1:
		return 2
	default:
		return 1.2
	}
}

// has reports whether k is a common word.
func (c deCommon) has(k string) bool {
	_, ok := c[k]
	return ok
}
