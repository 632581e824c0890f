package annot

import "strings"

// How brat's events and equivalences are held. An event "E1\tTYPE:T3
// Theme:T1 Cause:E2" is its trigger entity T3, whose attribute EventAttr
// lists the ids of the events it triggers, and one relation per argument
// from the trigger, labelled with the role, of Class ClassEvent and Value
// "E1" (an entity argument) or "E1 E2" (an event argument: the relation
// goes to that event's trigger). An equivalence "*\tEquiv T1 T2 T3" is a
// chain of relations labelled Equiv, T1→T2→T3, of Class ClassEquiv and
// one Value per equivalence. folio's brat export writes them back as E and *
// lines.
//
// An attribute on a relation ("A1\tNegated R1") is an attribute of the
// relation; a note on it ("#1\tAnnotatorNotes R1\ttext") is the
// relation's attribute NoteAttr+type ("#AnnotatorNotes"), whose value is
// the note. An attribute or note on an event is an attribute of its
// trigger, named EventKey(event, name): "brat:event E1 Confidence" or
// "brat:event E1 #AnnotatorNotes". folio's brat export writes them back
// on the relation and the event.
//
// A relation whose arguments are not named Arg1 and Arg2 ("R1\tLABEL
// source:T2 target:T3") has the attribute RolesAttr, "source target". A
// relation with an event at an end ("R1\tCause Arg1:E1 Arg2:T3") goes
// from or to the event's trigger, and its attribute RelEventsAttr names
// the events at its ends, "-" for an entity: "E1 -".
//
// A discontinuous span whose gaps hold text ("T2\tX 5 7;9 10\tis n" over
// "is\nan") is one entity over the whole, [5,10), whose attribute
// FragmentsAttr lists the fragments relative to its start: "0 2;4 5".
// Attributes whose names start with BratAttr are this record of brat's
// structure, not brat attributes.
//
// The events' ids (E1) and the equivalences' Values number them as the
// file read did: they tie the parts of one event or equivalence together
// and say nothing of it. An import compares events and equivalences
// without them (RenameBratIDs).
const (
	BratAttr      = "brat:"
	EventAttr     = BratAttr + "event"
	FragmentsAttr = BratAttr + "fragments"
	RolesAttr     = BratAttr + "roles"
	RelEventsAttr = BratAttr + "events"
	ClassEvent    = "event"
	ClassEquiv    = "equiv"
	NoteAttr      = "#"
)

// EventKey is the name of the trigger attribute that holds the attribute
// or note (NoteAttr+type) name of event id.
func EventKey(id, name string) string { return EventAttr + " " + id + " " + name }

// ParseEventKey splits a trigger attribute named by EventKey into the
// event's id and the name; ok is false for any other attribute.
func ParseEventKey(key string) (id, name string, ok bool) {
	rest, ok := strings.CutPrefix(key, EventAttr+" ")
	if !ok {
		return "", "", false
	}
	id, name, ok = strings.Cut(rest, " ")
	return id, name, ok && id != "" && name != ""
}
