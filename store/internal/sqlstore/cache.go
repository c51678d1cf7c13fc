package sqlstore

import (
	"encoding/json"
	"reflect"
	"sync"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/store"
)

// docCache keeps the decoded structure of recently read cases, keyed by
// case ID and checked against the stored document's text, so that a read
// that finds the same document copies the decoded case instead of parsing
// JSON again (parsing is most of a read's cost). Callers get deep copies.
type docCache struct {
	mu sync.Mutex
	m  map[string]cachedDoc
}

type cachedDoc struct {
	doc string
	c   *crux.Case
}

const docCacheSize = 64

func (dc *docCache) decode(id, doc string) (*crux.Case, error) {
	dc.mu.Lock()
	hit, ok := dc.m[id]
	dc.mu.Unlock()
	if ok && hit.doc == doc {
		return deepCopy(hit.c), nil
	}
	c := new(crux.Case)
	if err := json.Unmarshal([]byte(doc), c); err != nil {
		return nil, err
	}
	dc.mu.Lock()
	if dc.m == nil {
		dc.m = map[string]cachedDoc{}
	}
	if len(dc.m) >= docCacheSize {
		for k := range dc.m { // drop an arbitrary entry
			delete(dc.m, k)
			break
		}
	}
	dc.m[id] = cachedDoc{doc, c}
	dc.mu.Unlock()
	return deepCopy(c), nil
}

func (dc *docCache) forget(id string) {
	dc.mu.Lock()
	delete(dc.m, id)
	dc.mu.Unlock()
}

// caseCache keeps whole cases (structure and case ratings) as last read,
// keyed by ID and checked against version and creation time.
type caseCache struct {
	mu sync.Mutex
	m  map[string]cachedCase
}

type cachedCase struct {
	v       store.Version
	created int64
	c       *crux.Case
}

// get returns a copy of the cached case if it is at version v.
func (cc *caseCache) get(id string, v store.Version, created int64) *crux.Case {
	cc.mu.Lock()
	hit, ok := cc.m[id]
	cc.mu.Unlock()
	if !ok || hit.v != v || hit.created != created {
		return nil
	}
	return deepCopy(hit.c)
}

// put keeps c, which the caller must not use afterwards.
func (cc *caseCache) put(id string, v store.Version, created int64, c *crux.Case) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.m == nil {
		cc.m = map[string]cachedCase{}
	}
	if old, ok := cc.m[id]; ok && old.created == created && old.v > v {
		return // a newer version is cached already
	}
	if len(cc.m) >= docCacheSize {
		for k := range cc.m {
			delete(cc.m, k)
			break
		}
	}
	cc.m[id] = cachedCase{v, created, c}
}

// deepCopy copies a value so that no pointer, slice or map is shared with
// the original. It follows every exported field, so it stays deep when
// fields are added to the model; unexported fields are copied as they are
// (time.Time's location, which is immutable).
func deepCopy[T any](v *T) *T {
	out := copyValue(reflect.ValueOf(v))
	return out.Interface().(*T)
}

func copyValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(copyValue(v.Elem()))
		return p
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		s := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		if plain(v.Type().Elem()) {
			reflect.Copy(s, v)
			return s
		}
		for i := 0; i < v.Len(); i++ {
			s.Index(i).Set(copyValue(v.Index(i)))
		}
		return s
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		m := reflect.MakeMapWithSize(v.Type(), v.Len())
		iter := v.MapRange()
		for iter.Next() {
			m.SetMapIndex(iter.Key(), copyValue(iter.Value()))
		}
		return m
	case reflect.Struct:
		s := reflect.New(v.Type()).Elem()
		s.Set(v)
		for _, i := range deepFields(v.Type()) {
			if f := v.Field(i); !f.IsZero() {
				s.Field(i).Set(copyValue(f))
			}
		}
		return s
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(copyValue(v.Elem()))
		return c
	}
	return v
}

var plainCache, fieldCache sync.Map

// deepFields lists the exported fields of struct type t that need a deep copy.
func deepFields(t reflect.Type) []int {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).IsExported() && !plain(t.Field(i).Type) {
			idx = append(idx, i)
		}
	}
	fieldCache.Store(t, idx)
	return idx
}

// plain reports whether values of t hold no pointers, slices or maps
// reachable through exported fields, so a shallow copy is a deep one.
func plain(t reflect.Type) bool {
	if v, ok := plainCache.Load(t); ok {
		return v.(bool)
	}
	var p bool
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p = false
	case reflect.Array:
		p = plain(t.Elem())
	case reflect.Struct:
		p = true
		for i := 0; i < t.NumField(); i++ {
			if t.Field(i).IsExported() && !plain(t.Field(i).Type) {
				p = false
			}
		}
	default:
		p = true
	}
	plainCache.Store(t, p)
	return p
}
