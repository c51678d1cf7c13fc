package casebuild

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
)

// art builds a source and its extraction by hand, the way extract.Extract
// would: actors and claims with IDs local to the source, citations with
// spans into the text.
type art struct {
	src    crux.Source
	actors []crux.Actor
	claims []crux.Claim
}

func newArt(id, published, url, text string) *art {
	return &art{src: crux.Source{ID: id, Published: published, URL: url, Text: text, Format: "text"}}
}

func (a *art) actor(id, name string, kind crux.ActorKind, role, aff string) *art {
	a.actors = append(a.actors, crux.Actor{ID: id, Name: name, Kind: kind, Role: role, Affiliation: aff})
	return a
}

// claim cites quote (which must occur in the text) as said by speaker.
func (a *art) claim(speaker string, class crux.CueClass, mode crux.Mode, quote string) *art {
	i := strings.Index(a.src.Text, quote)
	if i < 0 {
		panic("quote not in text: " + quote)
	}
	a.claims = append(a.claims, crux.Claim{
		ID: fmt.Sprintf("c%d", len(a.claims)+1), SpeakerID: speaker, Cue: "said", CueClass: class, Mode: mode, Text: quote,
		Citations: []crux.Citation{{SourceID: a.src.ID, Content: crux.Span{Start: i, End: i + len(quote)}}},
	})
	return a
}

