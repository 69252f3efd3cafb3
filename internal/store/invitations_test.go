package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestLinks pins the one-time links on both databases: a new link for a
// user and purpose revokes the earlier unused one (not those of the other
// purpose), a link is used once, and a revoked link cannot be used.
func TestLinks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	uid := f.contributor.ID
	week := time.Now().Add(7 * 24 * time.Hour)
	var first, reset, second store.Link
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		first = store.Link{UserID: uid, Purpose: store.LinkInvite, ExpiresAt: week}
		reset = store.Link{UserID: uid, Purpose: store.LinkReset, ExpiresAt: week, CreatedBy: uid}
		second = store.Link{UserID: uid, Purpose: store.LinkInvite, ExpiresAt: week}
		if n, err := tx.IssueLink(&first, "h1"); err != nil || n != 0 {
			t.Errorf("first link: revoked %d, %v", n, err)
		}
		if _, err := tx.IssueLink(&reset, "h2"); err != nil {
			return err
		}
		n, err := tx.IssueLink(&second, "h3")
		if n != 1 {
			t.Errorf("second invitation revoked %d links, want 1", n)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.LinkByTokenHash(ctx, "h1")
	if err != nil || got.RevokedAt.IsZero() || got.UserID != uid || got.Purpose != store.LinkInvite {
		t.Errorf("first link after the second: %+v, %v", got, err)
	}
	if got, err := f.s.LinkByTokenHash(ctx, "h2"); err != nil || !got.RevokedAt.IsZero() || got.CreatedBy != uid {
		t.Errorf("reset link after a new invitation: %+v, %v; want it untouched", got, err)
	}
	if got, err := f.s.LinkByTokenHash(ctx, "h3"); err != nil || got.ExpiresAt.Sub(week).Abs() > time.Second || got.CreatedBy != 0 {
		t.Errorf("second link: %+v, %v", got, err)
	}
	if _, err := f.s.LinkByTokenHash(ctx, "nope"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("unknown hash: got %v, want ErrNotFound", err)
	}
	use := func(id int64) error { return f.s.Write(ctx, func(tx *store.Tx) error { return tx.UseLink(id) }) }
	if err := use(first.ID); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("using a revoked link: got %v, want ErrNotFound", err)
	}
	if err := use(second.ID); err != nil {
		t.Errorf("using the live link: %v", err)
	}
	if err := use(second.ID); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("using a link twice: got %v, want ErrNotFound", err)
	}
	err = f.s.Write(ctx, func(tx *store.Tx) error { return tx.RevokeLinks(uid) })
	if got, _ := f.s.LinkByTokenHash(ctx, "h2"); err != nil || got.RevokedAt.IsZero() {
		t.Errorf("RevokeLinks left the reset link: %+v, %v", got, err)
	}
	if got, _ := f.s.LinkByTokenHash(ctx, "h3"); !got.RevokedAt.IsZero() {
		t.Errorf("RevokeLinks revoked a used link: %+v", got)
	}
	none, err := f.s.WithoutPassword(ctx, []int64{uid, 999})
	if err != nil || len(none) != 0 {
		t.Errorf("WithoutPassword with a password: %v, %v", none, err)
	}
}
