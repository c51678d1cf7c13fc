package crux

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func validCase() *Case {
	c := New("t1", "Test case")
	c.Sources = []Source{{ID: "S1", Text: "Alice said it rained.", Paragraphs: []Span{{0, 21}}}}
	c.Actors = []Actor{{ID: "A1", Name: "Alice", Kind: Person}}
	c.Claims = []Claim{{ID: "C1", SpeakerID: "A1", Cue: "said", CueClass: Assert, Mode: Reported, Text: "it rained",
		Citations: []Citation{{SourceID: "S1", Content: Span{11, 20}, Cue: &Span{6, 10}}}}}
	c.Hypotheses = []Hypothesis{{ID: "H1", Title: "Rain", Status: Accepted}, {ID: "H2", Title: "Sprinkler", Status: Accepted}}
	c.Evidence = []Evidence{{ID: "E1", Kind: FromClaim, ClaimID: "C1", Reliability: "B", Credibility: "2",
		Ratings: map[string]Rating{"H1": {Value: Consistent}, "H2": {Value: Inconsistent}}}}
	return c
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(c *Case)
		want   []string // each a substring of one reported problem, in order
	}{
		{"valid", func(c *Case) {}, nil},
		{"bad format", func(c *Case) { c.Format = "x"; c.Version = 9 }, []string{"format: want", "version: unsupported version 9"}},
		{"unknown rating", func(c *Case) { c.Evidence[0].Ratings["H2"] = Rating{Value: "X"} },
			[]string{`evidence[0].ratings.H2: unknown rating "X"`}},
		{"unknown hypothesis in ratings", func(c *Case) { c.Evidence[0].Ratings["H9"] = Rating{Value: "C"} },
			[]string{`evidence[0].ratings.H9: unknown hypothesis "H9"`}},
		{"likelihood out of range", func(c *Case) { l := 1.5; c.Evidence[0].Ratings["H1"] = Rating{Value: "C", Likelihood: &l} },
			[]string{"evidence[0].ratings.H1.likelihood: likelihood 1.5 outside (0, 1]"}},
		{"duplicate and missing ids", func(c *Case) {
			c.Hypotheses = append(c.Hypotheses, Hypothesis{ID: "H1", Title: "again"}, Hypothesis{Title: "no id"})
		}, []string{`hypotheses[2].id: duplicate id "H1"`, "hypotheses[3].id: missing id"}},
		{"dangling references", func(c *Case) { c.Claims[0].SpeakerID = "A9"; c.Evidence[0].ClaimID = "C9" },
			[]string{`claims[0].speaker: unknown actor "A9"`, `evidence[0].claim: unknown claim "C9"`}},
		{"span outside text", func(c *Case) { c.Claims[0].Citations[0].Content = Span{5, 500} },
			[]string{"claims[0].citations[0].content: span [5,500) outside the source text of 21 bytes"}},
		{"admiralty grades", func(c *Case) { c.Evidence[0].Reliability = "G"; c.Evidence[0].Credibility = "0" },
			[]string{`evidence[0].reliability: unknown reliability "G"`, `evidence[0].credibility: unknown credibility "0"`}},
		{"bad date and cue class", func(c *Case) { c.Claims[0].Date = "May 4"; c.Claims[0].CueClass = "shout" },
			[]string{`claims[0].cue_class: unknown cue class "shout"`, `claims[0].date: bad date "May 4"`}},
		{"invalid utf-8", func(c *Case) { c.Evidence[0].Text = "bad \xff" }, []string{"evidence[0].text: invalid UTF-8"}},
		{"hostile id", func(c *Case) { c.Actors[0].ID = "<script>"; c.Claims[0].SpeakerID = "<script>" },
			[]string{`actors[0].id: bad id "<script>"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCase()
			tt.mutate(c)
			err := Validate(c)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			ve, ok := err.(ValidationError)
			if !ok {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if len(ve) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ve), len(tt.want), err)
			}
			for i, w := range tt.want {
				if !strings.Contains(ve[i].Error(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, ve[i].Error(), w)
				}
			}
		})
	}
}

func TestRatingStep(t *testing.T) {
	tests := []struct {
		v    RatingValue
		n    int
		want RatingValue
	}{
		{VeryConsistent, 1, Consistent}, {Consistent, -1, VeryConsistent}, {VeryConsistent, -1, VeryConsistent},
		{Inconsistent, 1, VeryInconsistent}, {VeryInconsistent, 1, VeryInconsistent}, {Neutral, 2, VeryInconsistent},
		{NotApplicable, 1, NotApplicable}, {Unrated, -1, Unrated},
	}
	for _, tt := range tests {
		if got := tt.v.Step(tt.n); got != tt.want {
			t.Errorf("%q.Step(%d) = %q, want %q", tt.v, tt.n, got, tt.want)
		}
	}
}

func TestTruncateKeepsUTF8(t *testing.T) {
	for n := 0; n < 12; n++ {
		got := truncate("Пєсков said", n)
		if !utf8.ValidString(got) {
			t.Errorf("truncate(_, %d) = %q: invalid UTF-8", n, got)
		}
	}
}

func TestActorsByID(t *testing.T) {
	c := validCase()
	c.Actors = append(c.Actors, Actor{ID: "A2", Name: "Bob", Kind: Person})
	m := c.ActorsByID()
	if len(m) != 2 || m["A1"].Name != "Alice" || m["A2"].Name != "Bob" {
		t.Errorf("ActorsByID() = %v", m)
	}
}
