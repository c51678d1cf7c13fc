package exchange

import (
	"maps"
	"slices"

	"github.com/cruxlab/crux"
)

// Clone returns a deep copy of c: no slice, map or pointer is shared, so the
// copy can be changed without touching the original.
func Clone(c *crux.Case) *crux.Case {
	if c == nil {
		return nil
	}
	n := *c
	n.Sources = cloneSlice(c.Sources, func(s crux.Source) crux.Source {
		s.Authors = slices.Clone(s.Authors)
		s.Paragraphs = slices.Clone(s.Paragraphs)
		s.Links = slices.Clone(s.Links)
		return s
	})
	n.Actors = cloneSlice(c.Actors, func(a crux.Actor) crux.Actor {
		a.Aliases = slices.Clone(a.Aliases)
		return a
	})
	n.Claims = cloneSlice(c.Claims, func(cl crux.Claim) crux.Claim {
		cl.Citations = cloneCitations(cl.Citations)
		return cl
	})
	n.Hypotheses = cloneSlice(c.Hypotheses, func(h crux.Hypothesis) crux.Hypothesis {
		h.Prior = clonePtr(h.Prior)
		h.Passages = cloneCitations(h.Passages)
		return h
	})
	n.Evidence = cloneSlice(c.Evidence, cloneEvidence)
	return &n
}

func cloneEvidence(e crux.Evidence) crux.Evidence {
	if e.Ratings != nil {
		r := maps.Clone(e.Ratings)
		for k, v := range r {
			v.Likelihood = clonePtr(v.Likelihood)
			r[k] = v
		}
		e.Ratings = r
	}
	return e
}

func cloneCitations(cs []crux.Citation) []crux.Citation {
	return cloneSlice(cs, func(c crux.Citation) crux.Citation {
		c.Cue = clonePtr(c.Cue)
		c.Speaker = clonePtr(c.Speaker)
		return c
	})
}

func cloneSlice[T any](s []T, f func(T) T) []T {
	if s == nil {
		return nil
	}
	out := make([]T, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
