package annot

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Record is one document in folio's own JSONL form, the lossless export
// that `folio import` reads back. Offsets in Start/End index Text;
// CorrectedStart/CorrectedEnd index CorrectedText. All offsets are code
// points.
//
// Each annotation of a Record carries its id in the exporting store (the
// one `folio curate --ann` names). Ids are the store's own: an import
// reads them but gives the annotations ids of its store.
type Record struct {
	ID            string          `json:"id"`
	Title         string          `json:"title"`
	Source        string          `json:"source"`
	Hash          string          `json:"hash"`
	Status        Status          `json:"status"`
	StatusMeta    *RecordMeta     `json:"status_meta,omitempty"`
	Tags          []string        `json:"tags"`
	TagMeta       []RecordMeta    `json:"tag_meta,omitempty"` // one per tag, same order
	Text          string          `json:"text"`
	CorrectedText string          `json:"corrected_text"`
	Entities      []RecEntity     `json:"entities"`
	Corrections   []RecCorrect    `json:"corrections"`
	Marks         []RecMark       `json:"marks"`
	Notes         []RecNote       `json:"notes"`
	Rejected      []RecRejected   `json:"rejected,omitempty"`
	Relations     []RecRelation   `json:"relations,omitempty"`
	Predictions   []RecPrediction `json:"predictions,omitempty"`
	Meta          map[string]any  `json:"meta,omitempty"`
	// Tokens is how the document's source cut its text into tokens and
	// sentences (KindTokens), if it did.
	Tokens *Tokens `json:"tokens,omitempty"`
}

// RecordMeta is who made an annotation, when and how, in a Record.
type RecordMeta struct {
	Author string    `json:"author,omitempty"`
	Time   time.Time `json:"time,omitzero"`
	Origin Origin    `json:"origin,omitempty"`
}

// RecEntity is an entity in a Record.
type RecEntity struct {
	ID             string            `json:"id,omitempty"`
	Start          int               `json:"start"`
	End            int               `json:"end"`
	Label          string            `json:"label"`
	Text           string            `json:"text"`
	Canonical      string            `json:"canonical,omitempty"`
	ExternalID     string            `json:"external_id,omitempty"`
	Attrs          map[string]string `json:"attrs,omitempty"`
	Copy           int               `json:"copy,omitempty"` // see Annotation.Copy
	CorrectedStart int               `json:"corrected_start"`
	CorrectedEnd   int               `json:"corrected_end"`
	CorrectedText  string            `json:"corrected_text"`
	Stale          bool              `json:"stale,omitempty"`
	RecordMeta
}

// RecCorrect is a correction in a Record.
type RecCorrect struct {
	ID          string `json:"id,omitempty"`
	Start       int    `json:"start"`
	End         int    `json:"end"`
	Original    string `json:"original"`
	Replacement string `json:"replacement"`
	Kind        string `json:"kind"`
	Stale       bool   `json:"stale,omitempty"`
	RecordMeta
}

// RecMark is an OCR error flagged without a fix, in a Record.
type RecMark struct {
	ID      string `json:"id,omitempty"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Comment string `json:"comment,omitempty"`
	Stale   bool   `json:"stale,omitempty"`
	RecordMeta
}

// RecNote is a note in a Record; Start/End are absent for a document note.
type RecNote struct {
	ID    string `json:"id,omitempty"`
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
	Text  string `json:"text"`
	Type  string `json:"type,omitempty"`
	Stale bool   `json:"stale,omitempty"`
	RecordMeta
}

// RecRelation is a relation in a Record: From and To are indexes into
// the Record's Entities.
type RecRelation struct {
	ID    string `json:"id,omitempty"`
	From  int    `json:"from"`
	To    int    `json:"to"`
	Label string `json:"label"`
	// Class and Value group the relations of one brat event or
	// equivalence (see EventAttr); both are empty for a plain
	// relation.
	Class string            `json:"class,omitempty"`
	Value string            `json:"value,omitempty"`
	Attrs map[string]string `json:"attrs,omitempty"`
	RecordMeta
}

// RecPrediction is a model's prediction in a Record (see
// KindPrediction): its span in the stored text, label, score and model.
type RecPrediction struct {
	ID    string   `json:"id,omitempty"`
	Start int      `json:"start"`
	End   int      `json:"end"`
	Label string   `json:"label"`
	Text  string   `json:"text"`
	Score *float64 `json:"score,omitempty"`
	Model string   `json:"model,omitempty"`
	// Attrs say where it came from (SourceAttr: Label Studio's
	// prediction and region ids, its scores).
	Attrs map[string]string `json:"attrs,omitempty"`
	RecordMeta
}

// RecRejected is a suggestion the reviewer rejected, in a Record. Label
// is the label a rejected entity was proposed with (Prodigy's ner.teach:
// "MX is not a PRODUCT"), if it was rejected under one; a record without
// it rejects the span as an entity of any label.
type RecRejected struct {
	ID    string `json:"id,omitempty"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  string `json:"kind"`
	Label string `json:"label,omitempty"`
	Text  string `json:"text"`
	RecordMeta
}

