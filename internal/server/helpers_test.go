package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"lumbung/internal/config"
	"lumbung/internal/server"
	"lumbung/internal/store/storetest"
)

// newServer builds a server on a fresh data directory and database (a new
// PostgreSQL schema when the tests run against PostgreSQL), with the
// defaults as edit leaves them, and closes it when the test ends.
func newServer(tb testing.TB, edit func(*config.Config)) *server.Server {
	tb.Helper()
	cfg := config.Defaults()
	cfg.DataDir = tb.TempDir()
	cfg.DatabaseURL = storetest.SchemaURL(tb)
	if edit != nil {
		edit(&cfg)
	}
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { srv.Close() })
	return srv
}

// serve runs srv's Serve loop (with its background jobs) on a loopback
// port until the test ends, and returns the port's address.
func serve(t *testing.T, srv *server.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}
