package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// TestReadershipAPI: a practice read through the API counts for the
// reader's agency the same day, in the documented shape; bad periods are
// 422 and a contributor is refused.
func TestReadershipAPI(t *testing.T) {
	e := newEnv(t)
	p, err := e.app.CreatePractice(context.Background(), app.System, app.PracticeInput{OrgCode: "dinas-a", Practice: km.Practice{
		Title: "Praktik dibaca", Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	if resp := e.do("GET", fmt.Sprintf("/api/v1/practices/%d", p.ID), "kontributor@b.go.id", nil, nil); resp.StatusCode != http.StatusOK {
		t.Fatalf("read: %d", resp.StatusCode)
	}
	e.app.Usage.(interface{ Flush() }).Flush()
	today := time.Now().In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly)
	var rep struct {
		From, To      string
		Organisations []struct {
			Code      string
			Name      string
			Headcount int
			Readers   int
			Share     *float64
		}
	}
	path := "/api/v1/stats/readership?from=" + today + "&to=" + today
	if resp := e.do("GET", path, "admin@root.go.id", nil, &rep); resp.StatusCode != http.StatusOK {
		t.Fatalf("readership: %d", resp.StatusCode)
	}
	if rep.From != today || rep.To != today || len(rep.Organisations) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	for _, o := range rep.Organisations {
		want := map[string]int{"dinas-a": 0, "dinas-b": 1}[o.Code]
		if o.Readers != want || o.Share != nil || o.Name == "" {
			t.Errorf("%s: %d readers, share %v; want %d and null (headcount 0)", o.Code, o.Readers, o.Share, want)
		}
	}
	if resp := e.do("GET", "/api/v1/stats/readership?from="+today+"&to=2000-01-01", "admin@root.go.id", nil, nil); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("end before start: %d", resp.StatusCode)
	}
	if resp := e.do("GET", path, "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor: %d", resp.StatusCode)
	}
	if resp := e.do("GET", path, "", nil, nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous: %d", resp.StatusCode)
	}
}