func recMeta(m Meta) RecordMeta { return RecordMeta(m) }

func (m RecordMeta) meta() Meta { return Meta(m) }

// NewRecord builds the Record of a document. externalID looks up a
// canonical entity's external id (nil: none).
func NewRecord(d Doc, text string, anns []Annotation, externalID func(label, canonical string) string) Record {
	c := Apply(text, anns)
	r := Record{
		ID: d.ID, Title: d.Title, Source: d.Source, Hash: d.Hash, Status: StatusTodo,
		Tags: []string{}, Text: text, CorrectedText: c.Text,
		Entities: []RecEntity{}, Corrections: []RecCorrect{}, Marks: []RecMark{}, Notes: []RecNote{},
	}
	ix, cix := NewIndex(text), NewIndex(c.Text)
	entity := map[string]int{} // id → index in r.Entities
	rank := map[sameKey]int{}  // copies are written as their rank (Set.Put)
	var rels []Annotation
	for _, a := range Sorted(anns) {
		m := recMeta(a.Meta)
		// the covered text; a stale span keeps the text it was made on
		covered := ix.Slice(a.Span())
		if a.Stale {
			covered = a.Text
		}
		switch a.Kind {
		case KindStatus:
			r.Status = Status(a.Label)
			r.StatusMeta = &m
		case KindTag:
			r.Tags = append(r.Tags, a.Label)
			r.TagMeta = append(r.TagMeta, m)
		case KindEntity:
			cs := c.Map.SpanToCorrected(a.Span())
			e := RecEntity{ID: a.ID, Start: a.Start, End: a.End, Label: a.Label, Text: covered,
				Canonical: a.Canonical, Attrs: a.Attrs, Copy: rank[keyOf(a)], CorrectedStart: cs.Start, CorrectedEnd: cs.End,
				CorrectedText: cix.Slice(cs), Stale: a.Stale, RecordMeta: m}
			if externalID != nil && a.Canonical != "" {
				e.ExternalID = externalID(a.Label, a.Canonical)
			}
			rank[keyOf(a)]++
			entity[a.ID] = len(r.Entities)
			r.Entities = append(r.Entities, e)
		case KindRelation:
			rels = append(rels, a)
		case KindCorrection:
			r.Corrections = append(r.Corrections, RecCorrect{ID: a.ID, Start: a.Start, End: a.End,
				Original: covered, Replacement: a.Value, Kind: a.Class, Stale: a.Stale, RecordMeta: m})
		case KindMark:
			r.Marks = append(r.Marks, RecMark{ID: a.ID, Start: a.Start, End: a.End, Text: covered,
				Comment: a.Value, Stale: a.Stale, RecordMeta: m})
		case KindNote:
			n := RecNote{ID: a.ID, Text: a.Value, Type: a.Class, Stale: a.Stale, RecordMeta: m}
			if a.HasSpan() {
				s, e := a.Start, a.End
				n.Start, n.End = &s, &e
			}
			r.Notes = append(r.Notes, n)
		case KindMeta:
			dec := json.NewDecoder(strings.NewReader(a.Value))
			dec.UseNumber() // numbers as written
			var m map[string]any
			if dec.Decode(&m) == nil {
				r.Meta = m
			}
		case KindTokens:
			if t, err := ParseTokens(a.Value); err == nil {
				r.Tokens = &t
			}
		case KindRejected:
			r.Rejected = append(r.Rejected, RecRejected{ID: a.ID, Start: a.Start, End: a.End, Kind: a.Label, Label: a.Class, Text: a.Value, RecordMeta: m})
		case KindPrediction:
			p := RecPrediction{ID: a.ID, Start: a.Start, End: a.End, Label: a.Label, Text: a.Text, Model: a.Class, Attrs: a.Attrs, RecordMeta: m}
			if f, err := strconv.ParseFloat(a.Value, 64); err == nil {
				p.Score = &f
			}
			r.Predictions = append(r.Predictions, p)
		}
	}
	for _, a := range rels {
		from, ok1 := entity[a.From]
		to, ok2 := entity[a.To]
		if ok1 && ok2 { // Validate keeps them so
			r.Relations = append(r.Relations, RecRelation{ID: a.ID, From: from, To: to, Label: a.Label, Class: a.Class, Value: a.Value, Attrs: a.Attrs, RecordMeta: recMeta(a.Meta)})
		}
	}
	// by their entities, not by id: ids differ between stores
	slices.SortStableFunc(r.Relations, func(a, b RecRelation) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Label, b.Label), cmp.Compare(a.Class, b.Class), cmp.Compare(a.Value, b.Value))
	})
	return r
}

