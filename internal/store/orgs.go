package store

import (
	"context"
	"fmt"

	"lumbung/internal/km"
)

const orgCols = `o.id, o.code, o.name, o.short, o.kind, COALESCE(o.parent_id, 0), o.path, o.headcount, o.demo`

func scanOrg(sc interface{ Scan(...any) error }) (km.Org, error) {
	var o km.Org
	err := sc.Scan(&o.ID, &o.Code, &o.Name, &o.Short, &o.Kind, &o.ParentID, &o.Path, &o.Headcount, &o.Demo)
	return o, translate(err)
}

// Orgs lists every organisation in tree order (by path).
func (s *Store) Orgs(ctx context.Context) ([]km.Org, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+orgCols+` FROM organisations o ORDER BY o.path`)
	if err != nil {
		return nil, fmt.Errorf("store: list organisations: %w", err)
	}
	defer rows.Close()
	var out []km.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OrgByCode finds an organisation by its code.
func (s *Store) OrgByCode(ctx context.Context, code string) (km.Org, error) {
	return scanOrg(s.rdb.QueryRowContext(ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.code = $1`, code))
}

// OrgByID finds an organisation by id.
func (s *Store) OrgByID(ctx context.Context, id int64) (km.Org, error) {
	return scanOrg(s.rdb.QueryRowContext(ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.id = $1`, id))
}

// OrgByCode finds an organisation by its code inside the transaction.
func (t *Tx) OrgByCode(code string) (km.Org, error) {
	return scanOrg(t.tx.QueryRowContext(t.ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.code = $1`, code))
}

// OrgByID finds an organisation by id inside the transaction.
func (t *Tx) OrgByID(id int64) (km.Org, error) {
	return scanOrg(t.tx.QueryRowContext(t.ctx, `SELECT `+orgCols+` FROM organisations o WHERE o.id = $1`, id))
}

// CreateOrg inserts o under its parent (if any) and sets its id and path.
func (t *Tx) CreateOrg(o *km.Org) error {
	if err := o.Validate(); err != nil {
		return err
	}
	parentPath := ""
	var parent any
	if o.ParentID != 0 {
		p, err := t.OrgByID(o.ParentID)
		if err != nil {
			return fmt.Errorf("store: parent organisation %d: %w", o.ParentID, err)
		}
		parentPath, parent = p.Path, p.ID
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO organisations (code, name, short, kind, parent_id, headcount, demo, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, o.Code, o.Name, o.Short, o.Kind, parent, o.Headcount, o.Demo, Now(t.ctx))
	if err != nil {
		return fmt.Errorf("store: create organisation %s: %w", o.Code, err)
	}
	o.ID, o.Path = id, km.OrgPath(parentPath, id)
	_, err = t.tx.ExecContext(t.ctx, `UPDATE organisations SET path = $1 WHERE id = $2`, o.Path, id)
	return err
}

// UpdateOrg changes an organisation's names, kind and headcount (not its place in the tree).
func (t *Tx) UpdateOrg(o *km.Org) error {
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE organisations SET name = $1, short = $2, kind = $3, headcount = $4 WHERE id = $5`,
		o.Name, o.Short, o.Kind, o.Headcount, o.ID)
	if err != nil {
		return fmt.Errorf("store: update organisation: %w", err)
	}
	return mustAffect(res)
}

// RenameRoot turns the default root organisation into a named one (the demo
// data does this with Pemprov DKI Jakarta).
func (t *Tx) RenameRoot(code, name, short string, kind km.OrgKind, headcount int, demo bool) error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE organisations SET code = $1, name = $2, short = $3, kind = $4, headcount = $5, demo = $6
		WHERE code = $7`, code, name, short, kind, headcount, demo, km.RootOrgCode)
	return translate(err)
}

// EnsureRoot creates the root organisation on an empty database.
func (s *Store) EnsureRoot(ctx context.Context) error {
	return s.Write(ctx, func(t *Tx) error {
		var n int
		if err := t.tx.QueryRowContext(t.ctx, `SELECT COUNT(*) FROM organisations`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		return t.CreateOrg(&km.Org{Code: km.RootOrgCode, Name: "Organisasi Induk", Short: "Induk", Kind: km.OrgPemda})
	})
}

func mustAffect(res interface{ RowsAffected() (int64, error) }) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return km.ErrNotFound
	}
	return nil
}
