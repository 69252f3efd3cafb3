package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"lumbung/internal/km"
	"lumbung/internal/kpi"
)

// Competition is a stored KPI competition: the arithmetic's settings
// (kpi.Competition, with its participants) and the record around them.
type Competition struct {
	kpi.Competition
	ID          int64
	Description string
	Status      kpi.Status
	OrgID       int64 // the organiser
	OrgCode     string
	OrgName     string
	OrgPath     string
	// ParticipantOrgs maps a participant's code to the path of its
	// organisation, for participants that are one.
	ParticipantOrgs map[string]string
	Version         int
	Demo            bool
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Upload is one accepted batch of measurements.
type Upload struct {
	ID            int64
	CompetitionID int64
	Source        string // form, csv, xlsx, api, import
	Filename      string
	Rows          int
	UploadedBy    int64
	Uploader      string // e-mail or name, kept if the account goes
	CreatedAt     time.Time
}

// PracticeLink ties a practice to a competition's participant ("" for the
// competition as a whole). The practice fields are filled on reads so the
// caller can apply the access rule.
type PracticeLink struct {
	CompetitionID int64
	Participant   string
	PracticeID    int64
	CreatedBy     int64
	CreatedAt     time.Time
	Practice      km.Practice
}

const competitionCols = `c.id, c.code, c.name, c.description, c.noun, c.org_id, o.code, o.name, o.path,
	c.metric_code, c.metric_name, c.metric_unit, c.higher_is_better, c.allow_negative,
	c.baseline_from, c.baseline_to, c.period_from, c.period_to, c.method, c.k, c.status, c.version, c.demo,
	COALESCE(c.created_by, 0), c.created_at, c.updated_at`

const competitionFrom = ` FROM kpi_competitions c JOIN organisations o ON o.id = c.org_id`

func scanCompetition(sc interface{ Scan(...any) error }) (Competition, error) {
	var c Competition
	var k sql.NullFloat64
	var bf, bt, pf, pt string
	err := sc.Scan(&c.ID, &c.Code, &c.Name, &c.Description, &c.Noun, &c.OrgID, &c.OrgCode, &c.OrgName, &c.OrgPath,
		&c.Metric.Code, &c.Metric.Name, &c.Metric.Unit, &c.Metric.HigherIsBetter, &c.Metric.AllowNegative,
		&bf, &bt, &pf, &pt, &c.Method, &k, &c.Status, &c.Version, &c.Demo, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return c, translate(err)
	}
	if k.Valid {
		v := k.Float64
		c.K = &v
	}
	var perr error
	day := func(s string) time.Time {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil && perr == nil {
			perr = fmt.Errorf("store: competition %s: bad date %q", c.Code, s)
		}
		return t
	}
	c.Baseline = kpi.Window{From: day(bf), To: day(bt)}
	c.Period = kpi.Window{From: day(pf), To: day(pt)}
	return c, perr
}

// Competitions lists every competition, newest first, with participants.
// There are few (tens per pemda), so the caller filters by access.
func (s *Store) Competitions(ctx context.Context) ([]Competition, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+competitionCols+competitionFrom+` ORDER BY c.period_from DESC, c.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list competitions: %w", err)
	}
	var out []Competition
	for rows.Next() {
		c, err := scanCompetition(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Participants, out[i].ParticipantOrgs, err = participants(ctx, s.rdb, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Competition loads one competition by code, with its participants.
func (s *Store) Competition(ctx context.Context, code string) (Competition, error) {
	return competition(ctx, s.rdb, code)
}

// Competition loads one competition by code inside the transaction.
func (t *Tx) Competition(code string) (Competition, error) {
	return competition(t.ctx, t.tx, code)
}

func competition(ctx context.Context, q querier, code string) (Competition, error) {
	c, err := scanCompetition(q.QueryRowContext(ctx, `SELECT `+competitionCols+competitionFrom+` WHERE c.code = $1`, code))
	if err != nil {
		return c, err
	}
	c.Participants, c.ParticipantOrgs, err = participants(ctx, q, c.ID)
	return c, err
}

func participants(ctx context.Context, q querier, id int64) ([]kpi.Participant, map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.code, p.name, COALESCE(o.code, ''), COALESCE(o.path, ''), p.grp, p.control
		FROM kpi_participants p LEFT JOIN organisations o ON o.id = p.org_id
		WHERE p.competition_id = $1 ORDER BY p.pos`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("store: load participants: %w", err)
	}
	defer rows.Close()
	out := []kpi.Participant{}
	paths := map[string]string{}
	for rows.Next() {
		var p kpi.Participant
		var path string
		if err := rows.Scan(&p.Code, &p.Name, &p.Org, &path, &p.Group, &p.Control); err != nil {
			return nil, nil, err
		}
		out = append(out, p)
		if path != "" {
			paths[p.Code] = path
		}
	}
	return out, paths, rows.Err()
}

