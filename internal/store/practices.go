package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lumbung/internal/km"
)

const practiceCols = `p.id, COALESCE(p.external_id, ''), p.org_id, p.kind, p.title, p.summary, p.problem, p.actions,
	p.results, p.lessons, p.replication, p.body, p.affair, p.year, p.authors, p.access, p.status, p.verifier,
	p.review_by, p.status_note, p.version, COALESCE(p.created_by, 0), p.created_at, p.updated_at, p.published_at,
	p.demo, o.path, o.name, o.code, COALESCE(u.name, '')`

const practiceFrom = ` FROM practices p JOIN organisations o ON o.id = p.org_id LEFT JOIN users u ON u.id = p.created_by`

func scanPractice(sc interface{ Scan(...any) error }) (km.Practice, error) {
	var p km.Practice
	var authors string
	var published sql.NullTime
	err := sc.Scan(&p.ID, &p.ExternalID, &p.OrgID, &p.Kind, &p.Title, &p.Summary, &p.Problem, &p.Actions,
		&p.Results, &p.Lessons, &p.Replication, &p.Body, &p.Affair, &p.Year, &authors, &p.Access, &p.Status, &p.Verifier,
		&p.ReviewBy, &p.StatusNote, &p.Version, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &published,
		&p.Demo, &p.OrgPath, &p.OrgName, &p.OrgCode, &p.CreatorName)
	if err != nil {
		return p, translate(err)
	}
	if published.Valid {
		t := published.Time
		p.PublishedAt = &t
	}
	if err := json.Unmarshal([]byte(authors), &p.Authors); err != nil {
		return p, fmt.Errorf("store: practice %d authors: %w", p.ID, err)
	}
	return p, nil
}

// Practice loads one practice with its tags and metrics. Access is the
// caller's business (km.Visibility.Allows).
func (s *Store) Practice(ctx context.Context, id int64) (km.Practice, error) {
	return s.practice(ctx, s.rdb, `p.id = $1`, id)
}

// Practice loads one practice inside the transaction.
func (t *Tx) Practice(id int64) (km.Practice, error) {
	return t.s.practice(t.ctx, t.tx, `p.id = $1`, id)
}

// PracticeByExternalID loads a practice by the id it had in an imported source.
func (t *Tx) PracticeByExternalID(ext string) (km.Practice, error) {
	return t.s.practice(t.ctx, t.tx, `p.external_id = $1`, ext)
}

func (s *Store) practice(ctx context.Context, q querier, where string, arg any) (km.Practice, error) {
	p, err := scanPractice(q.QueryRowContext(ctx, `SELECT `+practiceCols+practiceFrom+` WHERE `+where, arg))
	if err != nil {
		return p, err
	}
	ps := []km.Practice{p}
	if err := s.loadDetails(ctx, q, ps); err != nil {
		return p, err
	}
	return ps[0], nil
}

