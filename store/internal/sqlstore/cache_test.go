package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/cruxlab/crux"
	"github.com/cruxlab/crux/examples"
)

// TestDeepCopyShares nothing: every pointer, slice and map reachable from
// the copy differs from the original's, and the two are equal.
func TestDeepCopy(t *testing.T) {
	c, err := examples.Load(examples.Default)
	if err != nil {
		t.Fatal(err)
	}
	p := 0.5
	c.Hypotheses[0].Prior = &p
	c.Created = time.Now()
	d := deepCopy(c)
	if !reflect.DeepEqual(c, d) {
		t.Fatal("copy differs from the original")
	}
	var walk func(a, b reflect.Value, path string)
	walk = func(a, b reflect.Value, path string) {
		switch a.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			shared := false
			switch a.Kind() {
			case reflect.Pointer, reflect.Map:
				shared = !a.IsNil() && a.Pointer() == b.Pointer()
			case reflect.Slice:
				shared = a.Len() > 0 && a.Pointer() == b.Pointer()
			}
			if shared {
				t.Fatalf("%s shared", path)
			}
			switch a.Kind() {
			case reflect.Pointer:
				if !a.IsNil() {
					walk(a.Elem(), b.Elem(), path+"*")
				}
			case reflect.Slice:
				for i := 0; i < a.Len(); i++ {
					walk(a.Index(i), b.Index(i), path+"[]")
				}
			case reflect.Map:
				for _, k := range a.MapKeys() {
					walk(a.MapIndex(k), b.MapIndex(k), path+"."+k.String())
				}
			}
		case reflect.Struct:
			for i := 0; i < a.NumField(); i++ {
				if a.Type().Field(i).IsExported() {
					walk(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
				}
			}
		}
	}
	walk(reflect.ValueOf(c), reflect.ValueOf(d), "case")
	before, _ := json.Marshal(c)
	d.Evidence[0].Ratings[c.Hypotheses[0].ID] = crux.Rating{Value: crux.VeryInconsistent}
	d.Sources[0].Authors = append(d.Sources[0].Authors[:0], "someone else")
	*d.Hypotheses[0].Prior = 9
	after, _ := json.Marshal(c)
	if string(before) != string(after) {
		t.Fatal("changing the copy changed the original")
	}
}
