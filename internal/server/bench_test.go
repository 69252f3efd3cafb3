package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"lumbung/internal/config"
)

// BenchmarkPracticePage renders a public demo practice through the whole
// handler (middleware, sessions, store, markdown, related practices), as
// bench/foundation/run.sh does over the network with wrk.
func BenchmarkPracticePage(b *testing.B) {
	srv := newServer(b, func(c *config.Config) { c.Demo = true })
	req := httptest.NewRequest(http.MethodGet, "/practices/1", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		srv.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
