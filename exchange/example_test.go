package exchange_test

import (
	"fmt"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/exchange"
)

// A matrix typed in a spreadsheet with a European locale: semicolons, a
// byte order mark, CRLF, lower-case ratings and a hypothesis given only by
// its title.
func ExampleReadMatrixCSV() {
	c := crux.New("demo", "Demo")
	c.Hypotheses = []crux.Hypothesis{{ID: "H1", Title: "Accident", Status: crux.Accepted}}
	typed := "\ufeffEvidence;Accident;Arson\r\nFuel found at the scene;ii;c\r\n;;\r\n"
	m, err := exchange.ReadMatrixCSV([]byte(typed))
	if err != nil {
		fmt.Println(err)
		return
	}
	merged, err := exchange.ApplyMatrix(c, m)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range merged.Hypotheses {
		fmt.Printf("%s %q\n", h.ID, h.Title)
	}
	e := merged.Evidence[0]
	fmt.Println(e.ID, e.Kind, e.Ratings["H1"].Value, e.Ratings["H2"].Value)
	// Output:
	// H1 "Accident"
	// H2 "Arson"
	// E1 fact II C
}
