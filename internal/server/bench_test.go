package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"lumbung/internal/config"
	"lumbung/internal/server"
)

// BenchmarkPracticePage renders a public demo practice through the whole
// handler (middleware, sessions, store, markdown, related practices), as
// bench/foundation/run.sh does over the network with wrk.
func BenchmarkPracticePage(b *testing.B) {
	cfg := config.Defaults()
	cfg.DataDir = b.TempDir()
	cfg.Demo = true
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
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
