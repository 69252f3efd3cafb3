package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

func TestMain(m *testing.M) {
	if os.Getenv(storetest.EnvURL) == "" {
		fmt.Println("store tests: " + storetest.EnvURL + " not set: PostgreSQL run skipped, running on SQLite")
	}
	os.Exit(m.Run())
}

// fixture builds root → opd A (with unit A1) and opd B, and a contributor in A.
type fixture struct {
	s           *store.Store
	root        km.Org
	a, a1, b    km.Org
	contributor km.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, _ := storetest.Open(t)
	ctx := context.Background()
	f := &fixture{s: s}
	var err error
	if f.root, err = s.OrgByCode(ctx, km.RootOrgCode); err != nil {
		t.Fatal(err)
	}
	err = s.Write(ctx, func(tx *store.Tx) error {
		f.a = km.Org{Code: "a", Name: "Dinas A", Kind: km.OrgOPD, ParentID: f.root.ID}
		f.b = km.Org{Code: "b", Name: "Dinas B", Kind: km.OrgOPD, ParentID: f.root.ID}
		for _, o := range []*km.Org{&f.a, &f.b} {
			if err := tx.CreateOrg(o); err != nil {
				return err
			}
		}
		f.a1 = km.Org{Code: "a1", Name: "Unit A1", Kind: km.OrgUnit, ParentID: f.a.ID}
		if err := tx.CreateOrg(&f.a1); err != nil {
			return err
		}
		f.contributor = km.User{Email: "Ani@Example.go.id", Name: "Ani", OrgID: f.a.ID}
		if err := tx.CreateUser(&f.contributor, "hash"); err != nil {
			return err
		}
		return tx.Grant(f.contributor.ID, km.RoleContributor, f.a.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) create(t *testing.T, p km.Practice) km.Practice {
	t.Helper()
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	err := f.s.Write(context.Background(), func(tx *store.Tx) error { return tx.CreatePractice(&p, f.contributor, "created") })
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOrgTree(t *testing.T) {
	f := newFixture(t)
	if want := f.a.Path + fmt.Sprint(f.a1.ID) + "/"; f.a1.Path != want {
		t.Errorf("unit path = %q, want %q", f.a1.Path, want)
	}
	orgs, err := f.s.Orgs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 4 {
		t.Fatalf("got %d organisations, want 4", len(orgs))
	}
	err = f.s.Write(context.Background(), func(tx *store.Tx) error {
		return tx.CreateOrg(&km.Org{Code: "a", Name: "Again", Kind: km.OrgOPD, ParentID: f.root.ID})
	})
	if !errors.Is(err, km.ErrConflict) {
		t.Errorf("duplicate code: got %v, want ErrConflict", err)
	}
}

func TestUserRoundTrip(t *testing.T) {
	f := newFixture(t)
	u, hash, err := f.s.Credentials(context.Background(), " ANI@example.go.id ")
	if err != nil {
		t.Fatal(err)
	}
	if hash != "hash" || u.Email != "ani@example.go.id" || u.OrgPath != f.a.Path {
		t.Errorf("got %+v hash %q", u, hash)
	}
	if len(u.Grants) != 1 || u.Grants[0].Role != km.RoleContributor || u.Grants[0].OrgPath != f.a.Path {
		t.Errorf("grants = %+v", u.Grants)
	}
	if _, err := f.s.UserByEmail(context.Background(), "nobody@example.org"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("missing user: got %v, want ErrNotFound", err)
	}
}

func TestPracticeRoundTripAndRevisions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p := f.create(t, km.Practice{
		OrgID: f.a1.ID, Title: "Lomba Pasar Digital", Summary: "QRIS naik", Body: "## Isi\nteks",
		Tags: []string{"QRIS", "pasar", "qris"}, Authors: []string{"Budi"}, Year: 2025, Affair: "perdagangan",
		Metrics: []km.Metric{{Indicator: "Transaksi QRIS", Unit: "transaksi", Baseline: 100, Value: 147, Scope: "12 pasar", Verified: true,
			BaselineDate: "2025-01-01", ValueDate: "2025-06-30"}},
	})
	got, err := f.s.Practice(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != p.Title || got.OrgCode != "a1" || got.CreatorName != "Ani" || got.Version != 1 {
		t.Errorf("got %+v", got)
	}
	if fmt.Sprint(got.Tags) != "[pasar qris]" {
		t.Errorf("tags = %v, want [pasar qris]", got.Tags)
	}
	if len(got.Metrics) != 1 || got.Metrics[0].Value != 147 || !got.Metrics[0].Verified || got.Metrics[0].BaselineDate != "2025-01-01" {
		t.Errorf("metrics = %+v", got.Metrics)
	}
	if pct, _ := got.Metrics[0].Percent(); pct != 47 {
		t.Errorf("percent = %v, want 47", pct)
	}
	if !got.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("created_at = %v, want %v", got.CreatedAt, p.CreatedAt)
	}

	// A save with the current version succeeds; a second one with the same
	// (now stale) version is a conflict and changes nothing.
	first, second := got, got
	first.Title = "Lomba Pasar Digital 2025"
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdatePractice(&first, f.contributor, "updated") }); err != nil {
		t.Fatal(err)
	}
	second.Title = "Judul lain"
	err = f.s.Write(ctx, func(tx *store.Tx) error { return tx.UpdatePractice(&second, f.contributor, "updated") })
	var ce *km.ConflictError
	if !errors.As(err, &ce) || ce.Current != 2 {
		t.Fatalf("stale update: got %v, want ConflictError{Current: 2}", err)
	}
	got, _ = f.s.Practice(ctx, p.ID)
	if got.Title != "Lomba Pasar Digital 2025" || got.Version != 2 {
		t.Errorf("after conflict: title %q version %d", got.Title, got.Version)
	}
	revs, err := f.s.Revisions(ctx, p.ID)
	if err != nil || len(revs) != 2 || revs[0].Version != 2 {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	r1, err := f.s.Revision(ctx, p.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := f.s.Revision(ctx, p.ID, 2)
	d := km.Diff(r1.Content, r2.Content)
	if len(d) != 1 || d[0].Field != "title" {
		t.Errorf("diff = %+v, want one title change", d)
	}
}

// TestVisibilityMatchesAllows checks that the SQL filter and the Go rule
// agree for every combination of status, access, organisation and viewer.
func TestVisibilityMatchesAllows(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var coordA, leaderB, memberB km.User
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		coordA = km.User{Email: "coord@a.go.id", Name: "Koordinator A", OrgID: f.a.ID}
		leaderB = km.User{Email: "leader@b.go.id", Name: "Pimpinan B", OrgID: f.b.ID}
		memberB = km.User{Email: "member@b.go.id", Name: "Staf B", OrgID: f.b.ID}
		for _, u := range []*km.User{&coordA, &leaderB, &memberB} {
			if err := tx.CreateUser(u, ""); err != nil {
				return err
			}
		}
		if err := tx.Grant(coordA.ID, km.RoleCoordinator, f.a.ID); err != nil {
			return err
		}
		return tx.Grant(leaderB.ID, km.RoleLeader, f.b.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, org := range []km.Org{f.a, f.a1, f.b} {
		for _, st := range km.Statuses {
			for _, ac := range km.Accesses {
				f.create(t, km.Practice{OrgID: org.ID, Title: fmt.Sprintf("%s %s %s", org.Code, st, ac), Summary: "x", Status: st, Access: ac})
			}
		}
	}
	all, _, err := f.s.Practices(ctx, store.PracticeFilter{Visibility: km.Visibility{UserID: -1, Authenticated: true, ReviewScopes: []string{f.root.Path}}, Limit: 1000})
	if err != nil || len(all) != 60 {
		t.Fatalf("all: %d, %v", len(all), err)
	}
	viewers := map[string]*km.User{"anonymous": nil, "contributorA": &f.contributor, "coordA": &coordA, "leaderB": &leaderB, "memberB": &memberB}
	for name, u := range viewers {
		if u != nil {
			loaded, err := f.s.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			u = &loaded
		}
		v := km.ViewerVisibility(u)
		list, total, err := f.s.Practices(ctx, store.PracticeFilter{Visibility: v, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]bool{}
		for _, p := range list {
			seen[p.ID] = true
		}
		want := 0
		for _, p := range all {
			if v.Allows(&p) {
				want++
			}
			if v.Allows(&p) != seen[p.ID] {
				t.Errorf("%s on %q: SQL %t, Allows %t", name, p.Title, seen[p.ID], v.Allows(&p))
			}
		}
		if total != want {
			t.Errorf("%s: total %d, want %d", name, total, want)
		}
		t.Logf("%s sees %d of %d", name, want, len(all))
	}
}

func TestAuditAppendOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		return tx.Audit(&km.AuditEvent{ActorID: f.contributor.ID, ActorLabel: "ani", Action: "practice.create", TargetType: "practice", TargetID: "1", Detail: map[string]any{"title": "x"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := f.s.AuditEvents(ctx, km.AuditFilter{Action: "practice."})
	if err != nil || len(evs) != 1 || evs[0].Detail["title"] != "x" {
		t.Fatalf("events = %+v, %v", evs, err)
	}
	for _, q := range []string{`UPDATE audit_events SET action = 'x'`, `DELETE FROM audit_events`} {
		if _, err := f.s.DB().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: succeeded, want refusal", q)
		}
	}
}

// TestWithClock: writes made with a context from WithClock carry its time,
// to the microsecond in UTC; other writes the wall clock's.
func TestWithClock(t *testing.T) {
	f := newFixture(t)
	at := time.Date(2025, 11, 10, 10, 0, 0, 123456789, time.FixedZone("WIB", 7*3600))
	ctx := store.WithClock(context.Background(), func() time.Time { return at })
	want := at.UTC().Truncate(time.Microsecond)
	if got := store.Now(ctx); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Now = %v, want %v", got, want)
	}
	var clocked, wall km.AuditEvent
	for _, c := range []struct {
		ctx context.Context
		e   *km.AuditEvent
	}{{ctx, &clocked}, {context.Background(), &wall}} {
		*c.e = km.AuditEvent{ActorID: f.contributor.ID, ActorLabel: "ani", Action: "practice.create", TargetType: "practice", TargetID: "1"}
		if err := f.s.Write(c.ctx, func(tx *store.Tx) error { return tx.Audit(c.e) }); err != nil {
			t.Fatal(err)
		}
	}
	if !clocked.At.Equal(want) {
		t.Errorf("event written with the clock at %v, want %v", clocked.At, want)
	}
	if time.Since(wall.At) > time.Minute {
		t.Errorf("event written without a clock at %v, want now", wall.At)
	}
}
