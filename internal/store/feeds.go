package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"lumbung/internal/km"
)

// FeedToken is a private feed address as stored: everything but the token,
// of which only the SHA-256 is kept.
type FeedToken struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
}

// CreateFeedToken stores the hash of a new private feed token for a user
// and revokes the user's earlier one, reporting how many it revoked.
func (t *Tx) CreateFeedToken(userID int64, hash string) (FeedToken, int64, error) {
	at := t.Now()
	revoked, err := t.RevokeFeedTokens(userID)
	if err != nil {
		return FeedToken{}, 0, err
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)`, userID, hash, at)
	if err != nil {
		return FeedToken{}, 0, fmt.Errorf("store: create feed token: %w", err)
	}
	return FeedToken{ID: id, UserID: userID, CreatedAt: at}, revoked, nil
}

// RevokeFeedTokens revokes a user's active feed token, reporting how many
// it revoked (0 or 1).
func (t *Tx) RevokeFeedTokens(userID int64) (int64, error) {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE feed_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, t.Now(), userID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke feed tokens: %w", err)
	}
	return res.RowsAffected()
}

// ActiveFeedToken is the user's feed token that is not revoked
// (km.ErrNotFound if none).
func (s *Store) ActiveFeedToken(ctx context.Context, userID int64) (FeedToken, error) {
	ft := FeedToken{UserID: userID}
	err := s.rdb.QueryRowContext(ctx, `SELECT id, created_at FROM feed_tokens WHERE user_id = $1 AND revoked_at IS NULL
		ORDER BY id DESC LIMIT 1`, userID).Scan(&ft.ID, &ft.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return ft, km.ErrNotFound
	}
	ft.CreatedAt = ft.CreatedAt.UTC()
	return ft, err
}

// UserByFeedTokenHash finds the user whose active feed token has this hash
// (km.ErrNotFound for an unknown or revoked one).
func (s *Store) UserByFeedTokenHash(ctx context.Context, hash string) (km.User, error) {
	var uid int64
	err := s.rdb.QueryRowContext(ctx, `SELECT user_id FROM feed_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return km.User{}, km.ErrNotFound
	}
	if err != nil {
		return km.User{}, fmt.Errorf("store: feed token: %w", err)
	}
	return s.UserByID(ctx, uid)
}