// RecordEntityID is the id Record.Annotations gives the i-th entity, by
// which its relations name it.
func RecordEntityID(i int) string { return "e" + strconv.Itoa(i) }

// Annotations returns the annotations a Record carries, without ids but
// the fixed ones and those of entities (RecordEntityID), which relations
// name. Spans
// index r.Text; corrected offsets are derived, not read.
func (r Record) Annotations() []Annotation {
	var out []Annotation
	if r.Status != "" && r.Status != StatusTodo || r.StatusMeta != nil {
		a := Annotation{ID: StatusID, Kind: KindStatus, Label: string(r.Status)}
		if r.StatusMeta != nil {
			a.Meta = r.StatusMeta.meta()
		}
		out = append(out, a)
	}
	for i, t := range r.Tags {
		a := Annotation{ID: TagID(t), Kind: KindTag, Label: t}
		if i < len(r.TagMeta) {
			a.Meta = r.TagMeta[i].meta()
		}
		out = append(out, a)
	}
	for i, e := range r.Entities {
		out = append(out, Annotation{ID: RecordEntityID(i), Kind: KindEntity, Start: e.Start, End: e.End, Text: e.Text,
			Label: e.Label, Canonical: e.Canonical, Attrs: e.Attrs, Copy: e.Copy, Stale: e.Stale, Meta: e.meta()})
	}
	for _, c := range r.Corrections {
		out = append(out, Annotation{Kind: KindCorrection, Start: c.Start, End: c.End, Text: c.Original,
			Value: c.Replacement, Class: c.Kind, Stale: c.Stale, Meta: c.meta()})
	}
	for _, m := range r.Marks {
		out = append(out, Annotation{Kind: KindMark, Start: m.Start, End: m.End, Text: m.Text,
			Value: m.Comment, Stale: m.Stale, Meta: m.meta()})
	}
	for _, n := range r.Notes {
		a := Annotation{Kind: KindNote, Value: n.Text, Class: n.Type, Stale: n.Stale, Meta: n.meta()}
		if n.Start != nil && n.End != nil {
			a.Start, a.End = *n.Start, *n.End
		}
		out = append(out, a)
	}
	if r.Meta != nil {
		if b, err := json.Marshal(r.Meta); err == nil {
			out = append(out, Annotation{ID: MetaID, Kind: KindMeta, Value: string(b)})
		}
	}
	for _, x := range r.Relations {
		out = append(out, Annotation{Kind: KindRelation, Label: x.Label, From: RecordEntityID(x.From),
			To: RecordEntityID(x.To), Class: x.Class, Value: x.Value, Attrs: x.Attrs, Meta: x.meta()})
	}
	for _, x := range r.Predictions {
		a := Annotation{Kind: KindPrediction, Start: x.Start, End: x.End, Label: x.Label, Text: x.Text, Class: x.Model, Attrs: x.Attrs, Meta: x.meta()}
		if x.Score != nil {
			a.Value = strconv.FormatFloat(*x.Score, 'g', -1, 64)
		}
		out = append(out, a)
	}
	for _, x := range r.Rejected {
		out = append(out, Annotation{Kind: KindRejected, Start: x.Start, End: x.End, Label: x.Kind,
			Class: x.Label, Value: x.Text, Meta: x.meta()})
	}
	if r.Tokens != nil {
		out = append(out, Annotation{ID: TokensID, Kind: KindTokens, Value: r.Tokens.Value()})
	}
	return out
}