// loadDetails fills tags and metrics for a page of practices in two queries.
func (s *Store) loadDetails(ctx context.Context, q querier, ps []km.Practice) error {
	if len(ps) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]string, len(ps))
	for i := range ps {
		idx[ps[i].ID] = i
		ids[i] = strconv.FormatInt(ps[i].ID, 10)
		ps[i].Tags, ps[i].Metrics = []string{}, []km.Metric{}
	}
	in := strings.Join(ids, ",") // integers from the database: safe to inline
	rows, err := q.QueryContext(ctx, `SELECT practice_id, tag FROM practice_tags WHERE practice_id IN (`+in+`) ORDER BY practice_id, tag`)
	if err != nil {
		return fmt.Errorf("store: load tags: %w", err)
	}
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			rows.Close()
			return err
		}
		ps[idx[id]].Tags = append(ps[idx[id]].Tags, tag)
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT practice_id, indicator, unit, baseline, baseline_date, value, value_date, scope, source, verified
		FROM practice_metrics WHERE practice_id IN (`+in+`) ORDER BY practice_id, pos`)
	if err != nil {
		return fmt.Errorf("store: load metrics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m km.Metric
		if err := rows.Scan(&id, &m.Indicator, &m.Unit, &m.Baseline, &m.BaselineDate, &m.Value, &m.ValueDate, &m.Scope, &m.Source, &m.Verified); err != nil {
			return err
		}
		ps[idx[id]].Metrics = append(ps[idx[id]].Metrics, m)
	}
	return rows.Err()
}

// CreatePractice inserts p (version 1) with its first revision.
func (t *Tx) CreatePractice(p *km.Practice, author km.User, note string) error {
	authors, _ := json.Marshal(p.Authors)
	ts := Now(t.ctx)
	var ext any
	if p.ExternalID != "" {
		ext = p.ExternalID
	}
	var createdBy any
	if author.ID != 0 {
		createdBy = author.ID
	}
	var published any
	if p.Status.Released() {
		published = ts
		p.PublishedAt = &ts
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO practices (external_id, org_id, kind, title, summary, problem, actions, results,
		lessons, replication, body, affair, year, authors, access, status, verifier, review_by, status_note, version,
		created_by, created_at, updated_at, published_at, demo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1, $20, $21, $21, $22, $23)`,
		ext, p.OrgID, p.Kind, p.Title, p.Summary, p.Problem, p.Actions, p.Results, p.Lessons, p.Replication, p.Body,
		p.Affair, p.Year, string(authors), p.Access, p.Status, p.Verifier, p.ReviewBy, p.StatusNote, createdBy, ts, published, p.Demo)
	if err != nil {
		return fmt.Errorf("store: create practice: %w", err)
	}
	p.ID, p.Version, p.CreatedBy, p.CreatedAt, p.UpdatedAt = id, 1, author.ID, ts, ts
	if err := t.writeDetails(p); err != nil {
		return err
	}
	if err := t.addRevision(p, author, note); err != nil {
		return err
	}
	return t.Changed(p.ID)
}

