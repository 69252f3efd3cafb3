package app_test

import (
	"context"
	"errors"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/store/storetest"
)

// TestDictionaryNeedsRootAdmin: the search dictionary serves every agency,
// so an OPD's admin may not change it; the root's admin may.
func TestDictionaryNeedsRootAdmin(t *testing.T) {
	s, dir := storetest.Open(t)
	ctx := context.Background()
	a := app.New(s, &files.Store{Dir: dir}, 1<<20, nil)
	a.BcryptCost = 4
	if _, err := a.CreateOrg(ctx, app.System, app.NewOrg{Code: "dinas", Name: "Dinas", Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
		t.Fatal(err)
	}
	opdAdmin, err := a.CreateUser(ctx, app.System, app.NewUser{Email: "admin@dinas.go.id", Name: "A", OrgCode: "dinas", Roles: []km.Role{km.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	rootAdmin, err := a.CreateUser(ctx, app.System, app.NewUser{Email: "admin@pemda.go.id", Name: "B", OrgCode: km.RootOrgCode, Roles: []km.Role{km.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetSynonym(ctx, app.Actor{User: &opdAdmin}, "jaki", []string{"jakarta kini"}); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("OPD admin sets a synonym: %v, want ErrForbidden", err)
	}
	if err := a.AddRootWord(ctx, app.Actor{User: &opdAdmin}, "jaki"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("OPD admin adds a root word: %v, want ErrForbidden", err)
	}
	if err := a.SetSynonym(ctx, app.Actor{User: &rootAdmin}, "jaki", []string{"jakarta kini"}); err != nil {
		t.Errorf("root admin sets a synonym: %v", err)
	}
	syn, _ := s.Synonyms(ctx)
	if len(syn["jaki"]) != 1 {
		t.Errorf("synonyms = %v", syn)
	}
}
