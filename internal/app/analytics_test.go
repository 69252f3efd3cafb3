package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestSearchAnalyticsScope: an OPD's coordinator reads what their own
// agency's people searched for; the secretariat and leadership over the
// root read everything, the public's searches included; a contributor
// reads nothing.
func TestSearchAnalyticsScope(t *testing.T) {
	ctx := context.Background()
	a := newSearchApp(t, "")
	for _, code := range []string{"dinkes", "dishub"} {
		if _, err := a.CreateOrg(ctx, app.System, app.NewOrg{Code: code, Name: "Dinas " + code, Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
			t.Fatal(err)
		}
	}
	user := func(email, org string, roles ...km.Role) app.Actor {
		t.Helper()
		u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return app.Actor{User: &u}
	}
	nurse := user("perawat@dinkes.go.id", "dinkes", km.RoleContributor)
	driver := user("petugas@dishub.go.id", "dishub", km.RoleContributor)
	kmDinkes := user("km@dinkes.go.id", "dinkes", km.RoleCoordinator)
	secretariat := user("sekretariat@dishub.go.id", "dishub", km.RoleSecretariat)
	governor := user("gubernur@pemda.go.id", km.RootOrgCode, km.RoleLeader)
	for _, s := range []struct {
		who app.Actor
		q   string
	}{{nurse, "imunisasi balita"}, {nurse, "imunisasi balita"}, {driver, "parkir liar"}, {app.Actor{}, "lowongan kerja"}} {
		if _, err := a.Search(ctx, s.who, app.SearchQuery{Text: s.q, Surface: "web"}); err != nil {
			t.Fatal(err)
		}
	}
	from, to := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	queries := func(st []store.QueryStat) []string {
		var out []string
		for _, q := range st {
			out = append(out, q.Query)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		name   string
		reader app.Actor
		all    bool
		want   []string
	}{
		{"dinkes coordinator", kmDinkes, false, []string{"imunisasi balita"}},
		{"secretariat in dishub", secretariat, true, []string{"imunisasi balita", "lowongan kerja", "parkir liar"}},
		{"leader over the root", governor, true, []string{"imunisasi balita", "lowongan kerja", "parkir liar"}},
	} {
		top, missing, scope, err := a.SearchAnalytics(ctx, c.reader, from, to, 10)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if scope.All != c.all {
			t.Errorf("%s: scope all = %v, want %v", c.name, scope.All, c.all)
		}
		if got := queries(top); !slices.Equal(got, c.want) {
			t.Errorf("%s: top queries %v, want %v", c.name, got, c.want)
		}
		if got := queries(missing); !slices.Equal(got, c.want) { // the index is empty: nothing is found
			t.Errorf("%s: queries without results %v, want %v", c.name, got, c.want)
		}
		if c.name == "dinkes coordinator" && (len(top) != 1 || top[0].Count != 2) {
			t.Errorf("%s: %+v, want imunisasi balita twice", c.name, top)
		}
	}
	if _, _, _, err := a.SearchAnalytics(ctx, nurse, from, to, 10); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("contributor reads analytics: %v, want ErrForbidden", err)
	}
	if _, _, _, err := a.SearchAnalytics(ctx, app.Actor{}, from, to, 10); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("anonymous reads analytics: %v, want ErrForbidden", err)
	}
}
