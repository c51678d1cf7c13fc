package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/cruxlab/crux"
)

// part describes one list of a case (sources, actors, claims, hypotheses,
// evidence) so that one set of generic handlers serves them all.
type part[T any] struct {
	name     string // the URL segment: "sources"
	prefix   string // the prefix of generated IDs: "S"
	list     func(c *crux.Case) *[]T
	id       func(*T) *string
	onDelete func(c *crux.Case, id string) error // cascade or refuse
	onPut    func(old, nu *T)                    // keep what the body does not carry
}

var (
	sourcesPart = part[crux.Source]{name: "sources", prefix: "S",
		list: func(c *crux.Case) *[]crux.Source { return &c.Sources },
		id:   func(x *crux.Source) *string { return &x.ID }}
	actorsPart = part[crux.Actor]{name: "actors", prefix: "A",
		list: func(c *crux.Case) *[]crux.Actor { return &c.Actors },
		id:   func(x *crux.Actor) *string { return &x.ID }}
	claimsPart = part[crux.Claim]{name: "claims", prefix: "C",
		list: func(c *crux.Case) *[]crux.Claim { return &c.Claims },
		id:   func(x *crux.Claim) *string { return &x.ID }}
	hypothesesPart = part[crux.Hypothesis]{name: "hypotheses", prefix: "H",
		list: func(c *crux.Case) *[]crux.Hypothesis { return &c.Hypotheses },
		id:   func(x *crux.Hypothesis) *string { return &x.ID },
		onDelete: func(c *crux.Case, id string) error {
			for i := range c.Evidence {
				delete(c.Evidence[i].Ratings, id)
			}
			return nil
		}}
	evidencePart = part[crux.Evidence]{name: "evidence", prefix: "E",
		list: func(c *crux.Case) *[]crux.Evidence { return &c.Evidence },
		id:   func(x *crux.Evidence) *string { return &x.ID },
		onPut: func(old, nu *crux.Evidence) {
			// ratings are set cell by cell through the ratings route, per
			// analyst; an evidence body never erases them
			if nu.Ratings == nil {
				nu.Ratings = old.Ratings
			}
		}}
)

func (p part[T]) find(c *crux.Case, id string) int {
	l := *p.list(c)
	for i := range l {
		if *p.id(&l[i]) == id {
			return i
		}
	}
	return -1
}

// nextID returns the first prefix+n not used in the list.
func (p part[T]) nextID(c *crux.Case) string {
	used := map[string]bool{}
	l := *p.list(c)
	for i := range l {
		used[*p.id(&l[i])] = true
	}
	for n := len(l) + 1; ; n++ {
		if id := p.prefix + strconv.Itoa(n); !used[id] {
			return id
		}
	}
}

// create appends x, assigning an ID when it has none.
func (p part[T]) create(c *crux.Case, x T) (string, error) {
	id := p.id(&x)
	if *id == "" {
		*id = p.nextID(c)
	} else if p.find(c, *id) >= 0 {
		return "", &badBody{status: http.StatusConflict, path: "id", msg: fmt.Sprintf("%s %q already exists", p.name, *id)}
	}
	*p.list(c) = append(*p.list(c), x)
	return *id, nil
}

// replace puts x in place of the item with the given ID.
func (p part[T]) replace(c *crux.Case, id string, x T) error {
	i := p.find(c, id)
	if i < 0 {
		return &badBody{status: http.StatusNotFound, msg: fmt.Sprintf("no %s %q in this case", p.name, id)}
	}
	xid := p.id(&x)
	if *xid == "" {
		*xid = id
	} else if *xid != id {
		return &badBody{status: http.StatusBadRequest, path: "id", msg: fmt.Sprintf("id %q differs from the URL's %q; IDs cannot be changed", *xid, id)}
	}
	l := *p.list(c)
	if p.onPut != nil {
		p.onPut(&l[i], &x)
	}
	l[i] = x
	return nil
}

func (p part[T]) remove(c *crux.Case, id string) error {
	i := p.find(c, id)
	if i < 0 {
		return &badBody{status: http.StatusNotFound, msg: fmt.Sprintf("no %s %q in this case", p.name, id)}
	}
	l := p.list(c)
	*l = append((*l)[:i:i], (*l)[i+1:]...)
	if p.onDelete != nil {
		return p.onDelete(c, id)
	}
	return nil
}

// reorderBody is the body of POST /api/cases/{case}/order: the new order of
// the hypotheses and/or the evidence, each a permutation of the IDs.
type reorderBody struct {
	Hypotheses []string `json:"hypotheses,omitempty"`
	Evidence   []string `json:"evidence,omitempty"`
}

func reorder[T any](p part[T], c *crux.Case, ids []string) error {
	if ids == nil {
		return nil
	}
	l := *p.list(c)
	if len(ids) != len(l) {
		return &badBody{status: http.StatusUnprocessableEntity, path: p.name,
			msg: fmt.Sprintf("want all %d IDs in their new order, got %d", len(l), len(ids))}
	}
	out := make([]T, 0, len(l))
	seen := map[string]bool{}
	for k, id := range ids {
		i := p.find(c, id)
		if i < 0 || seen[id] {
			return &badBody{status: http.StatusUnprocessableEntity, path: fmt.Sprintf("%s[%d]", p.name, k),
				msg: fmt.Sprintf("unknown or repeated id %q", id)}
		}
		seen[id] = true
		out = append(out, l[i])
	}
	*p.list(c) = out
	return nil
}

// clone returns a deep enough copy of a case for mutation: every slice and
// rating map is fresh, so the original (perhaps cached) stays untouched.
func clone(c *crux.Case) *crux.Case {
	n := *c
	n.Sources = append([]crux.Source(nil), c.Sources...)
	n.Actors = append([]crux.Actor(nil), c.Actors...)
	n.Claims = append([]crux.Claim(nil), c.Claims...)
	n.Hypotheses = append([]crux.Hypothesis(nil), c.Hypotheses...)
	n.Evidence = append([]crux.Evidence(nil), c.Evidence...)
	for i := range n.Evidence {
		m := make(map[string]crux.Rating, len(n.Evidence[i].Ratings))
		for k, v := range n.Evidence[i].Ratings {
			m[k] = v
		}
		n.Evidence[i].Ratings = m
	}
	return &n
}
