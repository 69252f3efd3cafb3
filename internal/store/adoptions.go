package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"lumbung/internal/km"
)

// adoptionCols reads an adoption with its adopter and what of its source
// practice an access check needs (km.Visibility.Allows).
const adoptionCols = `a.id, a.practice_id, a.org_id, a.status, a.started, a.adapted, a.reason, a.regulation,
	COALESCE(a.derived_practice_id, 0), COALESCE(a.created_by, 0), a.created_at, a.updated_at,
	ao.code, ao.name, ao.short, ao.path,
	p.org_id, p.title, p.kind, p.access, p.status, COALESCE(p.created_by, 0), po.path, po.name, po.code,
	COALESCE(dp.title, '')`

const adoptionFrom = ` FROM adoptions a JOIN organisations ao ON ao.id = a.org_id
	JOIN practices p ON p.id = a.practice_id JOIN organisations po ON po.id = p.org_id
	LEFT JOIN practices dp ON dp.id = a.derived_practice_id`

func scanAdoption(sc interface{ Scan(...any) error }) (km.Adoption, error) {
	var a km.Adoption
	s := &a.Source
	err := sc.Scan(&a.ID, &a.PracticeID, &a.OrgID, &a.Status, &a.Started, &a.Adapted, &a.Reason, &a.Regulation,
		&a.DerivedPracticeID, &a.CreatedBy, &a.CreatedAt, &a.UpdatedAt,
		&a.OrgCode, &a.OrgName, &a.OrgShort, &a.OrgPath,
		&s.OrgID, &s.Title, &s.Kind, &s.Access, &s.Status, &s.CreatedBy, &s.OrgPath, &s.OrgName, &s.OrgCode,
		&a.DerivedTitle)
	s.ID = a.PracticeID
	a.Metrics = []km.Metric{}
	return a, translate(err)
}

// Adoption loads one adoption with its metrics. Access is the caller's
// business.
func (s *Store) Adoption(ctx context.Context, id int64) (km.Adoption, error) {
	return s.adoption(ctx, s.rdb, id)
}

// Adoption loads one adoption inside the transaction.
func (t *Tx) Adoption(id int64) (km.Adoption, error) { return t.s.adoption(t.ctx, t.tx, id) }

func (s *Store) adoption(ctx context.Context, q querier, id int64) (km.Adoption, error) {
	a, err := scanAdoption(q.QueryRowContext(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE a.id = $1`, id))
	if err != nil {
		return a, err
	}
	as := []km.Adoption{a}
	if err := loadAdoptionMetrics(ctx, q, as); err != nil {
		return a, err
	}
	return as[0], nil
}

func (s *Store) adoptions(ctx context.Context, where string, args ...any) ([]km.Adoption, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+adoptionCols+adoptionFrom+` WHERE `+where+
		` ORDER BY a.started, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list adoptions: %w", err)
	}
	var out []km.Adoption
	for rows.Next() {
		a, err := scanAdoption(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadAdoptionMetrics(ctx, s.rdb, out)
}

// AdoptionsOf lists the adoptions of a practice, the earliest first.
func (s *Store) AdoptionsOf(ctx context.Context, practiceID int64) ([]km.Adoption, error) {
	return s.adoptions(ctx, `a.practice_id = $1`, practiceID)
}

// AdoptionsDeriving lists the adoptions whose adopter documented its
// version as the practice practiceID: its parents in a lineage.
func (s *Store) AdoptionsDeriving(ctx context.Context, practiceID int64) ([]km.Adoption, error) {
	return s.adoptions(ctx, `a.derived_practice_id = $1`, practiceID)
}

// AdoptionsReceived lists what the organisations under path adopted.
func (s *Store) AdoptionsReceived(ctx context.Context, path string) ([]km.Adoption, error) {
	return s.adoptions(ctx, `ao.path LIKE $1`, path+"%")
}

// AdoptionsGiven lists the adoptions of practices owned under path.
func (s *Store) AdoptionsGiven(ctx context.Context, path string) ([]km.Adoption, error) {
	return s.adoptions(ctx, `po.path LIKE $1`, path+"%")
}

func loadAdoptionMetrics(ctx context.Context, q querier, as []km.Adoption) error {
	if len(as) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]string, len(as))
	for i := range as {
		idx[as[i].ID] = i
		ids[i] = strconv.FormatInt(as[i].ID, 10)
	}
	// integers from the database: safe to inline
	rows, err := q.QueryContext(ctx, `SELECT adoption_id, indicator, unit, baseline, baseline_date, value, value_date, scope, source, verified
		FROM adoption_metrics WHERE adoption_id IN (`+strings.Join(ids, ",")+`) ORDER BY adoption_id, pos`)
	if err != nil {
		return fmt.Errorf("store: load adoption metrics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m km.Metric
		if err := rows.Scan(&id, &m.Indicator, &m.Unit, &m.Baseline, &m.BaselineDate, &m.Value, &m.ValueDate, &m.Scope, &m.Source, &m.Verified); err != nil {
			return err
		}
		as[idx[id]].Metrics = append(as[idx[id]].Metrics, m)
	}
	return rows.Err()
}

// CreateAdoption inserts a and its metrics and sets its id. A second
// active adoption of the practice by the organisation is km.ErrConflict.
func (t *Tx) CreateAdoption(a *km.Adoption) error {
	ts := t.Now()
	id, err := insertID(t.ctx, t.tx, `INSERT INTO adoptions (practice_id, org_id, status, started, adapted, reason, regulation,
		derived_practice_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		a.PracticeID, a.OrgID, a.Status, a.Started, a.Adapted, a.Reason, a.Regulation, nullID(a.DerivedPracticeID),
		nullID(a.CreatedBy), ts)
	if err != nil {
		return fmt.Errorf("store: create adoption: %w", err)
	}
	a.ID, a.CreatedAt, a.UpdatedAt = id, ts, ts
	return t.writeAdoptionMetrics(a)
}

// UpdateAdoption saves a's status and fields and replaces its metrics.
func (t *Tx) UpdateAdoption(a *km.Adoption) error {
	ts := t.Now()
	res, err := t.tx.ExecContext(t.ctx, `UPDATE adoptions SET status = $1, started = $2, adapted = $3, reason = $4,
		regulation = $5, derived_practice_id = $6, updated_at = $7 WHERE id = $8`,
		a.Status, a.Started, a.Adapted, a.Reason, a.Regulation, nullID(a.DerivedPracticeID), ts, a.ID)
	if err != nil {
		return fmt.Errorf("store: update adoption %d: %w", a.ID, translate(err))
	}
	if err := mustAffect(res); err != nil {
		return err
	}
	a.UpdatedAt = ts
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM adoption_metrics WHERE adoption_id = $1`, a.ID); err != nil {
		return err
	}
	return t.writeAdoptionMetrics(a)
}

func (t *Tx) writeAdoptionMetrics(a *km.Adoption) error {
	for i, m := range a.Metrics {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO adoption_metrics (adoption_id, pos, indicator, unit, baseline,
			baseline_date, value, value_date, scope, source, verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			a.ID, i, m.Indicator, m.Unit, m.Baseline, m.BaselineDate, m.Value, m.ValueDate, m.Scope, m.Source, m.Verified); err != nil {
			return fmt.Errorf("store: adoption metric %d: %w", i, translate(err))
		}
	}
	return nil
}
