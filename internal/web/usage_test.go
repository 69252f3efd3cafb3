package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/app/awardtest"
	"lumbung/internal/km"
)

// TestReadsRecorded: opening a published practice (page or API) is a
// usage event, written off the request path; a signed-in person counts
// once a day as a reader of their agency; a failed or draft view is not a
// read; IP addresses are erased after the retention period.
func TestReadsRecorded(t *testing.T) {
	s := newSite(t, false)
	awardtest.People(t, s.App) // agency A, its contributor, a published practice
	ctx := context.Background()
	pub := awardtest.PracticeAID(t, s.App)
	draft, err := s.App.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: awardtest.OrgA, Practice: km.Practice{Title: "Draf uji",
		Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusDraft}})
	if err != nil {
		t.Fatal(err)
	}
	reader := s.client(t)
	reader.login(awardtest.EntrantA, awardtest.Password)
	anon := s.client(t)
	since := time.Now().Add(-time.Minute)

	wantStatus(t, reader.get(fmt.Sprintf("/practices/%d", pub)), http.StatusOK)
	wantStatus(t, reader.get(fmt.Sprintf("/practices/%d", pub)), http.StatusOK) // the same person again, the same day
	wantStatus(t, anon.get(fmt.Sprintf("/practices/%d", pub)), http.StatusOK)
	wantStatus(t, anon.get(fmt.Sprintf("/practices/%d", pub)), http.StatusOK) // from the page cache: still a read
	wantStatus(t, anon.get(fmt.Sprintf("/api/v1/practices/%d", pub)), http.StatusOK)
	wantStatus(t, reader.get(fmt.Sprintf("/practices/%d", draft.ID)), http.StatusOK) // a draft: not a read
	anon.get(fmt.Sprintf("/practices/%d", draft.ID))                                 // not found: not a read
	anon.get("/practices/999999")

	s.App.Usage.(interface{ Flush() }).Flush()
	n, withIP, err := s.App.Store.UsageCount(ctx, km.UsageView, since)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 || withIP != 5 {
		t.Errorf("%d views (%d with an IP), want 5 and 5", n, withIP)
	}
	var days, readers int
	var orgPath string
	if err := s.App.Store.DB().QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT user_id), MIN(org_path) FROM daily_readers`).Scan(&days, &readers, &orgPath); err != nil {
		t.Fatal(err)
	}
	org, err := s.App.Store.OrgByCode(ctx, awardtest.OrgA)
	if err != nil {
		t.Fatal(err)
	}
	if days != 1 || readers != 1 || orgPath != org.Path {
		t.Errorf("daily readers: %d rows, %d people, org %q; want 1, 1, %q", days, readers, orgPath, org.Path)
	}
	// Retention: everything older than an hour from now loses its address.
	erased, err := s.App.Store.EraseUsageIPs(ctx, time.Now().Add(time.Hour))
	if err != nil || erased != 5 {
		t.Errorf("erased %d, %v; want 5", erased, err)
	}
	if _, withIP, _ := s.App.Store.UsageCount(ctx, "", since); withIP != 0 {
		t.Errorf("%d events keep an IP after the retention", withIP)
	}
}
