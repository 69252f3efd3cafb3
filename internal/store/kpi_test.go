package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/store"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func kpiFixture(t *testing.T, f *fixture) store.Competition {
	t.Helper()
	k := 2.5
	c := store.Competition{
		Competition: kpi.Competition{
			Code: "qris", Name: "Lomba QRIS", Noun: "pasar",
			Metric:   kpi.Metric{Code: "trx", Name: "Transaksi", Unit: "trx", HigherIsBetter: true},
			Baseline: kpi.Window{From: day(t, "2025-01-01"), To: day(t, "2025-01-10")},
			Period:   kpi.Window{From: day(t, "2025-02-01"), To: day(t, "2025-02-05")},
			Method:   kpi.LogRatio, K: &k,
			Participants: []kpi.Participant{
				{Code: "P1", Name: "Pasar Satu", Org: "a1", Group: "besar"},
				{Code: "P2", Name: "Pasar Dua", Group: "kecil"},
				{Code: "K1", Name: "Kontrol", Control: true},
			},
		},
		Description: "uji", Status: kpi.StatusDraft, OrgID: f.a.ID, CreatedBy: f.contributor.ID,
	}
	err := f.s.Write(context.Background(), func(tx *store.Tx) error { return tx.CreateCompetition(&c) })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCompetitionRoundTrip(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	created := kpiFixture(t, f)
	got, err := f.s.Competition(ctx, "qris")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != created.ID || got.Name != "Lomba QRIS" || got.Noun != "pasar" || got.OrgCode != "a" || got.OrgPath != f.a.Path ||
		got.Method != kpi.LogRatio || got.K == nil || *got.K != 2.5 || got.Status != kpi.StatusDraft || got.Version != 1 ||
		!got.Metric.HigherIsBetter || got.Metric.AllowNegative || got.Description != "uji" {
		t.Errorf("got %+v", got)
	}
	if !got.Baseline.From.Equal(day(t, "2025-01-01")) || !got.Period.To.Equal(day(t, "2025-02-05")) {
		t.Errorf("windows: got %v %v", got.Baseline, got.Period)
	}
	if len(got.Participants) != 3 || got.Participants[0] != (kpi.Participant{Code: "P1", Name: "Pasar Satu", Org: "a1", Group: "besar"}) ||
		!got.Participants[2].Control || got.ParticipantOrgs["P1"] != f.a1.Path || got.ParticipantOrgs["P2"] != "" {
		t.Errorf("participants: got %+v, orgs %v", got.Participants, got.ParticipantOrgs)
	}
	// A second competition with the same code is a conflict.
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		c := created
		return tx.CreateCompetition(&c)
	})
	if !errors.Is(err, km.ErrConflict) {
		t.Errorf("duplicate code: got %v, want ErrConflict", err)
	}
	all, err := f.s.Competitions(ctx)
	if err != nil || len(all) != 1 || len(all[0].Participants) != 3 {
		t.Errorf("Competitions: got %d (%v)", len(all), err)
	}
	if _, err := f.s.Competition(ctx, "nope"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("missing: got %v, want ErrNotFound", err)
	}
}

func TestCompetitionUpdateVersion(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := kpiFixture(t, f)
	c.Status, c.Method, c.K = kpi.StatusRunning, kpi.Percent, nil
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdateCompetition(&c) }); err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.Competition(ctx, "qris")
	if got.Status != kpi.StatusRunning || got.Method != kpi.Percent || got.K != nil || got.Version != 2 {
		t.Errorf("after update: got %+v", got)
	}
	stale := c
	stale.Version = 1
	err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdateCompetition(&stale) })
	var ce *km.ConflictError
	if !errors.As(err, &ce) || ce.Current != 2 {
		t.Errorf("stale update: got %v, want a conflict at version 2", err)
	}
}

func TestMeasurementsAndUploads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := kpiFixture(t, f)
	// More rows than one INSERT statement carries.
	var ms []kpi.Measurement
	for i := range 450 {
		code := []string{"P1", "P2", "K1"}[i%3]
		ms = append(ms, kpi.Measurement{Participant: code, Date: day(t, "2025-01-01").AddDate(0, 0, i/3), Value: float64(i) + 0.1})
	}
	u := store.Upload{CompetitionID: c.ID, Source: "csv", Filename: "data.csv", UploadedBy: f.contributor.ID, Uploader: "ani@example.go.id"}
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.AddUpload(&u, ms) }); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Measurements(ctx, c.ID)
	if err != nil || len(got) != 450 {
		t.Fatalf("measurements: got %d (%v), want 450", len(got), err)
	}
	if got[0].Participant != "K1" || !got[0].Date.Equal(day(t, "2025-01-01")) || got[0].Value != 2.1 {
		t.Errorf("first measurement: got %+v", got[0])
	}
	ups, err := f.s.Uploads(ctx, c.ID)
	if err != nil || len(ups) != 1 || ups[0].Rows != 450 || ups[0].Source != "csv" || ups[0].Filename != "data.csv" || ups[0].Uploader != "ani@example.go.id" {
		t.Errorf("uploads: got %+v (%v)", ups, err)
	}
	// A second value for a stored day fails on the key, and the whole
	// batch (with its upload record) is rolled back.
	again := store.Upload{CompetitionID: c.ID, Source: "csv"}
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		return tx.AddUpload(&again, []kpi.Measurement{
			{Participant: "P1", Date: day(t, "2025-03-01"), Value: 1},
			{Participant: "P1", Date: day(t, "2025-01-01"), Value: 1},
		})
	})
	if !errors.Is(err, km.ErrConflict) {
		t.Errorf("duplicate day: got %v, want ErrConflict", err)
	}
	if got, _ := f.s.Measurements(ctx, c.ID); len(got) != 450 {
		t.Errorf("after a refused batch: %d measurements, want 450", len(got))
	}
	if ups, _ := f.s.Uploads(ctx, c.ID); len(ups) != 1 {
		t.Errorf("after a refused batch: %d uploads, want 1", len(ups))
	}
	// An unknown participant is refused by the foreign key.
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		u := store.Upload{CompetitionID: c.ID, Source: "api"}
		return tx.AddUpload(&u, []kpi.Measurement{{Participant: "ZZ", Date: day(t, "2025-01-01"), Value: 1}})
	})
	if err == nil {
		t.Error("unknown participant stored")
	}
}

func TestPracticeLinks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := kpiFixture(t, f)
	p := km.Practice{Title: "Praktik pemenang", Summary: "x", OrgID: f.a1.ID, Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusDraft}
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreatePractice(&p, f.contributor, "created"); err != nil {
			return err
		}
		for range 2 { // linking twice is a no-op
			if err := tx.LinkPractice(c.ID, "P1", p.ID, f.contributor.ID); err != nil {
				return err
			}
		}
		return tx.LinkPractice(c.ID, "", p.ID, 0)
	})
	if err != nil {
		t.Fatal(err)
	}
	links, err := f.s.PracticeLinks(ctx, c.ID)
	if err != nil || len(links) != 2 {
		t.Fatalf("links: got %d (%v), want 2", len(links), err)
	}
	for _, l := range links {
		if l.Practice.Title != "Praktik pemenang" || l.Practice.OrgPath != f.a1.Path {
			t.Errorf("link %+v: practice not loaded", l)
		}
	}
	cs, err := f.s.CompetitionsForPractice(ctx, p.ID)
	if err != nil || len(cs) != 1 || cs[0].Code != "qris" {
		t.Errorf("CompetitionsForPractice: got %v (%v)", cs, err)
	}
}
