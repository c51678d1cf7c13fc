package sqlstore

import (
	"encoding/json"
	"reflect"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// diff counts what changed between two states of a case, by part and ID.
func diff(old, c *crux.Case) store.ChangeDetail {
	d := store.ChangeDetail{Added: map[string]int{}, Removed: map[string]int{}, Changed: map[string]int{}}
	if old == nil {
		old = &crux.Case{}
	}
	part(d, "sources", ids(old.Sources, func(s crux.Source) string { return s.ID }), ids(c.Sources, func(s crux.Source) string { return s.ID }))
	part(d, "actors", ids(old.Actors, func(a crux.Actor) string { return a.ID }), ids(c.Actors, func(a crux.Actor) string { return a.ID }))
	part(d, "claims", ids(old.Claims, func(a crux.Claim) string { return a.ID }), ids(c.Claims, func(a crux.Claim) string { return a.ID }))
	part(d, "hypotheses", ids(old.Hypotheses, func(a crux.Hypothesis) string { return a.ID }), ids(c.Hypotheses, func(a crux.Hypothesis) string { return a.ID }))
	oe := map[string]any{}
	ne := map[string]any{}
	var oOrder, nOrder []string
	for _, e := range old.Evidence {
		oOrder = append(oOrder, e.ID)
		e.Ratings = nil
		oe[e.ID] = e
	}
	for _, e := range c.Evidence {
		nOrder = append(nOrder, e.ID)
		e.Ratings = nil
		ne[e.ID] = e
	}
	part(d, "evidence", idsOf(oe, oOrder), idsOf(ne, nOrder))
	if old.Title != c.Title || old.Question != c.Question || old.Description != c.Description || old.EventDate != c.EventDate {
		d.Changed["case"] = 1
	}
	for _, m := range []map[string]int{d.Added, d.Removed, d.Changed} {
		for k, v := range m {
			if v == 0 {
				delete(m, k)
			}
		}
	}
	if len(d.Added) == 0 {
		d.Added = nil
	}
	if len(d.Removed) == 0 {
		d.Removed = nil
	}
	if len(d.Changed) == 0 {
		d.Changed = nil
	}
	return d
}

type keyed struct {
	order []string
	items map[string]any
}

func ids[T any](xs []T, id func(T) string) keyed {
	k := keyed{items: make(map[string]any, len(xs))}
	for _, x := range xs {
		i := id(x)
		k.order = append(k.order, i)
		k.items[i] = x
	}
	return k
}

func idsOf(m map[string]any, order []string) keyed { return keyed{order: order, items: m} }

func part(d store.ChangeDetail, name string, old, cur keyed) {
	for id, x := range cur.items {
		o, ok := old.items[id]
		switch {
		case !ok:
			d.Added[name]++
		case !reflect.DeepEqual(o, x) && !sameJSON(o, x):
			d.Changed[name]++
		}
	}
	for id := range old.items {
		if _, ok := cur.items[id]; !ok {
			d.Removed[name]++
		}
	}
	// Order: compare the relative order of the IDs present in both.
	var a, b []string
	for _, id := range old.order {
		if _, ok := cur.items[id]; ok {
			a = append(a, id)
		}
	}
	for _, id := range cur.order {
		if _, ok := old.items[id]; ok {
			b = append(b, id)
		}
	}
	if !reflect.DeepEqual(a, b) {
		d.Changed["order."+name] = 1
	}
}

// sameJSON treats nil and empty slices alike, as the stored JSON does.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
