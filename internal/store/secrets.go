package store

import (
	"crypto/rand"
	"fmt"
)

// Secret returns the server's secret called name, 32 random bytes made on
// first use and kept from then on. Two writers making it at once agree:
// the first insert wins and both read it back.
func (t *Tx) Secret(name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, fresh, t.Now()); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	var v []byte
	if err := t.tx.QueryRowContext(t.ctx, `SELECT value FROM server_secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	return v, nil
}