func (a *art) add(t *testing.T, b *Builder) AddReport {
	t.Helper()
	r, err := b.Add(a.src, a.actors, a.claims)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const textOne = `Harbour fire: what we know
Port authority spokeswoman Anna Kowalczyk said on Monday that "the fire started in the fuel depot shortly after midnight, and nobody was hurt."
"We have not ruled out sabotage at this stage," Kowalczyk told reporters.
The Centre for Maritime Security said the damage pattern pointed to a deliberate act by a foreign navy.`

// textTwo repeats the first article's quotes in other words: trimmed,
// re-punctuated, with an elision, from a different outlet a day later.
const textTwo = `Officials in the port city were cautious on Tuesday.
"The fire started in the fuel depot shortly after midnight," spokeswoman Kowalczyk said, adding that nobody was hurt.
Anna Kowalczyk also said: "We have not ruled out sabotage... at this stage."
According to the CMS, the damage pattern pointed to a deliberate act by a foreign navy.
A dock worker, speaking anonymously, said he heard two blasts.`

func articles() (*art, *art) {
	a := newArt("x", "2024-03-04", "https://news.example/harbour-fire", textOne).
		actor("a1", "Port authority spokeswoman Anna Kowalczyk", crux.Person, "spokeswoman", "Port authority").
		actor("a2", "the Centre for Maritime Security", crux.Organization, "", "").
		claim("a1", crux.Assert, crux.Direct, "the fire started in the fuel depot shortly after midnight, and nobody was hurt.").
		claim("a1", crux.Assert, crux.Direct, "We have not ruled out sabotage at this stage,").
		claim("a2", crux.Assess, crux.Reported, "the damage pattern pointed to a deliberate act by a foreign navy.")
	b := newArt("y", "2024-03-05", "https://other.example/port/", textTwo).
		actor("p1", "spokeswoman Kowalczyk", crux.Person, "spokeswoman", "").
		actor("p2", "Anna Kowalczyk", crux.Person, "", "").
		actor("p3", "CMS", crux.Organization, "", "").
		actor("p4", "A dock worker", crux.Anonymous, "dock worker", "").
		claim("p1", crux.Assert, crux.Direct, "The fire started in the fuel depot shortly after midnight,").
		claim("p2", crux.Assert, crux.Direct, "We have not ruled out sabotage... at this stage.").
		claim("p3", crux.Assess, crux.Reported, "the damage pattern pointed to a deliberate act by a foreign navy.").
		claim("p4", crux.Assert, crux.Reported, "he heard two blasts.")
	return a, b
}

func TestAddIdempotent(t *testing.T) {
	a, _ := articles()
	c := crux.New("t", "t")
	b := NewBuilder(c)
	r1 := a.add(t, b)
	if r1.Skipped || r1.NewClaims != 3 || r1.NewActors != 2 {
		t.Fatalf("first add: %+v", r1)
	}
	EvidenceFromClaims(c)
	before := mustEncode(t, c)
	// the same article again, through the same builder and through a new one
	for _, bb := range []*Builder{b, NewBuilder(c)} {
		r := a.add(t, bb)
		if !r.Skipped || r.SkipReason != "same digest" || r.SourceID != "S1" {
			t.Errorf("re-add: %+v", r)
		}
		EvidenceFromClaims(c)
		if after := mustEncode(t, c); string(after) != string(before) {
			t.Errorf("re-adding the same article changed the case")
		}
	}
	// the same URL with other bytes (a re-scrape) is the same source
	moved := *a
	moved.src.Text += "\nUpdated."
	moved.src.URL = "http://www.news.example/harbour-fire/#top"
	if r := moved.add(t, NewBuilder(c)); !r.Skipped || r.SkipReason != "same URL" {
		t.Errorf("same URL: %+v", r)
	}
	if err := crux.Validate(c); err != nil {
		t.Error(err)
	}
}

func TestAddEchoAddsCitationsNotEvidence(t *testing.T) {
	a, b2 := articles()
	c := crux.New("t", "t")
	bld := NewBuilder(c)
	a.add(t, bld)
	EvidenceFromClaims(c)
	nEv := len(c.Evidence)
	r := b2.add(t, bld)
	t.Logf("second article: %+v", r)
	if r.MergedClaims != 3 || r.NewClaims != 1 {
		t.Errorf("want 3 echoed claims and 1 new, got %+v", r)
	}
	if r.NewActors != 1 || r.MergedActors != 3 {
		t.Errorf("want 3 actors merged (two Kowalczyk mentions, CMS) and 1 new (anonymous), got %+v", r)
	}
	added := EvidenceFromClaims(c)
	if added != 1 || len(c.Evidence) != nEv+1 {
		t.Errorf("evidence: %d added, want 1 (the new statement only)", added)
	}
	for _, cl := range c.Claims[:3] {
		if len(cl.Citations) != 2 {
			t.Errorf("%s: %d citations, want 2", cl.ID, len(cl.Citations))
		}
		if cl.Group == "" {
			t.Errorf("%s: merged claim has no dependence group", cl.ID)
		}
		if cl.Date != "2024-03-04" {
			t.Errorf("%s: date %s, want the earliest report 2024-03-04", cl.ID, cl.Date)
		}
	}
	for _, e := range c.Evidence[:3] {
		if e.Group == "" || e.Group != claimByID(c, e.ClaimID).Group {
			t.Errorf("%s: group %q does not follow its claim", e.ID, e.Group)
		}
	}
	for _, e := range c.Evidence {
		if e.Kind != crux.FromClaim || e.Reliability != "F" || e.Credibility != "6" || e.Relevance != crux.Medium || e.Date == "" {
			t.Errorf("%s: kind %s, grades %s%s, relevance %s, date %q", e.ID, e.Kind, e.Reliability, e.Credibility, e.Relevance, e.Date)
		}
	}
	// start the evidence over with an analyst's fact: it is left alone, and
	// a graded outlet grades the items drawn from its claims
	c.Sources[0].Reliability = "B"
	c.Evidence = nil
	c.Evidence = append(c.Evidence, crux.Evidence{ID: "F1", Kind: crux.Fact, Text: "The depot had no night guard.", Reliability: "B", Credibility: "2", Ratings: map[string]crux.Rating{}})
	fact := mustEncode(t, &crux.Case{Evidence: c.Evidence})
	EvidenceFromClaims(c)
	if got := mustEncode(t, &crux.Case{Evidence: c.Evidence[:1]}); string(got) != string(fact) {
		t.Error("EvidenceFromClaims changed an analyst's fact")
	}
	if e := c.Evidence[1]; e.ClaimID != "C1" || e.Reliability != "B" || e.Credibility != "6" {
		t.Errorf("first claim item: %+v", e)
	}
	if got := c.Actors[0].Name; got != "Port authority spokeswoman Anna Kowalczyk" {
		t.Errorf("actor name %q", got)
	}
	if err := crux.Validate(c); err != nil {
		t.Error(err)
	}
}

func TestEarliestReportWins(t *testing.T) {
	a, b2 := articles()
	// the second article first, then the first (dated a day earlier)
	c := crux.New("t", "t")
	bld := NewBuilder(c)
	b2.add(t, bld)
	a.add(t, bld)
	cl := c.Claims[0]
	if cl.Date != "2024-03-04" || !strings.HasPrefix(cl.Text, "the fire started") {
		t.Errorf("claim keeps %q of %s; want the earlier report's text and date", cl.Text, cl.Date)
	}
}

func claimByID(c *crux.Case, id string) *crux.Claim {
	for i := range c.Claims {
		if c.Claims[i].ID == id {
			return &c.Claims[i]
		}
	}
	return nil
}

func TestAddRejectsBadInput(t *testing.T) {
	a, _ := articles()
	cases := map[string]func(x *art){
		"span outside":    func(x *art) { x.claims[0].Citations[0].Content.End = len(x.src.Text) + 1 },
		"unknown speaker": func(x *art) { x.claims[1].SpeakerID = "zz" },
		"bad cue class":   func(x *art) { x.claims[0].CueClass = "shout" },
		"foreign source":  func(x *art) { x.claims[0].Citations[0].SourceID = "other" },
		"bad kind":        func(x *art) { x.actors[0].Kind = "robot" },
		"bad date":        func(x *art) { x.src.Published = "May 4" },
		"invalid utf8":    func(x *art) { x.src.Text = "\xff" + x.src.Text },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			x := *a
			x.actors = append([]crux.Actor(nil), a.actors...)
			x.claims = nil
			for _, cl := range a.claims {
				cl.Citations = append([]crux.Citation(nil), cl.Citations...)
				x.claims = append(x.claims, cl)
			}
			mutate(&x)
			c := crux.New("t", "t")
			before := mustEncode(t, c)
			if _, err := Add(c, x.src, x.actors, x.claims); err == nil {
				t.Fatal("no error")
			} else {
				t.Log(err)
			}
			if after := mustEncode(t, c); string(after) != string(before) {
				t.Error("a rejected source changed the case")
			}
		})
	}
}

