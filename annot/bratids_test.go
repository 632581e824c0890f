package annot

import (
	"maps"
	"reflect"
	"slices"
	"testing"
)

// TestRenameBratIDs: the events and equivalences an import brings are
// renamed to those of the document that say the same, whatever the file
// numbered them, and the others to ids the document does not use.
func TestRenameBratIDs(t *testing.T) {
	ent := func(id string, start, end int, label string, attrs ...string) Annotation {
		a := Annotation{ID: id, Kind: KindEntity, Start: start, End: end, Label: label}
		for i := 0; i+1 < len(attrs); i += 2 {
			if a.Attrs == nil {
				a.Attrs = map[string]string{}
			}
			a.Attrs[attrs[i]] = attrs[i+1]
		}
		return a
	}
	arg := func(role, from, to, value string) Annotation {
		return Annotation{Kind: KindRelation, Label: role, From: from, To: to, Class: ClassEvent, Value: value}
	}
	equiv := func(from, to, group string) Annotation {
		return Annotation{Kind: KindRelation, Label: "Equiv", From: from, To: to, Class: ClassEquiv, Value: group}
	}
	// news/090-event_structures: Wikinews reported that Google and
	// YouTube merged
	stored := []Annotation{
		ent("a1", 0, 8, "Organization"), ent("a2", 9, 15, "Organization"), ent("a3", 16, 23, "Organization"),
		ent("a4", 24, 32, "Report", EventAttr, "E2", EventKey("E2", "Confidence"), "High"),
		ent("a5", 33, 39, "Merge-org", EventAttr, "E1"),
		arg("Org-Arg", "a5", "a2", "E1"), arg("Org-Arg2", "a5", "a3", "E1"),
		arg("Reporter-Arg", "a4", "a1", "E2"), arg("Event-Arg", "a4", "a5", "E2 E1"),
		{Kind: KindRelation, Label: "Cause", From: "a4", To: "a1", Attrs: map[string]string{RelEventsAttr: "E2 -", "Negated": ""}},
	}
	// the same, as folio's export numbers it: E1 for the first trigger
	exported := []Annotation{
		ent("T1", 0, 8, "Organization"), ent("T2", 9, 15, "Organization"), ent("T3", 16, 23, "Organization"),
		ent("T4", 24, 32, "Report", EventAttr, "E1", EventKey("E1", "Confidence"), "High"),
		ent("T5", 33, 39, "Merge-org", EventAttr, "E2"),
		arg("Event-Arg", "T4", "T5", "E1 E2"), arg("Reporter-Arg", "T4", "T1", "E1"),
		arg("Org-Arg", "T5", "T2", "E2"), arg("Org-Arg2", "T5", "T3", "E2"),
		{Kind: KindRelation, Label: "Cause", From: "T4", To: "T1", Attrs: map[string]string{RelEventsAttr: "E1 -", "Negated": ""}},
	}
	renamed := []Annotation{
		ent("T1", 0, 8, "Organization"), ent("T2", 9, 15, "Organization"), ent("T3", 16, 23, "Organization"),
		ent("T4", 24, 32, "Report", EventAttr, "E2", EventKey("E2", "Confidence"), "High"),
		ent("T5", 33, 39, "Merge-org", EventAttr, "E1"),
		arg("Event-Arg", "T4", "T5", "E2 E1"), arg("Reporter-Arg", "T4", "T1", "E2"),
		arg("Org-Arg", "T5", "T2", "E1"), arg("Org-Arg2", "T5", "T3", "E1"),
		{Kind: KindRelation, Label: "Cause", From: "T4", To: "T1", Attrs: map[string]string{RelEventsAttr: "E2 -", "Negated": ""}},
	}
	// the report with another confidence is another event, whose
	// number the document already uses for the merger
	doubtful := slices.Clone(exported)
	doubtful[3] = ent("T4", 24, 32, "Report", EventAttr, "E1", EventKey("E1", "Confidence"), "Low")
	doubtfulRenamed := slices.Clone(renamed)
	doubtfulRenamed[3] = ent("T4", 24, 32, "Report", EventAttr, "E3", EventKey("E3", "Confidence"), "Low")
	doubtfulRenamed[5] = arg("Event-Arg", "T4", "T5", "E3 E1")
	doubtfulRenamed[6] = arg("Reporter-Arg", "T4", "T1", "E3")
	doubtfulRenamed[9] = Annotation{Kind: KindRelation, Label: "Cause", From: "T4", To: "T1", Attrs: map[string]string{RelEventsAttr: "E3 -", "Negated": ""}}

	tests := []struct {
		name           string
		in, have, want []Annotation
	}{
		{"events numbered anew", exported, stored, renamed},
		{"the numbering the document has", stored, stored, stored},
		{"an event the document lacks takes a free number", doubtful, stored, doubtfulRenamed},
		{"nothing to be the same as", exported, stored[:3], exported},
		{
			// two triggers of one label on one span, told apart by
			// their arguments alone (T135 and T136 of DKPro's files)
			"identical triggers",
			[]Annotation{ent("T1", 0, 2, "Arg"), ent("T2", 7, 11, "Arg"),
				ent("T3", 3, 6, "Pred", EventAttr, "E1"), ent("T4", 3, 6, "Pred", EventAttr, "E2"),
				arg("arg", "T3", "T2", "E1"), arg("arg", "T4", "T1", "E2")},
			[]Annotation{ent("a1", 0, 2, "Arg"), ent("a2", 7, 11, "Arg"),
				ent("a3", 3, 6, "Pred", EventAttr, "E1"), ent("a4", 3, 6, "Pred", EventAttr, "E2"),
				arg("arg", "a3", "a1", "E1"), arg("arg", "a4", "a2", "E2")},
			[]Annotation{ent("T1", 0, 2, "Arg"), ent("T2", 7, 11, "Arg"),
				ent("T3", 3, 6, "Pred", EventAttr, "E2"), ent("T4", 3, 6, "Pred", EventAttr, "E1"),
				arg("arg", "T3", "T2", "E2"), arg("arg", "T4", "T1", "E1")},
		},
		{
			// a trigger of two events lists them as the document does
			"two events of one trigger",
			[]Annotation{ent("T1", 0, 2, "Arg"), ent("T2", 7, 11, "Arg"), ent("T3", 3, 6, "Pred", EventAttr, "E5 E4"),
				arg("Theme", "T3", "T2", "E5"), arg("Theme", "T3", "T1", "E4")},
			[]Annotation{ent("a1", 0, 2, "Arg"), ent("a2", 7, 11, "Arg"), ent("a3", 3, 6, "Pred", EventAttr, "E1 E2"),
				arg("Theme", "a3", "a1", "E1"), arg("Theme", "a3", "a2", "E2")},
			[]Annotation{ent("T1", 0, 2, "Arg"), ent("T2", 7, 11, "Arg"), ent("T3", 3, 6, "Pred", EventAttr, "E1 E2"),
				arg("Theme", "T3", "T2", "E2"), arg("Theme", "T3", "T1", "E1")},
		},
		{
			// an equivalence's number is its place in the file
			"equivalences in another order",
			[]Annotation{ent("T1", 0, 2, "X"), ent("T2", 3, 5, "X"), ent("T3", 6, 8, "Y"), ent("T4", 9, 11, "Y"),
				equiv("T3", "T4", "*1"), equiv("T1", "T2", "*2")},
			[]Annotation{ent("a1", 0, 2, "X"), ent("a2", 3, 5, "X"), ent("a3", 6, 8, "Y"), ent("a4", 9, 11, "Y"),
				equiv("a1", "a2", "*1"), equiv("a3", "a4", "*2")},
			[]Annotation{ent("T1", 0, 2, "X"), ent("T2", 3, 5, "X"), ent("T3", 6, 8, "Y"), ent("T4", 9, 11, "Y"),
				equiv("T3", "T4", "*2"), equiv("T1", "T2", "*1")},
		},
		{
			"a new equivalence",
			[]Annotation{ent("T1", 0, 2, "X"), ent("T2", 3, 5, "X"), ent("T3", 6, 8, "Y"), equiv("T1", "T3", "*1")},
			[]Annotation{ent("a1", 0, 2, "X"), ent("a2", 3, 5, "X"), ent("a3", 6, 8, "Y"), equiv("a1", "a2", "*1")},
			[]Annotation{ent("T1", 0, 2, "X"), ent("T2", 3, 5, "X"), ent("T3", 6, 8, "Y"), equiv("T1", "T3", "*2")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cloneAnns(tt.in)
			got := RenameBratIDs(in, tt.have)
			if !reflect.DeepEqual(got, tt.want) {
				for i := range max(len(got), len(tt.want)) {
					if i >= len(got) || i >= len(tt.want) || !reflect.DeepEqual(got[i], tt.want[i]) {
						t.Errorf("annotation %d:\n got %+v\nwant %+v", i, at(got, i), at(tt.want, i))
					}
				}
			}
			if !reflect.DeepEqual(in, tt.in) {
				t.Errorf("RenameBratIDs changed its input")
			}
		})
	}
}

func cloneAnns(anns []Annotation) []Annotation {
	out := slices.Clone(anns)
	for i := range out {
		out[i].Attrs = maps.Clone(out[i].Attrs)
	}
	return out
}

func at(anns []Annotation, i int) any {
	if i < len(anns) {
		return anns[i]
	}
	return nil
}
