package store_test

import (
	"context"
	"errors"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestFeedTokens pins private feed tokens on both databases: a new token
// revokes the user's earlier one, a revoked token finds nobody, and
// revoking twice revokes nothing the second time.
func TestFeedTokens(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	uid := f.contributor.ID
	create := func(hash string) (store.FeedToken, int64) {
		t.Helper()
		var ft store.FeedToken
		var n int64
		err := f.s.Write(ctx, func(tx *store.Tx) error {
			var err error
			ft, n, err = tx.CreateFeedToken(uid, hash)
			return err
		})
		if err != nil {
			t.Fatalf("create feed token: %v", err)
		}
		return ft, n
	}
	if _, err := f.s.ActiveFeedToken(ctx, uid); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("active token before any: got %v, want ErrNotFound", err)
	}
	first, n := create("f1")
	if n != 0 {
		t.Errorf("first token revoked %d, want 0", n)
	}
	if u, err := f.s.UserByFeedTokenHash(ctx, "f1"); err != nil || u.ID != uid {
		t.Errorf("user of the first token: %v, %v", u.ID, err)
	}
	second, n := create("f2")
	if n != 1 {
		t.Errorf("second token revoked %d, want 1", n)
	}
	if _, err := f.s.UserByFeedTokenHash(ctx, "f1"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("replaced token: got %v, want ErrNotFound", err)
	}
	if got, err := f.s.ActiveFeedToken(ctx, uid); err != nil || got.ID != second.ID || got.ID == first.ID {
		t.Errorf("active token: %+v, %v; want %d", got, err, second.ID)
	}
	revoke := func() int64 {
		var n int64
		if err := f.s.Write(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.RevokeFeedTokens(uid)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := revoke(); n != 1 {
		t.Errorf("revoke: %d, want 1", n)
	}
	if n := revoke(); n != 0 {
		t.Errorf("revoke again: %d, want 0", n)
	}
	if _, err := f.s.UserByFeedTokenHash(ctx, "f2"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("revoked token: got %v, want ErrNotFound", err)
	}
}
