package exchange

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/cruxlab/crux"
)

// ClaimReview returns the claims of c as schema.org ClaimReview JSON-LD: one
// document with "@context": "https://schema.org" and an "@graph" holding
// one ClaimReview per claim, in case order. The mapping:
//
//	ClaimReview.claimReviewed          claim text
//	ClaimReview.itemReviewed           a Claim:
//	  Claim.author                     the speaker: Person for a person or an
//	                                   anonymous source (name = the description
//	                                   as written, description "anonymous
//	                                   source"), Organization for an
//	                                   organization or a group; for a Person
//	                                   jobTitle = role and affiliation an
//	                                   Organization, for an Organization
//	                                   parentOrganization = affiliation
//	  Claim.datePublished              claim date (when said, else first reported)
//	  Claim.appearance                 one CreativeWork per citation's source:
//	                                   url, headline (title), datePublished,
//	                                   publisher (outlet), author (bylines)
//	  Claim.firstAppearance            the earliest dated of those
//	ClaimReview.datePublished          the case's updated date, when set
//	ClaimReview.url / @id              "#claim-" + claim ID: the claim's anchor in crux's report
//	ClaimReview.reviewRating           only for claims the analyst graded: the
//	                                   Admiralty credibility (1–5) of the first
//	                                   evidence item drawn from the claim, as a
//	                                   Rating with bestRating 5 (confirmed),
//	                                   worstRating 1 (improbable), ratingValue
//	                                   6 − credibility and alternateName the
//	                                   grade's words ("probably true").
//	                                   Credibility 6 ("cannot be judged") and
//	                                   ungraded claims get no reviewRating.
//
// ClaimReview is an export: it cannot carry byte offsets, cue classes or
// ratings, so crux does not import it.
func ClaimReview(c *crux.Case) ([]byte, error) {
	if c == nil {
		return nil, fmt.Errorf("claimreview: no case")
	}
	actors := c.ActorsByID()
	sources := map[string]crux.Source{}
	for _, s := range c.Sources {
		sources[s.ID] = s
	}
	grade := map[string]crux.Credibility{}
	for _, e := range c.Evidence {
		if e.ClaimID != "" && e.Credibility != "" {
			if _, ok := grade[e.ClaimID]; !ok {
				grade[e.ClaimID] = e.Credibility
			}
		}
	}
	graph := make([]map[string]any, 0, len(c.Claims))
	for _, cl := range c.Claims {
		claim := map[string]any{"@type": "Claim"}
		if a, ok := actors[cl.SpeakerID]; ok {
			claim["author"] = author(a)
		}
		if cl.Date != "" {
			claim["datePublished"] = cl.Date
		}
		var apps []map[string]any
		seen := map[string]bool{}
		first, firstDate := map[string]any(nil), ""
		for _, ct := range cl.Citations {
			if seen[ct.SourceID] {
				continue
			}
			seen[ct.SourceID] = true
			s := sources[ct.SourceID]
			w := map[string]any{"@type": "CreativeWork"}
			if s.URL != "" {
				w["url"] = s.URL
			}
			if s.Title != "" {
				w["headline"] = s.Title
			}
			date := s.Published
			if date == "" {
				date = ct.Date
			}
			if date != "" {
				w["datePublished"] = date
			}
			if s.Outlet != "" {
				w["publisher"] = map[string]any{"@type": "Organization", "name": s.Outlet}
			}
			if len(s.Authors) > 0 {
				var as []map[string]any
				for _, n := range s.Authors {
					as = append(as, map[string]any{"@type": "Person", "name": n})
				}
				w["author"] = as
			}
			apps = append(apps, w)
			if date != "" && (firstDate == "" || date < firstDate) {
				first, firstDate = w, date
			}
		}
		if len(apps) > 0 {
			claim["appearance"] = apps
		}
		if first != nil {
			claim["firstAppearance"] = first
		}
		review := map[string]any{
			"@type":         "ClaimReview",
			"@id":           "#claim-" + cl.ID,
			"url":           "#claim-" + cl.ID,
			"claimReviewed": cl.Text,
			"itemReviewed":  claim,
		}
		if !c.Updated.IsZero() {
			review["datePublished"] = c.Updated.UTC().Format("2006-01-02")
		}
		if g, ok := grade[cl.ID]; ok && g != "6" {
			n, err := strconv.Atoi(string(g))
			if err == nil && n >= 1 && n <= 5 {
				review["reviewRating"] = map[string]any{
					"@type":         "Rating",
					"ratingValue":   6 - n,
					"bestRating":    5,
					"worstRating":   1,
					"alternateName": crux.CredibilityLabels[g],
					"ratingExplanation": fmt.Sprintf("NATO Admiralty credibility %s (%s), graded by the analyst",
						g, crux.CredibilityLabels[g]),
				}
			}
		}
		graph = append(graph, review)
	}
	doc := map[string]any{"@context": "https://schema.org", "@graph": graph}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func author(a crux.Actor) map[string]any {
	p := map[string]any{"name": a.Name}
	switch a.Kind {
	case crux.Organization, crux.Group:
		p["@type"] = "Organization"
	default:
		p["@type"] = "Person"
	}
	if a.IsAnonymous() {
		p["description"] = "anonymous source"
	}
	if p["@type"] == "Person" {
		if a.Role != "" {
			p["jobTitle"] = a.Role
		}
		if a.Affiliation != "" {
			p["affiliation"] = map[string]any{"@type": "Organization", "name": a.Affiliation}
		}
	} else if a.Affiliation != "" {
		p["parentOrganization"] = map[string]any{"@type": "Organization", "name": a.Affiliation}
	}
	if len(a.Aliases) > 0 {
		p["alternateName"] = a.Aliases
	}
	return p
}