// UpdatePractice saves p if its stored version is still p.Version, then
// bumps the version and records a revision. A stale version returns a
// *km.ConflictError with the current version; nothing is written.
func (t *Tx) UpdatePractice(p *km.Practice, author km.User, note string) error {
	authors, _ := json.Marshal(p.Authors)
	ts := Now(t.ctx)
	res, err := t.tx.ExecContext(t.ctx, `UPDATE practices SET org_id = $1, kind = $2, title = $3, summary = $4, problem = $5,
		actions = $6, results = $7, lessons = $8, replication = $9, body = $10, affair = $11, year = $12, authors = $13,
		access = $14, status = $15, verifier = $16, review_by = $17, status_note = $18, version = version + 1,
		updated_at = $19, published_at = CASE WHEN $20 THEN COALESCE(published_at, $19) ELSE published_at END
		WHERE id = $21 AND version = $22`,
		p.OrgID, p.Kind, p.Title, p.Summary, p.Problem, p.Actions, p.Results, p.Lessons, p.Replication, p.Body,
		p.Affair, p.Year, string(authors), p.Access, p.Status, p.Verifier, p.ReviewBy, p.StatusNote, ts,
		p.Status == km.StatusPublished, p.ID, p.Version)
	if err != nil {
		return fmt.Errorf("store: update practice %d: %w", p.ID, translate(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		var cur int
		err := t.tx.QueryRowContext(t.ctx, `SELECT version FROM practices WHERE id = $1`, p.ID).Scan(&cur)
		if errors.Is(err, sql.ErrNoRows) {
			return km.ErrNotFound
		}
		if err != nil {
			return err
		}
		return &km.ConflictError{Current: cur}
	}
	p.Version++
	p.UpdatedAt = ts
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM practice_tags WHERE practice_id = $1`, p.ID); err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM practice_metrics WHERE practice_id = $1`, p.ID); err != nil {
		return err
	}
	if err := t.writeDetails(p); err != nil {
		return err
	}
	if err := t.addRevision(p, author, note); err != nil {
		return err
	}
	return t.Changed(p.ID)
}

func (t *Tx) writeDetails(p *km.Practice) error {
	for _, tag := range p.Tags {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO practice_tags (practice_id, tag) VALUES ($1, $2)`, p.ID, tag); err != nil {
			return fmt.Errorf("store: tag %q: %w", tag, translate(err))
		}
	}
	for i, m := range p.Metrics {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO practice_metrics (practice_id, pos, indicator, unit, baseline,
			baseline_date, value, value_date, scope, source, verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			p.ID, i, m.Indicator, m.Unit, m.Baseline, m.BaselineDate, m.Value, m.ValueDate, m.Scope, m.Source, m.Verified); err != nil {
			return fmt.Errorf("store: metric %d: %w", i, err)
		}
	}
	return nil
}

func (t *Tx) addRevision(p *km.Practice, author km.User, note string) error {
	content, err := json.Marshal(p.Content())
	if err != nil {
		return err
	}
	var aid any
	if author.ID != 0 {
		aid = author.ID
	}
	_, err = t.tx.ExecContext(t.ctx, `INSERT INTO practice_revisions (practice_id, version, content, author_id, author_name, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, p.Version, string(content), aid, author.Name, note, p.UpdatedAt)
	if err != nil {
		return fmt.Errorf("store: revision %d of practice %d: %w", p.Version, p.ID, translate(err))
	}
	return nil
}

// PracticesByID loads practices with tags and metrics, in no particular
// order; ids that do not exist are left out.
func (s *Store) PracticesByID(ctx context.Context, ids []int64) ([]km.Practice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = strconv.FormatInt(id, 10)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+practiceCols+practiceFrom+` WHERE p.id IN (`+strings.Join(in, ",")+`)`)
	if err != nil {
		return nil, fmt.Errorf("store: load practices: %w", err)
	}
	var out []km.Practice
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadDetails(ctx, s.rdb, out)
}

// Revisions lists a practice's revisions, newest first, without content.
func (s *Store) Revisions(ctx context.Context, practiceID int64) ([]km.Revision, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT version, COALESCE(author_id, 0), author_name, note, created_at
		FROM practice_revisions WHERE practice_id = $1 ORDER BY version DESC`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list revisions: %w", err)
	}
	defer rows.Close()
	var out []km.Revision
	for rows.Next() {
		r := km.Revision{PracticeID: practiceID}
		if err := rows.Scan(&r.Version, &r.AuthorID, &r.AuthorName, &r.Note, &r.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Revision loads one revision with its content.
func (s *Store) Revision(ctx context.Context, practiceID int64, version int) (km.Revision, error) {
	r := km.Revision{PracticeID: practiceID, Version: version}
	var content string
	err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(author_id, 0), author_name, note, created_at, content
		FROM practice_revisions WHERE practice_id = $1 AND version = $2`, practiceID, version).
		Scan(&r.AuthorID, &r.AuthorName, &r.Note, &r.CreatedAt, &content)
	if err != nil {
		return r, translate(err)
	}
	return r, json.Unmarshal([]byte(content), &r.Content)
}

// PracticeFilter selects practices for a list. Visibility is always applied.
type PracticeFilter struct {
	Visibility km.Visibility
	OrgPath    string // subtree
	Kind       km.Kind
	Affair     string
	Status     km.Status
	Access     km.Access
	Year       int
	Tag        string
	Text       string // a plain substring of the title or summary; full-text search lives in package search
	CreatedBy  int64
	DueBy      string // published practices whose review-by date is on or before this day
	Demo       *bool
	Limit      int
	Offset     int
	Order      string // "updated" (default), "title", "review_by", "id"
}