func nullableK(k *float64) any {
	if k == nil {
		return nil
	}
	return *k
}

// CreateCompetition inserts c and its participants (whose Org must be an
// organisation code, or empty) and sets c's id, version and times. A code
// already taken is km.ErrConflict.
func (t *Tx) CreateCompetition(c *Competition) error {
	ts := Now(t.ctx)
	var createdBy any
	if c.CreatedBy != 0 {
		createdBy = c.CreatedBy
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO kpi_competitions (code, name, description, noun, org_id, metric_code,
		metric_name, metric_unit, higher_is_better, allow_negative, baseline_from, baseline_to, period_from, period_to,
		method, k, status, version, demo, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 1, $18, $19, $20, $20)`,
		c.Code, c.Name, c.Description, c.Noun, c.OrgID, c.Metric.Code, c.Metric.Name, c.Metric.Unit,
		c.Metric.HigherIsBetter, c.Metric.AllowNegative, dayText(c.Baseline.From), dayText(c.Baseline.To),
		dayText(c.Period.From), dayText(c.Period.To), c.Method, nullableK(c.K), c.Status, c.Demo, createdBy, ts)
	if err != nil {
		return fmt.Errorf("store: create competition %s: %w", c.Code, err)
	}
	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, 1, ts, ts
	for i, p := range c.Participants {
		var org any
		if p.Org != "" {
			o, err := t.OrgByCode(p.Org)
			if err != nil {
				return fmt.Errorf("store: participant %s: organisation %s: %w", p.Code, p.Org, err)
			}
			org = o.ID
		}
		_, err := t.tx.ExecContext(t.ctx, `INSERT INTO kpi_participants (competition_id, code, pos, name, org_id, grp, control)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, p.Code, i, p.Name, org, p.Group, p.Control)
		if err != nil {
			return fmt.Errorf("store: participant %s: %w", p.Code, translate(err))
		}
	}
	return nil
}

