package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"lumbung/internal/km"
)

const userCols = `u.id, u.email, u.name, u.org_id, o.path, o.code, u.disabled, u.demo`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (km.User, error) {
	var u km.User
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.OrgID, &u.OrgPath, &u.OrgCode, &u.Disabled, &u.Demo}, extra...)
	return u, translate(sc.Scan(dest...))
}

func (s *Store) loadGrants(ctx context.Context, q querier, u *km.User) error {
	rows, err := q.QueryContext(ctx, `SELECT g.role, g.org_id, o.path, o.code FROM grants g
		JOIN organisations o ON o.id = g.org_id WHERE g.user_id = $1 ORDER BY g.role, o.path`, u.ID)
	if err != nil {
		return fmt.Errorf("store: load grants: %w", err)
	}
	defer rows.Close()
	u.Grants = nil
	for rows.Next() {
		var g km.Grant
		if err := rows.Scan(&g.Role, &g.OrgID, &g.OrgPath, &g.OrgCode); err != nil {
			return err
		}
		u.Grants = append(u.Grants, g)
	}
	return rows.Err()
}

func (s *Store) userWhere(ctx context.Context, q querier, where string, arg any, extra ...any) (km.User, error) {
	cols := userCols
	if len(extra) > 0 {
		cols += ", u.password_hash"
	}
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+cols+` FROM users u JOIN organisations o ON o.id = u.org_id WHERE `+where, arg), extra...)
	if err != nil {
		return u, err
	}
	return u, s.loadGrants(ctx, q, &u)
}

// UserByID loads a user with their grants.
func (s *Store) UserByID(ctx context.Context, id int64) (km.User, error) {
	return s.userWhere(ctx, s.rdb, `u.id = $1`, id)
}

// UserByEmail loads a user with their grants.
func (s *Store) UserByEmail(ctx context.Context, email string) (km.User, error) {
	return s.userWhere(ctx, s.rdb, `u.email = $1`, km.NormalizeEmail(email))
}

// UserByEmail loads a user inside the transaction.
func (t *Tx) UserByEmail(email string) (km.User, error) {
	return t.s.userWhere(t.ctx, t.tx, `u.email = $1`, km.NormalizeEmail(email))
}

// Credentials returns the user and their password hash, for logging in.
func (s *Store) Credentials(ctx context.Context, email string) (km.User, string, error) {
	var hash string
	u, err := s.userWhere(ctx, s.rdb, `u.email = $1`, km.NormalizeEmail(email), &hash)
	return u, hash, err
}

// Users lists users, optionally only those of an organisation subtree.
func (s *Store) Users(ctx context.Context, underPath string) ([]km.User, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+userCols+` FROM users u JOIN organisations o ON o.id = u.org_id
		WHERE o.path LIKE $1 ORDER BY u.name`, underPath+"%")
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	var out []km.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.loadGrants(ctx, s.rdb, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CreateUser inserts u with a password hash (empty for SSO-only accounts).
func (t *Tx) CreateUser(u *km.User, passwordHash string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO users (email, name, org_id, password_hash, demo, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, u.Email, u.Name, u.OrgID, passwordHash, u.Demo, Now(t.ctx))
	if err != nil {
		return fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	u.ID = id
	return nil
}

// SetPassword replaces a user's password hash.
func (t *Tx) SetPassword(userID int64, hash string) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	if err != nil {
		return err
	}
	return mustAffect(res)
}

// Grant gives a user a role over an organisation; granting twice is harmless.
func (t *Tx) Grant(userID int64, role km.Role, orgID int64) error {
	if !role.Valid() {
		return &km.ValidationError{Fields: map[string]string{"role": "invalid"}}
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO grants (user_id, role, org_id) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, userID, role, orgID)
	return translate(err)
}

// Revoke removes a role.
func (t *Tx) Revoke(userID int64, role km.Role, orgID int64) error {
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM grants WHERE user_id = $1 AND role = $2 AND org_id = $3`, userID, role, orgID)
	if err != nil {
		return err
	}
	return mustAffect(res)
}

// CreateToken stores the hash of a new API token.
func (t *Tx) CreateToken(userID int64, name, hash string) (int64, error) {
	return insertID(t.ctx, t.tx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)`,
		userID, name, hash, Now(t.ctx))
}

// UserByTokenHash finds the active user who owns a token.
func (s *Store) UserByTokenHash(ctx context.Context, hash string) (km.User, error) {
	var uid int64
	err := s.rdb.QueryRowContext(ctx, `SELECT user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`, hash).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return km.User{}, km.ErrNotFound
	}
	if err != nil {
		return km.User{}, err
	}
	return s.UserByID(ctx, uid)
}

// RevokeTokens revokes all of a user's tokens.
func (t *Tx) RevokeTokens(userID int64) error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, Now(t.ctx), userID)
	return err
}
