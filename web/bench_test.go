package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cruxlab/crux/examples"
)

// BenchmarkMatrixRead measures the server side of one matrix read (the
// handler chain without the network): authentication, role, cache, body.
func BenchmarkMatrixRead(b *testing.B) {
	e := newEnv(b, Options{})
	c := examples.KremlinDrone()
	bob, _ := e.st.UserByName(context.Background(), "bob")
	if _, err := e.st.CreateCase(context.Background(), c, bob.ID); err != nil {
		b.Fatal(err)
	}
	h := e.srv.Handler()
	req := httptest.NewRequest("GET", "/api/cases/"+c.ID+"/matrix", nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens["bob"])
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%d %s", w.Code, w.Body)
	}
	b.SetBytes(int64(w.Body.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
	}
}
