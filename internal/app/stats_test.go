package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// events collects what RecordView hands over.
type events struct{ got []km.UsageEvent }

func (e *events) Record(ev km.UsageEvent) { e.got = append(e.got, ev) }

// TestReadershipArithmetic: distinct readers per OPD over a period in WIB,
// a unit's people counted under their OPD, the same person twice once, an
// anonymous read and a draft not at all, a headcount of 0 giving no share.
func TestReadershipArithmetic(t *testing.T) {
	a := newPhaseApp(t)
	ctx := context.Background()
	for _, o := range []app.NewOrg{
		{Code: "opd-x", Name: "Dinas X", Kind: km.OrgOPD, Parent: km.RootOrgCode, Headcount: 4},
		{Code: "unit-x", Name: "Unit X", Kind: km.OrgUnit, Parent: "opd-x"},
		{Code: "opd-y", Name: "Dinas Y", Kind: km.OrgOPD, Parent: km.RootOrgCode},
		{Code: "opd-z", Name: "Dinas Z", Kind: km.OrgOPD, Parent: km.RootOrgCode, Headcount: 10},
	} {
		if _, err := a.CreateOrg(ctx, app.System, o); err != nil {
			t.Fatal(err)
		}
	}
	users := map[string]km.User{}
	for _, u := range []struct {
		email, org string
		roles      []km.Role
	}{
		{"x1@x.go.id", "opd-x", nil}, {"x2@x.go.id", "unit-x", nil}, {"x3@x.go.id", "opd-x", nil}, {"y1@y.go.id", "opd-y", nil},
		{"pimpinan@root.go.id", km.RootOrgCode, []km.Role{km.RoleLeader}},
		{"koordinator@x.go.id", "opd-x", []km.Role{km.RoleCoordinator}},
		{"kontributor@z.go.id", "opd-z", []km.Role{km.RoleContributor}},
	} {
		got, err := a.CreateUser(ctx, app.System, app.NewUser{Email: u.email, Name: u.email, OrgCode: u.org, Roles: u.roles})
		if err != nil {
			t.Fatal(err)
		}
		users[u.email] = got
	}
	pub, err := a.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: "opd-z", Practice: km.Practice{Title: "Praktik terbit",
		Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	draft := pub
	draft.Status = km.StatusDraft
	rec := &events{}
	a.Usage = rec
	wib := time.FixedZone("WIB", 7*3600)
	read := func(email string, p km.Practice, at time.Time) {
		t.Helper()
		before := len(rec.got)
		var actor app.Actor
		if email != "" {
			u := users[email]
			actor.User = &u
		}
		a.RecordView(actor, p, "uji")
		if len(rec.got) > before {
			rec.got[len(rec.got)-1].At = at // the read happened then
		}
	}
	read("x1@x.go.id", pub, time.Date(2026, 3, 1, 10, 0, 0, 0, wib))
	read("x1@x.go.id", pub, time.Date(2026, 3, 2, 10, 0, 0, 0, wib))   // the same person again
	read("x2@x.go.id", pub, time.Date(2026, 3, 31, 23, 30, 0, 0, wib)) // a unit's person, the last evening of March
	read("x3@x.go.id", pub, time.Date(2026, 4, 1, 0, 10, 0, 0, wib))   // still March in UTC, April in WIB
	read("y1@y.go.id", pub, time.Date(2026, 3, 15, 9, 0, 0, 0, wib))
	read("", pub, time.Date(2026, 3, 15, 9, 0, 0, 0, wib)) // anonymous
	read("kontributor@z.go.id", draft, time.Date(2026, 3, 15, 9, 0, 0, 0, wib))
	if len(rec.got) != 6 {
		t.Fatalf("%d events recorded, want 6 (the draft is no read)", len(rec.got))
	}
	if err := a.Store.WriteUsage(ctx, rec.got); err != nil {
		t.Fatal(err)
	}
	leader := app.Actor{User: ptrUser(users["pimpinan@root.go.id"])}
	type row struct {
		readers int
		share   float64 // -1: null
	}
	check := func(name string, got app.Readership, want map[string]row) {
		t.Helper()
		if len(got.Organisations) != len(want) {
			t.Errorf("%s: %d agencies, want %d: %+v", name, len(got.Organisations), len(want), got.Organisations)
		}
		for _, o := range got.Organisations {
			w, ok := want[o.Code]
			if !ok {
				t.Errorf("%s: unexpected agency %s", name, o.Code)
				continue
			}
			share := -1.0
			if o.Share != nil {
				share = *o.Share
			}
			if o.Readers != w.readers || share != w.share {
				t.Errorf("%s: %s has %d readers, share %v; want %d, %v", name, o.Code, o.Readers, share, w.readers, w.share)
			}
		}
	}
	march, err := a.Readership(ctx, leader, "2026-03-01", "2026-03-31", "")
	if err != nil {
		t.Fatal(err)
	}
	check("March", march, map[string]row{"opd-x": {2, 0.5}, "opd-y": {1, -1}, "opd-z": {0, 0}})
	april, err := a.Readership(ctx, leader, "2026-04-01", "2026-04-01", "")
	if err != nil {
		t.Fatal(err)
	}
	check("1 April", april, map[string]row{"opd-x": {1, 0.25}, "opd-y": {0, -1}, "opd-z": {0, 0}})
	// A coordinator sees their own agency only; someone else nothing.
	coord, err := a.Readership(ctx, app.Actor{User: ptrUser(users["koordinator@x.go.id"])}, "2026-03-01", "2026-03-31", "")
	if err != nil {
		t.Fatal(err)
	}
	check("coordinator", coord, map[string]row{"opd-x": {2, 0.5}})
	if _, err := a.Readership(ctx, app.Actor{User: ptrUser(users["kontributor@z.go.id"])}, "2026-03-01", "2026-03-31", ""); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("a contributor reads the readership: %v", err)
	}
	if _, err := a.Readership(ctx, app.Actor{}, "2026-03-01", "2026-03-31", ""); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("the anonymous read the readership: %v", err)
	}
	for _, p := range [][2]string{{"2026-03-31", "2026-03-01"}, {"1 Maret", "2026-03-31"}, {"2020-01-01", "2026-01-01"}} {
		var ve *km.ValidationError
		if _, err := a.Readership(ctx, leader, p[0], p[1], ""); !errors.As(err, &ve) {
			t.Errorf("period %v: %v, want a validation error", p, err)
		}
	}
	under, err := a.Readership(ctx, leader, "2026-03-01", "2026-03-31", "opd-x")
	if err != nil {
		t.Fatal(err)
	}
	check("under opd-x", under, map[string]row{"opd-x": {2, 0.5}})
}

func ptrUser(u km.User) *km.User { return &u }
