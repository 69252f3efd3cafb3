package demo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/config"
	"lumbung/internal/demo"
	"lumbung/internal/server"
	"lumbung/internal/store/storetest"
)

var wib = time.FixedZone("WIB", 7*60*60)

// loadDemo opens an empty application and loads the demo data into it.
func loadDemo(t *testing.T) *app.App {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = storetest.SchemaURL(t)
	ctx := context.Background()
	a, err := server.OpenApp(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Store.Close() })
	start := time.Now()
	loaded, err := demo.Load(ctx, a, nil)
	if err != nil || !loaded {
		t.Fatalf("Load: %v, %v", loaded, err)
	}
	t.Logf("demo data loaded in %v", time.Since(start).Round(time.Millisecond))
	return a
}

// TestLoadAward checks the story the demo KM Award edition tells: 51 OPD
// entered, all screened, three jurors on each entry's documents, the best
// 30 presenting to five, three winners in each of five categories; every
// date in 2025, no juror on their own agency's entry, entry codes KMA25-NN.
func TestLoadAward(t *testing.T) {
	a := loadDemo(t)
	ctx := context.Background()
	d, err := a.Store.AwardData(ctx, "kma-2025")
	if err != nil {
		t.Fatal(err)
	}
	ed := d.Edition
	if len(d.Entries) != 51 || len(d.Jurors) != 12 || len(d.Categories) != 5 || len(d.Rounds) != 2 {
		t.Fatalf("got %d entries, %d jurors, %d categories, %d rounds; want 51, 12, 5, 2", len(d.Entries), len(d.Jurors), len(d.Categories), len(d.Rounds))
	}
	in2025 := func(what string, at time.Time) {
		t.Helper()
		if at.IsZero() || at.In(wib).Year() != 2025 {
			t.Errorf("%s: %v, want a time in 2025", what, at)
		}
	}
	in2025("registration opens", ed.RegistrationOpens)
	in2025("call published", ed.CallPublishedAt)
	in2025("deadline", ed.SubmissionDeadline)
	in2025("frozen", ed.FrozenAt)
	in2025("published", ed.PublishedAt)
	in2025("announcement", ed.AnnouncementAt)
	in2025("objections until", ed.ObjectionUntil)
	in2025("finalised", ed.FinalisedAt)
	if !(ed.CallPublishedAt.Before(ed.SubmissionDeadline) && ed.SubmissionDeadline.Before(ed.FrozenAt) && ed.FrozenAt.Before(ed.PublishedAt) &&
		ed.PublishedAt.Before(ed.AnnouncementAt) && ed.AnnouncementAt.Before(ed.ObjectionUntil) && ed.ObjectionUntil.Before(ed.FinalisedAt)) {
		t.Errorf("the calendar is out of order: %+v", ed)
	}
	orgs := map[string]bool{}
	for i, e := range d.Entries {
		if want := fmt.Sprintf("KMA25-%02d", i+1); e.Code != want {
			t.Errorf("entry %d: code %s, want %s", i, e.Code, want)
		}
		orgs[e.OrgCode] = true
		if e.Screening != award.ScreeningPass || len(e.Practices) == 0 || len(e.Evidence) != 1 || e.SnapshotHash == "" {
			t.Errorf("%s: screening %q, %d practices, %d evidence files, hash %q", e.Code, e.Screening, len(e.Practices), len(e.Evidence), e.SnapshotHash)
		}
		in2025(e.Code+" submitted", e.SubmittedAt)
		in2025(e.Code+" frozen", e.FrozenAt)
		for _, ev := range e.Evidence {
			in2025(e.Code+" evidence", ev.UploadedAt)
		}
	}
	if len(orgs) != 51 {
		t.Errorf("entries come from %d agencies, want 51", len(orgs))
	}
	for _, c := range d.Criteria {
		if len(c.Anchors) == 0 || c.Description == "" {
			t.Errorf("criterion %s has no anchors or description", c.Code)
		}
	}
	perRound := map[int64]int{}
	for _, s := range d.Sheets {
		perRound[s.RoundID]++
		if s.Status != award.SheetSubmitted {
			t.Errorf("a sheet is %s", s.Status)
		}
		in2025("sheet submitted", s.SubmittedAt)
		j, e := d.JurorByID(s.JurorID), d.EntryByID(s.EntryID)
		if award.Conflicted(j.OrgPath, e.OrgPath) {
			t.Errorf("%s scored %s of their own agency", j.Email, e.Code)
		}
	}
	if n := perRound[d.Rounds[0].ID]; n != 51*3 {
		t.Errorf("desk round: %d sheets, want 153", n)
	}
	if n := len(d.Shortlists[d.Rounds[0].ID]); n != 30 {
		t.Errorf("shortlist of %d, want 30", n)
	}
	if n := perRound[d.Rounds[1].ID]; n != 30*5 {
		t.Errorf("presentation round: %d sheets, want 150", n)
	}
	in2025("desk shortlisted", d.Rounds[0].ShortlistedAt)
	res, err := a.AwardResults(ctx, app.System, "kma-2025", "", "")
	if err != nil {
		t.Fatal(err)
	}
	won := 0
	for cat, codes := range res.Winners {
		if len(codes) != 3 {
			t.Errorf("category %s: %d winners, want 3", cat, len(codes))
		}
		won += len(codes)
	}
	if won != 15 {
		t.Errorf("%d winners, want 15", won)
	}
	certs, err := a.AwardCertificates(ctx, app.System, "kma-2025")
	if err != nil {
		t.Fatal(err)
	}
	if len(certs) != 51 {
		t.Errorf("%d certificates, want 51", len(certs))
	}
	for _, c := range certs {
		in2025("certificate "+c.Code, c.IssuedAt)
	}
	if len(d.Objections) != 1 || d.Objections[0].Answer == "" {
		t.Errorf("objections: %+v, want one answered", d.Objections)
	}
	in2025("objection filed", d.Objections[0].FiledAt)
	in2025("objection answered", d.Objections[0].AnsweredAt)
	// The 2025 events follow today's in the audit log; its chain holds.
	if rep, err := a.Store.VerifyAuditChain(ctx); err != nil || !rep.OK() {
		t.Errorf("audit chain: %+v, %v", rep, err)
	}
}
