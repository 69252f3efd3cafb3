package app_test

import (
	"context"
	"errors"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestFeedTokenLifecycle: a private feed token reads as its owner until
// it is replaced or revoked; the anonymous public has none to make.
func TestFeedTokenLifecycle(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	if _, err := e.a.CreateFeedToken(ctx, app.Actor{}); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("anonymous token: got %v, want ErrUnauthorized", err)
	}
	if _, active, err := e.a.FeedToken(ctx, e.entA); err != nil || active {
		t.Errorf("before any token: active %v, %v", active, err)
	}
	tok, err := e.a.CreateFeedToken(ctx, e.entA)
	if err != nil || len(tok) < 40 {
		t.Fatalf("token %q, %v", tok, err)
	}
	if a, err := e.a.FeedActor(ctx, tok); err != nil || a.User.ID != e.entA.User.ID {
		t.Errorf("feed actor: %+v, %v", a, err)
	}
	if _, active, err := e.a.FeedToken(ctx, e.entA); err != nil || !active {
		t.Errorf("after creating: active %v, %v", active, err)
	}
	for _, bad := range []string{"", "x", tok + "x"} {
		if _, err := e.a.FeedActor(ctx, bad); !errors.Is(err, km.ErrNotFound) {
			t.Errorf("token %q: got %v, want ErrNotFound", bad, err)
		}
	}
	// Another person's revocation touches only their own token.
	if err := e.a.RevokeFeedToken(ctx, e.entB); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("revoke with no token: got %v, want ErrNotFound", err)
	}
	if _, err := e.a.FeedActor(ctx, tok); err != nil {
		t.Errorf("after another person's revocation: %v", err)
	}
	if err := e.a.RevokeFeedToken(ctx, e.entA); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.FeedActor(ctx, tok); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("revoked token: got %v, want ErrNotFound", err)
	}
	// The feed of the anonymous public carries published public practices only.
	ps, err := e.a.FeedPractices(ctx, app.Actor{}, store.PracticeFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Status != km.StatusPublished || p.Access != km.AccessPublic {
			t.Errorf("anonymous feed holds %q (%s, %s)", p.Title, p.Status, p.Access)
		}
	}
}
