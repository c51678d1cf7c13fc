package casebuild

import (
	"strings"
	"testing"

	"github.com/cruxlab/crux"
)

// ratingCase is a small invented case: a drone strike on a Polish fuel
// depot, two hypotheses and a catch-all, and one statement per rule.
func ratingCase(t *testing.T) *crux.Case {
	text := `A drone strike on the Polish depot at Biała damaged two tanks on Sunday.
A Belarusian foreign ministry spokesman said: "We had nothing to do with the strike."
The Polish interior minister said the attack was ordered by Minsk.
Jan Lis, a security analyst at the Baltic Institute, said the strike was most likely carried out by Belarusian forces.
"It is hard to believe that Warsaw would inflict such damage on itself," Lis added.
A blogger wrote that the strike was orchestrated by Belarus.
The weather was cold.`
	a := newArt("s", "2024-06-02", "", text).
		actor("a1", "Belarusian foreign ministry spokesman", crux.Person, "spokesman", "Belarusian foreign ministry").
		actor("a2", "Polish interior minister", crux.Person, "interior minister", "Polish government").
		actor("a3", "Jan Lis", crux.Person, "security analyst", "Baltic Institute").
		actor("a4", "a blogger", crux.Anonymous, "blogger", "").
		claim("a1", crux.Deny, crux.Direct, "We had nothing to do with the strike.").
		claim("a2", crux.Accuse, crux.Reported, "the attack was ordered by Minsk.").
		claim("a3", crux.Assess, crux.Reported, "the strike was most likely carried out by Belarusian forces.").
		claim("a3", crux.Assert, crux.Direct, "It is hard to believe that Warsaw would inflict such damage on itself,").
		claim("a4", crux.Assert, crux.Reported, "the strike was orchestrated by Belarus.").
		claim("a4", crux.Assert, crux.Reported, "The weather was cold.")
	c := crux.New("t", "t")
	if _, err := Add(c, a.src, a.actors, a.claims); err != nil {
		t.Fatal(err)
	}
	c.Hypotheses = []crux.Hypothesis{
		{ID: "H1", Title: "Belarusian attack", Status: crux.Accepted},
		{ID: "H2", Title: "Polish false flag", Status: crux.Accepted},
		{ID: "H3", Title: "Other / unknown", Status: crux.Accepted, Catchall: true},
	}
	EvidenceFromClaims(c)
	c.Evidence = append(c.Evidence, crux.Evidence{ID: "F1", Kind: crux.Fact, Text: "Polish state television gave the strike only two minutes of airtime and showed no footage.", Ratings: map[string]crux.Rating{}})
	return c
}

func TestSuggestRatings(t *testing.T) {
	c := ratingCase(t)
	if n := SuggestRatings(c, DefaultRules()); n == 0 {
		t.Fatal("no suggestions")
	}
	want := []struct {
		ev   string
		rule string
		vals string // H1 H2 H3, "-" for no suggestion
	}{
		{"E1", RuleSelfDenial, "N N N"},
		{"E2", RuleInterestedAccusation, "C N N"},
		{"E3", RuleIndependentAssessment, "CC I I"},
		{"E4", RuleArguesAgainst, "N I N"},
		{"E5", RuleNamesExplanation, "C N N"},
		{"E6", "", "- - -"},
		{"F1", RulePrediction, "N I N"},
	}
	for _, w := range want {
		e := evidenceByID(c, w.ev)
		var got []string
		for _, h := range []string{"H1", "H2", "H3"} {
			r, ok := e.Ratings[h]
			if !ok {
				got = append(got, "-")
				continue
			}
			got = append(got, string(r.Value))
			if !r.Suggested || !strings.HasPrefix(r.Reason, "["+w.rule+"]") {
				t.Errorf("%s × %s: suggested=%v reason %q, want rule %s", w.ev, h, r.Suggested, r.Reason, w.rule)
			}
		}
		if g := strings.Join(got, " "); g != w.vals {
			t.Errorf("%s (%s): ratings %s, want %s", w.ev, e.Text, g, w.vals)
		}
	}
	if err := crux.Validate(c); err != nil {
		t.Error(err)
	}
}

func TestSuggestRatingsKeepsConfirmedAndHonoursSwitches(t *testing.T) {
	c := ratingCase(t)
	e2 := evidenceByID(c, "E2")
	e2.Ratings["H1"] = crux.Rating{Value: crux.VeryInconsistent, Analyst: "ana"}
	SuggestRatings(c, DefaultRules())
	if r := e2.Ratings["H1"]; r.Value != crux.VeryInconsistent || r.Suggested || r.Analyst != "ana" {
		t.Errorf("confirmed rating overwritten: %+v", r)
	}
	// switch the interested-accusation rule off: its suggestions go, and
	// the next rule that applies takes over.
	rules := DefaultRules()
	for i := range rules {
		if rules[i].ID == RuleInterestedAccusation || rules[i].ID == RuleSelfDenial {
			rules[i].Enabled = false
		}
	}
	SuggestRatings(c, rules)
	if r := e2.Ratings["H2"]; !strings.HasPrefix(r.Reason, "["+RuleNamesExplanation+"]") {
		t.Errorf("after switching off: %+v", r)
	}
	if r, ok := evidenceByID(c, "E1").Ratings["H1"]; ok {
		t.Errorf("a disabled rule's suggestion stayed: %+v", r)
	}
}

func evidenceByID(c *crux.Case, id string) *crux.Evidence {
	for i := range c.Evidence {
		if c.Evidence[i].ID == id {
			return &c.Evidence[i]
		}
	}
	return nil
}
