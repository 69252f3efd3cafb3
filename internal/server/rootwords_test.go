package server_test

import (
	"context"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/server"
	"lumbung/internal/store"
)

// TestServeRebuildsIndexForNewRootWords: after an admin adds a root word
// the running server rebuilds its search index by itself (the operator
// could not: `lumbung reindex` cannot open an index the server holds).
func TestServeRebuildsIndexForNewRootWords(t *testing.T) {
	srv := newServer(t, nil)
	server.SetRootWordsSettle(time.Hour) // until the staleness is seen
	defer server.SetRootWordsSettle(5 * time.Second)
	a := srv.App
	a.BcryptCost = 4
	admin, err := a.CreateUser(context.Background(), app.System, app.NewUser{Email: "admin@pemda.go.id", Name: "A", OrgCode: km.RootOrgCode, Roles: []km.Role{km.RoleAdmin}})
	if err != nil {
		t.Fatal(err)
	}
	serve(t, srv)
	if err := a.AddRootWord(context.Background(), app.Actor{User: &admin}, "jakpreneur"); err != nil {
		t.Fatal(err)
	}
	if !a.IndexStale() {
		t.Fatal("index not stale right after the word was added")
	}
	server.SetRootWordsSettle(0)
	deadline := time.Now().Add(15 * time.Second)
	for a.IndexStale() {
		if time.Now().After(deadline) {
			t.Fatal("the background loop did not rebuild the index within 15 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServeLoadsRootWordsAddedElsewhere: a root word another node wrote to
// the shared database reaches this node's stemmer and index too.
func TestServeLoadsRootWordsAddedElsewhere(t *testing.T) {
	srv := newServer(t, nil)
	server.SetRootWordsSettle(0)
	defer server.SetRootWordsSettle(5 * time.Second)
	defer server.SetRootWordsReload(server.SetRootWordsReload(0))
	if got := search.Stem("kembangan"); got != "kembang" {
		t.Fatalf("stem of kembangan before = %q, want kembang (kembang-an)", got)
	}
	t0 := time.Now()
	serve(t, srv)
	err := srv.App.Store.Write(context.Background(), func(tx *store.Tx) error { return tx.AddLexiconWord("kembangan", 0) })
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !search.RootWordsChangedAt().After(t0) || srv.App.IndexStale() {
		if time.Now().After(deadline) {
			t.Fatal("the word written by another node was not loaded and indexed within 15 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got := search.Stem("kembangannya"); got != "kembangan" {
		t.Errorf("stem of kembangannya = %q, want the new root kembangan", got)
	}
}
