package store_test

import (
	"context"
	"errors"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestAdoptionOneActivePerOrg pins the partial unique index both dialects
// keep: one active adoption of a practice per organisation, any number of
// stopped ones; and the round trip of an adoption with its metrics.
func TestAdoptionOneActivePerOrg(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p := f.create(t, km.Practice{OrgID: f.a.ID, Title: "Sumber", Summary: "s", Status: km.StatusPublished})
	add := func(status km.AdoptionStatus) (km.Adoption, error) {
		a := km.Adoption{PracticeID: p.ID, OrgID: f.b.ID, Status: status, Started: "2025-01-01", Reason: "r",
			Metrics: []km.Metric{{Indicator: "Waktu", Unit: "menit", Baseline: 40, Value: 15, Verified: true}}}
		err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.CreateAdoption(&a) })
		return a, err
	}
	first, err := add(km.AdoptionRunning)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := add(km.AdoptionPlanned); !errors.Is(err, km.ErrConflict) {
		t.Errorf("second active adoption: got %v, want a conflict", err)
	}
	for range 2 {
		if _, err := add(km.AdoptionStopped); err != nil {
			t.Errorf("stopped adoption beside an active one: %v", err)
		}
	}
	got, err := f.s.Adoption(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.OrgCode != "b" || got.Source.OrgPath != f.a.Path || got.Source.Title != "Sumber" || len(got.Metrics) != 1 ||
		got.Metrics[0].Value != 15 || !got.Metrics[0].Verified {
		t.Errorf("round trip: %+v", got)
	}
	// Stopping the active one makes room; moving a stopped one back while
	// another is active is a conflict.
	got.Status = km.AdoptionStopped
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdateAdoption(&got) }); err != nil {
		t.Fatal(err)
	}
	if _, err := add(km.AdoptionPlanned); err != nil {
		t.Errorf("after stopping: %v", err)
	}
	got.Status = km.AdoptionRunning
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdateAdoption(&got) }); !errors.Is(err, km.ErrConflict) {
		t.Errorf("reviving beside an active one: got %v, want a conflict", err)
	}
	given, err := f.s.AdoptionsGiven(ctx, f.a.Path)
	if err != nil || len(given) != 4 {
		t.Errorf("given by a: %d, %v; want 4", len(given), err)
	}
	received, err := f.s.AdoptionsReceived(ctx, f.a.Path)
	if err != nil || len(received) != 0 {
		t.Errorf("received by a: %d, %v; want 0", len(received), err)
	}
}
