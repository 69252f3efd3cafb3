package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"lumbung/internal/app"
)

// TestPageCacheFollowsWrites: an anonymous visitor's cached page changes as
// soon as the practice does, and a signed-in visitor never gets the cached
// copy.
func TestPageCacheFollowsWrites(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	first := c.get("/practices/1")
	wantStatus(t, first, http.StatusOK)
	again := c.get("/practices/1")
	if again.Body != first.Body {
		t.Fatalf("second anonymous view differs from the first")
	}
	ctx := context.Background()
	p, err := s.App.Practice(ctx, app.System, 1)
	if err != nil {
		t.Fatal(err)
	}
	p.Title = "Judul baru setelah suntingan"
	if _, err := s.App.UpdatePractice(ctx, app.System, app.PracticeInput{Practice: p}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, c.get("/practices/1"), "Judul baru setelah suntingan")
	// Lang is part of the key.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/practices/1", nil)
	req.Header.Set("Accept-Language", "en")
	if res := c.do(req); !strings.Contains(res.Body, `lang="en"`) {
		t.Errorf("English visitor got the Indonesian cached page")
	}
}