// UpdateCompetition saves c's name, description, noun, method, offset k and
// status if its stored version is still c.Version, then bumps the version.
// Windows, metric and participants are fixed once data may depend on them.
// A stale version is a *km.ConflictError.
func (t *Tx) UpdateCompetition(c *Competition) error {
	ts := Now(t.ctx)
	res, err := t.tx.ExecContext(t.ctx, `UPDATE kpi_competitions SET name = $1, description = $2, noun = $3, method = $4,
		k = $5, status = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		c.Name, c.Description, c.Noun, c.Method, nullableK(c.K), c.Status, ts, c.ID, c.Version)
	if err != nil {
		return fmt.Errorf("store: update competition %s: %w", c.Code, translate(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		var cur int
		if err := t.tx.QueryRowContext(t.ctx, `SELECT version FROM kpi_competitions WHERE id = $1`, c.ID).Scan(&cur); err != nil {
			return translate(err)
		}
		return &km.ConflictError{Current: cur}
	}
	c.Version++
	c.UpdatedAt = ts
	return nil
}

// AddUpload records a batch and stores its measurements, which the caller
// has validated against the competition and the stored data. A second
// value for a stored day still fails on the primary key (km.ErrConflict).
func (t *Tx) AddUpload(u *Upload, ms []kpi.Measurement) error {
	u.CreatedAt, u.Rows = Now(t.ctx), len(ms)
	var by any
	if u.UploadedBy != 0 {
		by = u.UploadedBy
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO kpi_uploads (competition_id, source, filename, row_count, uploaded_by, uploader, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.CompetitionID, u.Source, u.Filename, u.Rows, by, u.Uploader, u.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: record upload: %w", err)
	}
	u.ID = id
	// Multi-row inserts: a few hundred rows a statement keeps a season of
	// daily data for dozens of markets to a handful of round trips, and
	// stays under both drivers' parameter limits.
	const perStmt = 200
	for start := 0; start < len(ms); start += perStmt {
		chunk := ms[start:min(start+perStmt, len(ms))]
		var b strings.Builder
		b.WriteString(`INSERT INTO kpi_measurements (competition_id, participant, day, value, upload_id) VALUES `)
		args := make([]any, 0, len(chunk)*3+2)
		args = append(args, u.CompetitionID, id)
		for i, m := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&b, "($1, $%d, $%d, $%d, $2)", n+1, n+2, n+3)
			args = append(args, m.Participant, dayText(m.Date), m.Value)
		}
		if _, err := t.tx.ExecContext(t.ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store: add measurements: %w", translate(err))
		}
	}
	return nil
}

// Measurements lists a competition's measurements by participant and day.
func (s *Store) Measurements(ctx context.Context, competitionID int64) ([]kpi.Measurement, error) {
	return measurements(ctx, s.rdb, competitionID)
}

// Measurements lists a competition's measurements inside the transaction,
// for validating a new batch against what is stored.
func (t *Tx) Measurements(competitionID int64) ([]kpi.Measurement, error) {
	return measurements(t.ctx, t.tx, competitionID)
}

func measurements(ctx context.Context, q querier, id int64) ([]kpi.Measurement, error) {
	rows, err := q.QueryContext(ctx, `SELECT participant, day, value FROM kpi_measurements
		WHERE competition_id = $1 ORDER BY participant, day`, id)
	if err != nil {
		return nil, fmt.Errorf("store: load measurements: %w", err)
	}
	defer rows.Close()
	var out []kpi.Measurement
	for rows.Next() {
		var m kpi.Measurement
		var d string
		if err := rows.Scan(&m.Participant, &d, &m.Value); err != nil {
			return nil, err
		}
		if m.Date, err = time.Parse(time.DateOnly, d); err != nil {
			return nil, fmt.Errorf("store: measurement of %s: bad date %q", m.Participant, d)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Uploads lists a competition's accepted batches, newest first.
func (s *Store) Uploads(ctx context.Context, competitionID int64) ([]Upload, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, competition_id, source, filename, row_count, COALESCE(uploaded_by, 0),
		uploader, created_at FROM kpi_uploads WHERE competition_id = $1 ORDER BY id DESC`, competitionID)
	if err != nil {
		return nil, fmt.Errorf("store: list uploads: %w", err)
	}
	defer rows.Close()
	var out []Upload
	for rows.Next() {
		var u Upload
		if err := rows.Scan(&u.ID, &u.CompetitionID, &u.Source, &u.Filename, &u.Rows, &u.UploadedBy, &u.Uploader, &u.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// LinkPractice ties a practice to a participant of a competition (or to
// the competition, with participant ""). Linking twice is a no-op.
func (t *Tx) LinkPractice(competitionID int64, participant string, practiceID, by int64) error {
	var byArg any
	if by != 0 {
		byArg = by
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO kpi_practice_links (competition_id, participant, practice_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (competition_id, participant, practice_id) DO NOTHING`,
		competitionID, participant, practiceID, byArg, Now(t.ctx))
	if err != nil {
		return fmt.Errorf("store: link practice: %w", translate(err))
	}
	return nil
}

// PracticeLinks lists the practices linked to a competition, oldest link
// first, with each practice loaded (without tags and metrics) so the
// caller can check who may read it.
func (s *Store) PracticeLinks(ctx context.Context, competitionID int64) ([]PracticeLink, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT l.participant, l.practice_id, COALESCE(l.created_by, 0), l.created_at
		FROM kpi_practice_links l WHERE l.competition_id = $1 ORDER BY l.created_at, l.practice_id`, competitionID)
	if err != nil {
		return nil, fmt.Errorf("store: list practice links: %w", err)
	}
	var out []PracticeLink
	var ids []int64
	for rows.Next() {
		l := PracticeLink{CompetitionID: competitionID}
		if err := rows.Scan(&l.Participant, &l.PracticeID, &l.CreatedBy, &l.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
		ids = append(ids, l.PracticeID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ps, err := s.PracticesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]km.Practice, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	for i := range out {
		out[i].Practice = byID[out[i].PracticeID]
	}
	return out, nil
}

// CompetitionsForPractice lists the codes and names of competitions a
// practice is linked to, for showing the way back from the practice.
func (s *Store) CompetitionsForPractice(ctx context.Context, practiceID int64) ([]Competition, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT c.code FROM kpi_practice_links l
		JOIN kpi_competitions c ON c.id = l.competition_id WHERE l.practice_id = $1 ORDER BY c.code`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: competitions for practice: %w", err)
	}
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return nil, err
		}
		codes = append(codes, c)
	}
	rows.Close()
	var out []Competition
	for _, c := range codes {
		comp, err := s.Competition(ctx, c)
		if err != nil {
			return nil, err
		}
		out = append(out, comp)
	}
	return out, rows.Err()
}

func dayText(t time.Time) string { return t.Format(time.DateOnly) }
