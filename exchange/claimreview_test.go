package exchange

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/internal/testenv"
	"github.com/cruxlab/crux/internal/testenv/golden"
)

type review struct {
	Type          string `json:"@type"`
	ID            string `json:"@id"`
	ClaimReviewed string `json:"claimReviewed"`
	ItemReviewed  struct {
		Type   string `json:"@type"`
		Author struct {
			Type                        string `json:"@type"`
			Name, JobTitle, Description string
		} `json:"author"`
		DatePublished string `json:"datePublished"`
		Appearance    []struct {
			Type string `json:"@type"`
			URL  string `json:"url"`
		} `json:"appearance"`
	} `json:"itemReviewed"`
	ReviewRating *struct {
		Type                                 string `json:"@type"`
		RatingValue, BestRating, WorstRating int
		AlternateName                        string
	} `json:"reviewRating"`
}

func parseReviews(t *testing.T, b []byte) []review {
	t.Helper()
	var doc struct {
		Context string   `json:"@context"`
		Graph   []review `json:"@graph"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if doc.Context != "https://schema.org" {
		t.Errorf("@context = %q", doc.Context)
	}
	return doc.Graph
}

func TestClaimReview(t *testing.T) {
	c := testenv.LoadCase(t, "testdata/small.json")
	b, err := ClaimReview(c)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/small.claimreview.jsonld", b)
	rs := parseReviews(t, b)
	if len(rs) != len(c.Claims) {
		t.Fatalf("%d reviews for %d claims", len(rs), len(c.Claims))
	}
	r := rs[2] // c3: the anonymous official, graded credibility 3 via E3
	if r.Type != "ClaimReview" || r.ClaimReviewed != "fuel was found" || r.ItemReviewed.Type != "Claim" ||
		r.ItemReviewed.Author.Type != "Person" || r.ItemReviewed.Author.Description != "anonymous source" {
		t.Errorf("c3 review = %+v", r)
	}
	if r.ReviewRating == nil || r.ReviewRating.RatingValue != 3 || r.ReviewRating.BestRating != 5 || r.ReviewRating.AlternateName != "possibly true" {
		t.Errorf("c3 rating = %+v", r.ReviewRating)
	}
	if got := rs[3].ItemReviewed.Appearance; len(got) != 1 || got[0].URL != "https://example.org/insurers?a=1&b=2" {
		t.Errorf("c4 appearance = %+v", got)
	}
	if rs[4].ReviewRating != nil {
		t.Errorf("c5 has no graded evidence but got a rating %+v", rs[4].ReviewRating)
	}
	// Hostile text stays data: JSON escapes it and it decodes back exactly.
	if rs[4].ClaimReviewed != c.Claims[4].Text || strings.Contains(string(b), "<script>") {
		t.Errorf("c5 text %q; raw output must escape '<'", rs[4].ClaimReviewed)
	}
}

// TestClaimReviewKeepsEveryClaim checks on random cases that each claim's
// text, speaker and source URLs come through (ClaimReview is export only,
// so this is the round trip it can have).
func TestClaimReviewKeepsEveryClaim(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for range 200 {
		c := randomCase(r, 5)
		b, err := ClaimReview(c)
		if err != nil {
			t.Fatal(err)
		}
		rs := parseReviews(t, b)
		actors := map[string]crux.Actor{}
		for _, a := range c.Actors {
			actors[a.ID] = a
		}
		for i, cl := range c.Claims {
			got := rs[i]
			if got.ClaimReviewed != cl.Text || got.ItemReviewed.Author.Name != actors[cl.SpeakerID].Name || got.ID != "#claim-"+cl.ID {
				t.Fatalf("claim %d: %+v", i, got)
			}
		}
	}
}
