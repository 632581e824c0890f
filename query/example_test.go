package query_test

import (
	"fmt"

	"folio/annot"
	"folio/query"
)

func ExampleParse() {
	q, err := query.Parse(`label:PER -label:DATE status:done`)
	if err != nil {
		panic(err)
	}
	d := annot.Doc{ID: "004", Title: "Neuer Brückenschlag", Status: annot.StatusDone, Labels: map[string]int{"PER": 2}}
	fmt.Println(q.Match(query.Subject{Doc: d}), q.NeedsText())

	_, err = query.Parse(`tag:x lable:PER`)
	fmt.Println(err)
	// Output:
	// true false
	// col 7: unknown field "lable" (want id, tag, status, label, entity, has, conf, twin)
}
