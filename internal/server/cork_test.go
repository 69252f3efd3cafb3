package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"lumbung/internal/config"
	"lumbung/internal/server"
)

// TestServeCorking runs the real Serve loop (with TCP_CORK on GET answers):
// pages arrive whole and promptly, and a request waiting for
// "100 Continue" is not held back by a cork.
func TestServeCorking(t *testing.T) {
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Demo = true
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() {
		cancel()
		<-done
	}()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < 3; i++ { // the same keep-alive connection: corked, uncorked, corked again
		start := time.Now()
		resp, err := client.Get(base + "/practices/1")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "</html>") {
			t.Fatalf("GET: %d, %d bytes", resp.StatusCode, len(body))
		}
		if d := time.Since(start); d > 150*time.Millisecond {
			t.Errorf("GET %d took %v: a cork held the answer back", i, d)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/practices", strings.NewReader(strings.Repeat("x", 5000)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Expect", "100-continue")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if d := time.Since(start); d > 150*time.Millisecond {
		t.Errorf("POST with Expect: 100-continue took %v", d)
	}
}
