package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"lumbung/internal/config"
)

// TestServeCorking runs the real Serve loop (with TCP_CORK on GET answers):
// pages arrive whole and promptly, and a request waiting for
// "100 Continue" is not held back by a cork.
func TestServeCorking(t *testing.T) {
	srv := newServer(t, func(c *config.Config) { c.Demo = true })
	base := "http://" + serve(t, srv)
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
