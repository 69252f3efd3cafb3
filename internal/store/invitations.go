package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"lumbung/internal/km"
)

// Purposes of a one-time link.
const (
	LinkInvite = "invite" // a first password for an account created without one
	LinkReset  = "reset"  // a new password in place of a forgotten one
)

// Link is a one-time link as stored: everything but the token, of which
// only the SHA-256 is kept.
type Link struct {
	ID        int64
	UserID    int64
	Purpose   string
	CreatedBy int64 // 0: the system (the command line)
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // zero until used
	RevokedAt time.Time // zero unless a newer link replaced it
}

// IssueLink stores a new link with the hash of its token, and revokes the
// user's earlier unused links of the same purpose. It sets l.ID and
// l.CreatedAt, and reports how many links it revoked.
func (t *Tx) IssueLink(l *Link, tokenHash string) (revoked int64, err error) {
	at := t.Now()
	res, err := t.tx.ExecContext(t.ctx, `UPDATE invitations SET revoked_at = $1
		WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND revoked_at IS NULL`, at, l.UserID, l.Purpose)
	if err != nil {
		return 0, fmt.Errorf("store: revoke links: %w", err)
	}
	if revoked, err = res.RowsAffected(); err != nil {
		return 0, err
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO invitations (user_id, purpose, token_hash, created_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, l.UserID, l.Purpose, tokenHash, nullID(l.CreatedBy), at, l.ExpiresAt.UTC().Truncate(time.Microsecond))
	if err != nil {
		return 0, fmt.Errorf("store: issue link: %w", err)
	}
	l.ID, l.CreatedAt = id, at
	return revoked, nil
}

const linkCols = `id, user_id, purpose, COALESCE(created_by, 0), created_at, expires_at, used_at, revoked_at`

func scanLink(sc interface{ Scan(...any) error }) (Link, error) {
	var l Link
	var used, revoked sql.NullTime
	if err := sc.Scan(&l.ID, &l.UserID, &l.Purpose, &l.CreatedBy, &l.CreatedAt, &l.ExpiresAt, &used, &revoked); err != nil {
		return l, translate(err)
	}
	l.CreatedAt, l.ExpiresAt, l.UsedAt, l.RevokedAt = l.CreatedAt.UTC(), l.ExpiresAt.UTC(), timeOf(used), timeOf(revoked)
	return l, nil
}

// LinkByTokenHash finds a link by the hash of its token, used or not
// (km.ErrNotFound if none).
func (s *Store) LinkByTokenHash(ctx context.Context, hash string) (Link, error) {
	return scanLink(s.rdb.QueryRowContext(ctx, `SELECT `+linkCols+` FROM invitations WHERE token_hash = $1`, hash))
}

// LinkByTokenHash finds a link inside the transaction.
func (t *Tx) LinkByTokenHash(hash string) (Link, error) {
	return scanLink(t.tx.QueryRowContext(t.ctx, `SELECT `+linkCols+` FROM invitations WHERE token_hash = $1`, hash))
}

// UseLink marks a link used, once: a link already used or revoked is
// km.ErrNotFound and nothing changes, so two requests racing with one
// token cannot both succeed.
func (t *Tx) UseLink(id int64) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL`, t.Now(), id)
	if err != nil {
		return err
	}
	return mustAffect(res)
}

// RevokeLinks revokes every unused link of a user (all purposes): once a
// password is set, older links must not set another.
func (t *Tx) RevokeLinks(userID int64) error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE invitations SET revoked_at = $1 WHERE user_id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
		t.Now(), userID)
	return err
}

// HasPassword reports whether a user has set a password.
func (t *Tx) HasPassword(userID int64) (bool, error) {
	var n int
	err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM users WHERE id = $1 AND password_hash <> ''`, userID).Scan(&n)
	return n > 0, err
}

// WithoutPassword returns which of the users have no password yet (an
// invitation not accepted, or an account for single sign-on only).
func (s *Store) WithoutPassword(ctx context.Context, userIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(userIDs) == 0 {
		return out, nil
	}
	ph := make([]string, len(userIDs))
	args := make([]any, len(userIDs))
	for i, id := range userIDs {
		ph[i], args[i] = fmt.Sprintf("$%d", i+1), id
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT id FROM users WHERE password_hash = '' AND id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: users without password: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// UserByID loads a user inside the transaction.
func (t *Tx) UserByID(id int64) (km.User, error) {
	return t.s.userWhere(t.ctx, t.tx, `u.id = $1`, id)
}
