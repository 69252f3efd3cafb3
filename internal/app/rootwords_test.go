package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// newSearchApp imports jsonl (if any) into a fresh database and opens the
// search index over it, closed when the test ends.
func newSearchApp(t *testing.T, jsonl string) *app.App {
	t.Helper()
	ctx := context.Background()
	a, _ := newImportApp(t)
	a.BcryptCost = 4
	if jsonl != "" {
		if _, err := a.ImportPractices(ctx, app.System, strings.NewReader(jsonl), app.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.OpenSearch(ctx, a.Files.Dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Index.Close() })
	return a
}

// TestRootWordRebuildsIndex: a root word an admin adds changes stems, so
// the index built before no longer matches them; the index reports itself
// stale and RefreshIndex rebuilds it, after which the word finds what it
// should and no longer what it merely looked like.
func TestRootWordRebuildsIndex(t *testing.T) {
	ctx := context.Background()
	a := newSearchApp(t, `{"id":"kota","title":"Bank sampah warga","body":"Warga Kembangan menabung sampah setiap pekan."}
{"id":"bunga","title":"Taman bunga","body":"Bank sampah menanam bunga kembang sepatu."}
`)
	find := func(q string) []string {
		t.Helper()
		res, err := a.Search(ctx, app.Actor{}, app.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, res.Practices[h.ID].ExternalID)
		}
		return ids
	}
	// Unknown to the lexicon, Kembangan is read as kembang + -an.
	if got := find("Kembangan"); len(got) != 2 {
		t.Fatalf("before: Kembangan finds %v, want both (kembang-an)", got)
	}
	admin, err := a.CreateUser(ctx, app.System, app.NewUser{Email: "admin@pemda.go.id", Name: "A", OrgCode: km.RootOrgCode, Roles: []km.Role{km.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddRootWord(ctx, app.Actor{User: &admin}, "Kembangan"); err != nil {
		t.Fatal(err)
	}
	if !a.IndexStale() {
		t.Fatal("index not stale after a root word was added")
	}
	if got := find("Kembangan"); len(got) != 0 {
		t.Errorf("stale index: Kembangan finds %v; the documents still hold the old root", got)
	}
	if rebuilt, err := a.RefreshIndex(ctx, time.Hour); err != nil || rebuilt {
		t.Fatalf("refresh within the settle time: rebuilt %v, %v; want it to wait", rebuilt, err)
	}
	if rebuilt, err := a.RefreshIndex(ctx, 0); err != nil || !rebuilt {
		t.Fatalf("refresh: rebuilt %v, %v", rebuilt, err)
	}
	if a.IndexStale() {
		t.Error("index still stale after the rebuild")
	}
	if got := find("Kembangan"); len(got) != 1 || got[0] != "kota" {
		t.Errorf("after: Kembangan finds %v, want only the city's practice", got)
	}
	if got := find("kembang"); len(got) != 1 || got[0] != "bunga" {
		t.Errorf("after: kembang finds %v, want only the flowers", got)
	}
	if rebuilt, _ := a.RefreshIndex(ctx, 0); rebuilt {
		t.Error("a fresh index was rebuilt again")
	}
	// Removing the word undoes it, through the same rebuild.
	if err := a.RemoveRootWord(ctx, app.Actor{User: &admin}, "kembangan"); err != nil {
		t.Fatal(err)
	}
	if err := a.RemoveRootWord(ctx, app.Actor{User: &admin}, "kembangan"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("removing it twice: %v, want ErrNotFound", err)
	}
	if !a.IndexStale() {
		t.Error("index not stale after the word was removed")
	}
	if rebuilt, err := a.RefreshIndex(ctx, 0); err != nil || !rebuilt {
		t.Fatalf("refresh after the removal: rebuilt %v, %v", rebuilt, err)
	}
	if got := find("Kembangan"); len(got) != 2 {
		t.Errorf("after the removal: Kembangan finds %v, want both again", got)
	}
	events, err := a.Store.AuditEvents(ctx, km.AuditFilter{TargetType: "lexicon"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Errorf("%d audit events for the lexicon, want the addition and the removal", len(events))
	}
}