// visibilitySQL renders v as a WHERE fragment over p and o, appending its
// arguments. It is the SQL twin of km.Visibility.Allows: keep them in step
// (TestVisibilityMatchesAllows pins that).
func visibilitySQL(v km.Visibility, args *[]any) string {
	arg := func(x any) string {
		*args = append(*args, x)
		return "$" + strconv.Itoa(len(*args))
	}
	under := func(scopes []string) string {
		if len(scopes) == 0 {
			return "FALSE"
		}
		parts := make([]string, len(scopes))
		for i, sc := range scopes {
			parts[i] = "o.path LIKE " + arg(sc+"%")
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	}
	released := `p.status IN ('published', 'archived')`
	pub := `p.access = 'public'`
	if v.Authenticated {
		pub = `p.access IN ('public', 'internal')`
	}
	cond := "(" + released + " AND (" + pub + " OR (p.access = 'agency' AND " + under(v.AgencyScopes) + ")))"
	if !v.Authenticated {
		return cond
	}
	cond += " OR p.created_by = " + arg(v.UserID)
	cond += " OR " + under(v.ReviewScopes)
	cond += " OR (p.status NOT IN ('published', 'archived') AND p.access <> 'restricted' AND " + under(v.DraftScopes) + ")"
	return "(" + cond + ")"
}

// Practices lists the practices f selects and counts all that match.
func (s *Store) Practices(ctx context.Context, f PracticeFilter) ([]km.Practice, int, error) {
	var args []any
	arg := func(x any) string {
		args = append(args, x)
		return "$" + strconv.Itoa(len(args))
	}
	where := []string{visibilitySQL(f.Visibility, &args)}
	if f.OrgPath != "" {
		where = append(where, "o.path LIKE "+arg(f.OrgPath+"%"))
	}
	if f.Kind != "" {
		where = append(where, "p.kind = "+arg(string(f.Kind)))
	}
	if f.Affair != "" {
		where = append(where, "p.affair = "+arg(f.Affair))
	}
	if f.Status != "" {
		where = append(where, "p.status = "+arg(string(f.Status)))
	}
	if f.Access != "" {
		where = append(where, "p.access = "+arg(string(f.Access)))
	}
	if f.Year != 0 {
		where = append(where, "p.year = "+arg(f.Year))
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM practice_tags t WHERE t.practice_id = p.id AND t.tag = "+arg(strings.ToLower(f.Tag))+")")
	}
	if f.Text != "" {
		pat := "%" + strings.ToLower(f.Text) + "%"
		where = append(where, "(LOWER(p.title) LIKE "+arg(pat)+" OR LOWER(p.summary) LIKE "+arg(pat)+")")
	}
	if f.CreatedBy != 0 {
		where = append(where, "p.created_by = "+arg(f.CreatedBy))
	}
	if f.DueBy != "" {
		where = append(where, "p.status = 'published' AND p.review_by <> '' AND p.review_by <= "+arg(f.DueBy))
	}
	if f.Demo != nil {
		where = append(where, "p.demo = "+arg(*f.Demo))
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*)`+practiceFrom+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count practices: %w", err)
	}
	order := "p.updated_at DESC, p.id DESC"
	switch f.Order {
	case "title":
		order = "LOWER(p.title), p.id"
	case "review_by":
		order = "p.review_by, p.id"
	case "id":
		order = "p.id"
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	q := `SELECT ` + practiceCols + practiceFrom + cond + ` ORDER BY ` + order +
		` LIMIT ` + strconv.Itoa(limit) + ` OFFSET ` + strconv.Itoa(max(f.Offset, 0))
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list practices: %w", err)
	}
	var out []km.Practice
	for rows.Next() {
		p, err := scanPractice(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.loadDetails(ctx, s.rdb, out)
}

// PracticeCounts counts visible published practices by kind, for the home page.
func (s *Store) PracticeCounts(ctx context.Context, v km.Visibility) (map[km.Kind]int, error) {
	var args []any
	q := `SELECT p.kind, COUNT(*)` + practiceFrom + ` WHERE p.status = 'published' AND ` + visibilitySQL(v, &args) + ` GROUP BY p.kind`
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: count practices: %w", err)
	}
	defer rows.Close()
	out := map[km.Kind]int{}
	for rows.Next() {
		var k km.Kind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