func TestActorMatching(t *testing.T) {
	P, O, G, A := crux.Person, crux.Organization, crux.Group, crux.Anonymous
	type act struct {
		name      string
		kind      crux.ActorKind
		role, aff string
	}
	cases := []struct {
		name     string
		existing []act
		in       act
		want     int // index of the existing actor matched, -1 for a new actor
	}{
		{"surname only", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Kowalczyk", P, "", ""}, 0},
		{"title and role before the name", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Port authority spokeswoman Anna Kowalczyk", P, "", ""}, 0},
		{"initial", []act{{"Anna Kowalczyk", P, "", ""}}, act{"A. Kowalczyk", P, "", ""}, 0},
		{"other given name", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Piotr Kowalczyk", P, "", ""}, -1},
		{"ambiguous surname", []act{{"Anna Kowalczyk", P, "", ""}, {"Piotr Kowalczyk", P, "", ""}}, act{"Kowalczyk", P, "", ""}, -1},
		{"ambiguous surname, affiliation decides", []act{{"Anna Kowalczyk", P, "", "port authority"}, {"Piotr Kowalczyk", P, "", "city council"}}, act{"Kowalczyk", P, "", "city council"}, 1},
		{"President title", []act{{"Marek Nowak", P, "president", ""}}, act{"President Nowak", P, "", ""}, 0},
		{"acronym to full name", []act{{"Centre for Maritime Security", O, "", ""}}, act{"CMS", O, "", ""}, 0},
		{"full name to acronym", []act{{"CMS", O, "", ""}}, act{"the Centre for Maritime Security", O, "", ""}, 0},
		{"parenthesised acronym", []act{{"Institute of Harbour Studies (IHS)", O, "", ""}}, act{"IHS", O, "", ""}, 0},
		{"other organisation", []act{{"Centre for Maritime Security", O, "", ""}}, act{"Coastal Monitoring Service", O, "", ""}, -1},
		{"anonymous never by name", []act{{"a senior diplomat", A, "", ""}}, act{"a senior diplomat", A, "", ""}, -1},
		{"group by its words", []act{{"Polish port officials", G, "", ""}}, act{"Polish Port officials", G, "", ""}, 0},
		{"descriptions never match", []act{{"the company", O, "", ""}}, act{"the company", O, "", ""}, -1},
		{"coordination is not one person", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Piotr Nowak and Anna Kowalczyk", P, "", ""}, -1},
		{"of PLACE dropped", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Sen. Anna Kowalczyk of New Haven", P, "", ""}, 0},
		{"party and state in brackets dropped", []act{{"Anna Kowalczyk", P, "", ""}}, act{"Rep. Anna Kowalczyk (D-Conn.)", P, "", ""}, 0},
		{"role-only without an owner", []act{{"Anna Kowalczyk", P, "spokeswoman", "port authority"}}, act{"the spokeswoman", P, "", ""}, -1},
		{"role-only body, not a function", []act{{"Anna Kowalczyk", P, "company", "port authority"}}, act{"the port authority's company", P, "", ""}, -1},
		{"role-only mention", []act{{"Anna Kowalczyk", P, "spokeswoman", "port authority"}, {"Piotr Nowak", P, "mayor", "city"}}, act{"the port authority's press secretary", P, "", ""}, 0},
		{"role-only, ambiguous", []act{{"Anna Kowalczyk", P, "spokeswoman", "port authority"}, {"Jan Lis", P, "spokesman", "port authority"}}, act{"the port authority's spokesperson", P, "", ""}, -1},
		{"person is not an organisation", []act{{"Nowak Holdings", O, "", ""}}, act{"Nowak", P, "", ""}, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := crux.New("t", "t")
			for i, e := range tc.existing {
				c.Actors = append(c.Actors, crux.Actor{ID: fmt.Sprintf("A%d", i+1), Name: e.name, Kind: e.kind, Role: e.role, Affiliation: e.aff})
			}
			b := NewBuilder(c)
			in := crux.Actor{ID: "x", Name: tc.in.name, Kind: tc.in.kind, Role: tc.in.role, Affiliation: tc.in.aff}
			if got := b.matchActor(&in); got != tc.want {
				t.Errorf("matched %d, want %d", got, tc.want)
			}
		})
	}
}

// A surname-only alias must not make an actor compatible with every given
// name: once Anna Kowalczyk is known, Piotr Kowalczyk is someone else.
func TestNoSurnameChains(t *testing.T) {
	c := crux.New("t", "t")
	c.Actors = []crux.Actor{{ID: "A1", Name: "Anna Kowalczyk", Kind: crux.Person, Aliases: []string{"Kowalczyk", "The port authority"}}}
	b := NewBuilder(c)
	for _, name := range []string{"Piotr Kowalczyk", "The port authority"} {
		in := crux.Actor{ID: "x", Name: name, Kind: crux.Person}
		if got := b.matchActor(&in); got != -1 {
			t.Errorf("%q matched actor %d", name, got)
		}
	}
	// merging keeps only names of the person as aliases
	mergeActorInto(&c.Actors[0], crux.Actor{Name: "A. Kowalczyk", Kind: crux.Person, Aliases: []string{"the Nowak campaign", "Jan Lis"}})
	if got := strings.Join(c.Actors[0].Aliases, "|"); got != "Kowalczyk|The port authority|A. Kowalczyk|the Nowak campaign" {
		t.Errorf("aliases %s", got)
	}
}

func TestSimilarityRule(t *testing.T) {
	cases := []struct {
		a, b string
		want MatchRule
	}{
		{"We will defend every street.", "we will defend every street", Exact},
		{"“We will defend every street,” ", "We will defend every street!", Exact},
		{"We didn't attack the port.", "We did not attack the port.", Exact},
		// a trimmed quote: a fragment of the longer one
		{"the fire started in the fuel depot shortly after midnight, and nobody was hurt.", "The fire started in the fuel depot shortly after midnight,", Containment},
		// an elision
		{"We have not ruled out sabotage at this stage,", "We have not ruled out sabotage... at this stage.", Exact},
		{"We have not ruled out sabotage, or an accident, at this stage", "We have not ruled out sabotage ... at this stage", Containment},
		{"Our navy will respond to this provocation at a time of our choosing and in a manner we choose", "Our navy will respond to this provocation ... in a manner we choose", Containment},
		// translation variants: other function words, same content words
		{"The attack on the depot was prepared by foreign saboteurs over many months", "Foreign saboteurs had prepared the depot attack for many months", WordOverlap},
		// refusals
		{"We attacked the depot at night", "We did not attack the depot at night", NoMatch},
		{"The fire started in the fuel depot", "The fire started in the grain depot", NoMatch},
		{"nobody was hurt", "nobody was hurt in the blast yesterday at the port", NoMatch}, // fragment too short to vouch for
		{"The navy will respond", "The army will respond", NoMatch},
		{"Prices rose sharply in March after the storm damaged the harbour", "Prices fell sharply in March after the storm damaged the harbour cranes and roads", NoMatch},
	}
	for _, tc := range cases {
		got, score := Similar(tc.a, tc.b)
		if got != tc.want {
			t.Errorf("Similar(%q, %q) = %q (%.2f), want %q", tc.a, tc.b, got, score, tc.want)
		}
		if r, _ := Similar(tc.b, tc.a); r != got {
			t.Errorf("Similar is not symmetric on %q / %q", tc.a, tc.b)
		}
	}
}

func TestClaimsOfDifferentSpeakersNeverMerge(t *testing.T) {
	text1 := `"We will rebuild the depot within a year," the mayor, Piotr Nowak, said.`
	text2 := `"We will rebuild the depot within a year," port chief Ewa Lis said.`
	a := newArt("1", "2024-01-01", "", text1).actor("a", "Piotr Nowak", crux.Person, "mayor", "").
		claim("a", crux.Assert, crux.Direct, "We will rebuild the depot within a year,")
	b := newArt("2", "2024-01-02", "", text2).actor("a", "Ewa Lis", crux.Person, "", "").
		claim("a", crux.Assert, crux.Direct, "We will rebuild the depot within a year,")
	c := crux.New("t", "t")
	bld := NewBuilder(c)
	a.add(t, bld)
	if r := b.add(t, bld); r.MergedClaims != 0 || len(c.Claims) != 2 {
		t.Errorf("same words from another speaker merged: %+v", r)
	}
}

func TestSameSourceClaimsStaySeparate(t *testing.T) {
	text := `"We will rebuild the depot within a year," Nowak said. Later he repeated: "We will rebuild the depot within a year."`
	a := newArt("1", "2024-01-01", "", text).actor("a", "Piotr Nowak", crux.Person, "", "")
	a.claim("a", crux.Assert, crux.Direct, "We will rebuild the depot within a year,")
	i := strings.LastIndex(text, "We will")
	a.claims = append(a.claims, crux.Claim{ID: "c2", SpeakerID: "a", CueClass: crux.Assert, Mode: crux.Direct, Text: "We will rebuild the depot within a year.",
		Citations: []crux.Citation{{Content: crux.Span{Start: i, End: i + 40}}}})
	c := crux.New("t", "t")
	if r, err := Add(c, a.src, a.actors, a.claims); err != nil || r.NewClaims != 2 {
		t.Errorf("%+v %v", r, err)
	}
}
