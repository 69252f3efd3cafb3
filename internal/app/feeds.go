package app

// Atom feeds carry published practices to feed readers. The public feeds
// are read as the anonymous public whoever asks, so that one cached copy
// serves everybody. A signed-in person may also create one private feed
// address, holding a random token (only its SHA-256 is stored), that
// carries what that person may read; creating a new one or revoking it
// makes the old address open nothing.

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// FeedLimit is how many entries a feed carries: the newest ones.
const FeedLimit = 50

// FeedPractices lists the newest published practices f selects that the
// actor may read (at most FeedLimit). f.Visibility, Status and Limit are
// set here.
func (a *App) FeedPractices(ctx context.Context, actor Actor, f store.PracticeFilter) ([]km.Practice, error) {
	f.Status, f.Limit, f.Offset, f.Order = km.StatusPublished, FeedLimit, 0, ""
	ps, _, err := a.Practices(ctx, actor, f)
	return ps, err
}

// FeedToken is the actor's active private feed token, if any (the token
// itself is stored nowhere; only when it was made).
func (a *App) FeedToken(ctx context.Context, actor Actor) (store.FeedToken, bool, error) {
	if actor.User == nil {
		return store.FeedToken{}, false, km.ErrUnauthorized
	}
	ft, err := a.Store.ActiveFeedToken(ctx, actor.User.ID)
	if errors.Is(err, km.ErrNotFound) {
		return ft, false, nil
	}
	return ft, err == nil, err
}

// CreateFeedToken makes a new private feed token for the actor, revoking
// their earlier one, and records it (never the token). The token is
// returned once, to be shown once.
func (a *App) CreateFeedToken(ctx context.Context, actor Actor) (string, error) {
	if actor.User == nil {
		return "", km.ErrUnauthorized
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ft, revoked, err := tx.CreateFeedToken(actor.User.ID, hashToken(token))
		if err != nil {
			return err
		}
		return tx.Audit(actor.event("feed.token.create", "user", actor.User.ID, actor.User.OrgID,
			map[string]any{"feed_token": ft.ID, "revoked": revoked}))
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeFeedToken revokes the actor's private feed token and records it;
// with no active token there is nothing to revoke (km.ErrNotFound).
func (a *App) RevokeFeedToken(ctx context.Context, actor Actor) error {
	if actor.User == nil {
		return km.ErrUnauthorized
	}
	return a.Store.Write(ctx, func(tx *store.Tx) error {
		n, err := tx.RevokeFeedTokens(actor.User.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			return km.ErrNotFound
		}
		return tx.Audit(actor.event("feed.token.revoke", "user", actor.User.ID, actor.User.OrgID, nil))
	})
}

// FeedActor is whom a private feed token reads as. An unknown or revoked
// token, or one of a disabled account, is km.ErrNotFound: the address
// opens nothing, and says no more.
func (a *App) FeedActor(ctx context.Context, token string) (Actor, error) {
	if token == "" || len(token) > 100 {
		return Actor{}, km.ErrNotFound
	}
	u, err := a.Store.UserByFeedTokenHash(ctx, hashToken(token))
	if err != nil {
		if errors.Is(err, km.ErrNotFound) {
			return Actor{}, km.ErrNotFound
		}
		return Actor{}, err
	}
	if u.Disabled {
		return Actor{}, km.ErrNotFound
	}
	return Actor{User: &u}, nil
}
