package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
)

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// CreateEdition inserts an edition and sets its id.
func (t *Tx) CreateEdition(e *award.Edition) error {
	if e.Method == "" {
		e.Method = award.MethodZScore
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_editions (code, name, year, organiser_id, registration_opens,
		submission_deadline, announcement_at, objection_until, winners, method, call_published_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.Code, e.Name, e.Year, e.OrganiserID, nullTime(e.RegistrationOpens), nullTime(e.SubmissionDeadline),
		nullTime(e.AnnouncementAt), nullTime(e.ObjectionUntil), e.Winners, string(e.Method), nullTime(e.CallPublishedAt), Now(t.ctx))
	if err != nil {
		return fmt.Errorf("store: create edition %s: %w", e.Code, err)
	}
	e.ID = id
	return nil
}

// EditionMark names a moment in an edition's life that is recorded once.
type EditionMark string

// The marks SetEditionMark records.
const (
	MarkCallPublished EditionMark = "call_published_at"
	MarkFrozen        EditionMark = "frozen_at"
	MarkPublished     EditionMark = "published_at"
	MarkFinalised     EditionMark = "finalised_at"
)

// SetEditionMark records when a step happened (a zero time clears it).
func (t *Tx) SetEditionMark(editionID int64, m EditionMark, at time.Time) error {
	if !slices.Contains([]EditionMark{MarkCallPublished, MarkFrozen, MarkPublished, MarkFinalised}, m) {
		return fmt.Errorf("store: unknown edition mark %q", m)
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_editions SET `+string(m)+` = $1 WHERE id = $2`, nullTime(at), editionID)
	if err != nil {
		return fmt.Errorf("store: edition %s: %w", m, err)
	}
	return mustAffect(res)
}

// UpdateEditionSchedule changes an edition's name, year, dates, number of
// winners and method.
func (t *Tx) UpdateEditionSchedule(e *award.Edition) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_editions SET name = $1, registration_opens = $2, submission_deadline = $3,
		announcement_at = $4, objection_until = $5, winners = $6, method = $7, year = $8 WHERE id = $9`,
		e.Name, nullTime(e.RegistrationOpens), nullTime(e.SubmissionDeadline), nullTime(e.AnnouncementAt),
		nullTime(e.ObjectionUntil), e.Winners, string(e.Method), e.Year, e.ID)
	if err != nil {
		return fmt.Errorf("store: update edition: %w", err)
	}
	return mustAffect(res)
}

// CreateCategory inserts a category of an edition.
func (t *Tx) CreateCategory(editionID int64, c *award.Category) error {
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_categories (edition_id, code, name) VALUES ($1, $2, $3)`, editionID, c.Code, c.Name)
	if err != nil {
		return fmt.Errorf("store: create category %s: %w", c.Code, err)
	}
	c.ID = id
	return nil
}

// CreateCriterion inserts a criterion of an edition at position pos.
func (t *Tx) CreateCriterion(editionID int64, pos int, c *award.CriterionDef) error {
	anchors, err := json.Marshal(orEmpty(c.Anchors))
	if err != nil {
		return err
	}
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_criteria (edition_id, pos, code, name, description, anchors, weight, min_score, max_score)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, editionID, pos, c.Code, c.Name, c.Description, string(anchors), c.Weight, c.Min, c.Max)
	if err != nil {
		return fmt.Errorf("store: create criterion %s: %w", c.Code, err)
	}
	c.ID = id
	return nil
}

// CreateRound inserts a round of an edition.
func (t *Tx) CreateRound(editionID int64, r *award.RoundDef) error {
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_rounds (edition_id, code, name, kind, ord, advance, weight)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, editionID, r.Code, r.Name, string(r.Kind), r.Order, r.Advance, r.Weight)
	if err != nil {
		return fmt.Errorf("store: create round %s: %w", r.Code, err)
	}
	r.ID = id
	return nil
}

// AddJuror puts a user on an edition's jury.
func (t *Tx) AddJuror(editionID int64, j *award.Juror) error {
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_jurors (edition_id, user_id, org_id) VALUES ($1, $2, $3)`,
		editionID, j.UserID, nullID(j.OrgID))
	if err != nil {
		return fmt.Errorf("store: add juror %s: %w", j.Email, err)
	}
	j.ID = id
	return nil
}

// CreateEntry inserts an entry.
func (t *Tx) CreateEntry(e *award.Entry) error {
	form, practices, err := entryJSON(e)
	if err != nil {
		return err
	}
	at := Now(t.ctx)
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_entries (edition_id, code, org_id, category_id, title, form, practices,
		submitted_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		e.EditionID, e.Code, e.OrgID, nullID(e.CategoryID), e.Title, form, practices, nullTime(e.SubmittedAt), at)
	if err != nil {
		return fmt.Errorf("store: create entry %s: %w", e.Code, err)
	}
	e.ID, e.Version = id, 1
	return nil
}

// UpdateEntry saves an entry's content if it is still at e.Version and not
// frozen; a stale version or a frozen entry is a conflict.
func (t *Tx) UpdateEntry(e *award.Entry) error {
	form, practices, err := entryJSON(e)
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_entries SET title = $1, form = $2, practices = $3, category_id = $4,
		submitted_at = $5, version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8 AND frozen_at IS NULL`,
		e.Title, form, practices, nullID(e.CategoryID), nullTime(e.SubmittedAt), Now(t.ctx), e.ID, e.Version)
	if err != nil {
		return fmt.Errorf("store: update entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: entry %s is frozen or changed meanwhile", km.ErrConflict, e.Code)
	}
	e.Version++
	return nil
}

func entryJSON(e *award.Entry) (string, string, error) {
	form, err := json.Marshal(orEmpty(e.Form))
	if err != nil {
		return "", "", err
	}
	ps := e.Practices
	if ps == nil {
		ps = []int64{}
	}
	practices, err := json.Marshal(ps)
	return string(form), string(practices), err
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// FreezeEntry records an entry's snapshot, its bytes and their hash; an
// entry is frozen once.
func (t *Tx) FreezeEntry(entryID int64, snapshot []byte, hash string, at time.Time) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_entries SET frozen_at = $1, snapshot_hash = $2, snapshot = $3 WHERE id = $4 AND frozen_at IS NULL`,
		nullTime(at), hash, string(snapshot), entryID)
	if err != nil {
		return fmt.Errorf("store: freeze entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: entry %d is already frozen", km.ErrConflict, entryID)
	}
	return nil
}

// EntrySnapshot returns the stored bytes of an entry's frozen snapshot:
// empty for an entry not frozen, or frozen before the bytes were kept.
// They are read apart from AwardData, which loads every entry at once.
func (s *Store) EntrySnapshot(ctx context.Context, entryID int64) ([]byte, error) {
	var b string
	err := s.rdb.QueryRowContext(ctx, `SELECT snapshot FROM award_entries WHERE id = $1`, entryID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, km.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: entry snapshot: %w", err)
	}
	return []byte(b), nil
}

// SetScreening records an entry's screening outcome.
func (t *Tx) SetScreening(entryID int64, outcome, reason string) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_entries SET screening = $1, screening_reason = $2 WHERE id = $3`, outcome, reason, entryID)
	if err != nil {
		return fmt.Errorf("store: screening: %w", err)
	}
	return mustAffect(res)
}

// DeclareConflict records a conflict a juror declared with an entry.
func (t *Tx) DeclareConflict(c award.DeclaredConflict) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO award_conflicts (juror_id, entry_id, reason, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (juror_id, entry_id) DO UPDATE SET reason = excluded.reason`, c.JurorID, c.EntryID, c.Reason, Now(t.ctx))
	return translate(err)
}

// Assign puts a juror on an entry in a round; assigning twice is harmless.
func (t *Tx) Assign(a award.Assignment) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO award_assignments (round_id, juror_id, entry_id, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (round_id, juror_id, entry_id) DO NOTHING`, a.RoundID, a.JurorID, a.EntryID, Now(t.ctx))
	return translate(err)
}

// Unassign takes a juror off an entry in a round, with any sheet they saved.
func (t *Tx) Unassign(a award.Assignment) error {
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM award_scores WHERE round_id = $1 AND juror_id = $2 AND entry_id = $3`,
		a.RoundID, a.JurorID, a.EntryID); err != nil {
		return translate(err)
	}
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM award_assignments WHERE round_id = $1 AND juror_id = $2 AND entry_id = $3`,
		a.RoundID, a.JurorID, a.EntryID)
	if err != nil {
		return translate(err)
	}
	return mustAffect(res)
}

// PutSheet inserts or replaces a juror's sheet.
func (t *Tx) PutSheet(s *award.Sheet) error {
	vals, err := json.Marshal(s.Values)
	if err != nil {
		return fmt.Errorf("store: score values: %w", err)
	}
	s.UpdatedAt = Now(t.ctx)
	if s.Status == award.SheetSubmitted && s.SubmittedAt.IsZero() {
		s.SubmittedAt = s.UpdatedAt
	}
	if s.Status != award.SheetSubmitted {
		s.SubmittedAt = time.Time{}
	}
	_, err = t.tx.ExecContext(t.ctx, `INSERT INTO award_scores (round_id, juror_id, entry_id, score_values, comment, private_note, status, updated_at, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (round_id, juror_id, entry_id) DO UPDATE SET score_values = excluded.score_values, comment = excluded.comment,
		private_note = excluded.private_note, status = excluded.status, updated_at = excluded.updated_at, submitted_at = excluded.submitted_at`,
		s.RoundID, s.JurorID, s.EntryID, string(vals), s.Comment, s.PrivateNote, s.Status, s.UpdatedAt, nullTime(s.SubmittedAt))
	return translate(err)
}

// SetShortlist records the confirmed shortlist of a round, best first.
func (t *Tx) SetShortlist(roundID int64, entryIDs []int64) error {
	if _, err := t.tx.ExecContext(t.ctx, `DELETE FROM award_shortlists WHERE round_id = $1`, roundID); err != nil {
		return err
	}
	for i, id := range entryIDs {
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO award_shortlists (round_id, entry_id, pos) VALUES ($1, $2, $3)`, roundID, id, i+1); err != nil {
			return translate(err)
		}
	}
	_, err := t.tx.ExecContext(t.ctx, `UPDATE award_rounds SET shortlisted_at = $1 WHERE id = $2`, Now(t.ctx), roundID)
	return err
}

// CreateObjection records an objection and sets its id.
func (t *Tx) CreateObjection(o *award.Objection) error {
	o.FiledAt = Now(t.ctx)
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_objections (entry_id, filed_by, body, filed_at) VALUES ($1, $2, $3, $4)`,
		o.EntryID, o.FiledBy, o.Body, o.FiledAt)
	if err != nil {
		return fmt.Errorf("store: objection: %w", err)
	}
	o.ID = id
	return nil
}

// AnswerObjection records the secretariat's answer; an objection is answered once.
func (t *Tx) AnswerObjection(id, by int64, answer string) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_objections SET answer = $1, answered_by = $2, answered_at = $3
		WHERE id = $4 AND answered_at IS NULL`, answer, by, Now(t.ctx), id)
	if err != nil {
		return fmt.Errorf("store: answer objection: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: objection %d is unknown or already answered", km.ErrConflict, id)
	}
	return nil
}

const editionCols = `e.id, e.code, e.name, e.year, e.organiser_id, o.path, e.registration_opens, e.submission_deadline,
	e.announcement_at, e.objection_until, e.winners, e.method, e.call_published_at, e.frozen_at, e.published_at, e.finalised_at`

func scanEdition(sc interface{ Scan(...any) error }) (award.Edition, error) {
	var e award.Edition
	var reg, dl, ann, obj, call, frz, pub, fin sql.NullTime
	var method string
	err := sc.Scan(&e.ID, &e.Code, &e.Name, &e.Year, &e.OrganiserID, &e.OrganiserPath, &reg, &dl, &ann, &obj, &e.Winners, &method,
		&call, &frz, &pub, &fin)
	if err != nil {
		return e, translate(err)
	}
	e.Method = award.Method(method)
	e.RegistrationOpens, e.SubmissionDeadline, e.AnnouncementAt, e.ObjectionUntil = timeOf(reg), timeOf(dl), timeOf(ann), timeOf(obj)
	e.CallPublishedAt, e.FrozenAt, e.PublishedAt, e.FinalisedAt = timeOf(call), timeOf(frz), timeOf(pub), timeOf(fin)
	return e, nil
}

// Editions lists every edition, newest year first.
func (s *Store) Editions(ctx context.Context) ([]award.Edition, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+editionCols+` FROM award_editions e JOIN organisations o ON o.id = e.organiser_id
		ORDER BY e.year DESC, e.code`)
	if err != nil {
		return nil, fmt.Errorf("store: editions: %w", err)
	}
	defer rows.Close()
	var out []award.Edition
	for rows.Next() {
		e, err := scanEdition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EditionByCode finds an edition by its code.
func (s *Store) EditionByCode(ctx context.Context, code string) (award.Edition, error) {
	return editionByCode(ctx, s.rdb, code)
}

// EditionByCode finds an edition by its code inside the transaction.
func (t *Tx) EditionByCode(code string) (award.Edition, error) {
	return editionByCode(t.ctx, t.tx, code)
}

func editionByCode(ctx context.Context, q querier, code string) (award.Edition, error) {
	return scanEdition(q.QueryRowContext(ctx, `SELECT `+editionCols+` FROM award_editions e JOIN organisations o ON o.id = e.organiser_id
		WHERE e.code = $1`, code))
}

// AwardData loads everything about the edition with this code.
func (s *Store) AwardData(ctx context.Context, code string) (*award.Data, error) {
	return awardData(ctx, s.rdb, code)
}

// AwardData loads everything about an edition inside the transaction, so
// that rules checked on it hold when the transaction writes.
func (t *Tx) AwardData(code string) (*award.Data, error) { return awardData(t.ctx, t.tx, code) }

func awardData(ctx context.Context, q querier, code string) (*award.Data, error) {
	ed, err := editionByCode(ctx, q, code)
	if err != nil {
		return nil, err
	}
	d := &award.Data{Edition: ed, Shortlists: map[int64][]int64{}}
	evidence := map[int64][]award.Evidence{}
	personPaths := map[int64][]string{}
	id := ed.ID
	each := func(query string, scan func(*sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, id)
		if err != nil {
			return fmt.Errorf("store: award data: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("store: award data: %w", err)
			}
		}
		return rows.Err()
	}
	err = errors.Join(
		each(`SELECT id, code, name FROM award_categories WHERE edition_id = $1 ORDER BY code`, func(r *sql.Rows) error {
			var c award.Category
			err := r.Scan(&c.ID, &c.Code, &c.Name)
			d.Categories = append(d.Categories, c)
			return err
		}),
		each(`SELECT id, code, name, description, anchors, weight, min_score, max_score FROM award_criteria WHERE edition_id = $1 ORDER BY pos, id`, func(r *sql.Rows) error {
			var c award.CriterionDef
			var anchors string
			if err := r.Scan(&c.ID, &c.Code, &c.Name, &c.Description, &anchors, &c.Weight, &c.Min, &c.Max); err != nil {
				return err
			}
			d.Criteria = append(d.Criteria, c)
			return json.Unmarshal([]byte(anchors), &d.Criteria[len(d.Criteria)-1].Anchors)
		}),
		each(`SELECT id, code, name, kind, ord, advance, weight, shortlisted_at FROM award_rounds WHERE edition_id = $1 ORDER BY ord`, func(r *sql.Rows) error {
			var x award.RoundDef
			var kind string
			var sl sql.NullTime
			err := r.Scan(&x.ID, &x.Code, &x.Name, &kind, &x.Order, &x.Advance, &x.Weight, &sl)
			x.Kind, x.ShortlistedAt = award.RoundKind(kind), timeOf(sl)
			d.Rounds = append(d.Rounds, x)
			return err
		}),
		each(`SELECT j.id, j.user_id, u.email, u.name, COALESCE(j.org_id, 0), COALESCE(o.code, ''), COALESCE(o.path, '')
			FROM award_jurors j JOIN users u ON u.id = j.user_id LEFT JOIN organisations o ON o.id = j.org_id
			WHERE j.edition_id = $1 ORDER BY u.email`, func(r *sql.Rows) error {
			var j award.Juror
			err := r.Scan(&j.ID, &j.UserID, &j.Email, &j.Name, &j.OrgID, &j.OrgCode, &j.OrgPath)
			d.Jurors = append(d.Jurors, j)
			return err
		}),
		each(`SELECT e.id, e.code, e.org_id, o.code, o.path, COALESCE(e.category_id, 0), COALESCE(c.code, ''), e.title, e.form, e.practices,
			e.submitted_at, e.screening, e.screening_reason, e.frozen_at, e.snapshot_hash, e.version
			FROM award_entries e JOIN organisations o ON o.id = e.org_id LEFT JOIN award_categories c ON c.id = e.category_id
			WHERE e.edition_id = $1 ORDER BY e.code`, func(r *sql.Rows) error {
			e := award.Entry{EditionID: id}
			var form, practices string
			var sub, frz sql.NullTime
			if err := r.Scan(&e.ID, &e.Code, &e.OrgID, &e.OrgCode, &e.OrgPath, &e.CategoryID, &e.CategoryCode, &e.Title, &form, &practices,
				&sub, &e.Screening, &e.ScreeningReason, &frz, &e.SnapshotHash, &e.Version); err != nil {
				return err
			}
			e.SubmittedAt, e.FrozenAt = timeOf(sub), timeOf(frz)
			if err := errors.Join(json.Unmarshal([]byte(form), &e.Form), json.Unmarshal([]byte(practices), &e.Practices)); err != nil {
				return err
			}
			d.Entries = append(d.Entries, e)
			return nil
		}),
		each(`SELECT v.entry_id, v.id, v.sha256, v.name, v.mime, v.size, COALESCE(v.uploaded_by, 0), v.uploaded_at
			FROM award_evidence v JOIN award_entries e ON e.id = v.entry_id WHERE e.edition_id = $1 ORDER BY v.entry_id, v.id`, func(r *sql.Rows) error {
			var entryID int64
			var ev award.Evidence
			if err := r.Scan(&entryID, &ev.ID, &ev.SHA256, &ev.Name, &ev.MIME, &ev.Size, &ev.UploadedBy, &ev.UploadedAt); err != nil {
				return err
			}
			ev.UploadedAt = ev.UploadedAt.UTC()
			evidence[entryID] = append(evidence[entryID], ev)
			return nil
		}),
		each(`SELECT a.round_id, a.juror_id, a.entry_id FROM award_assignments a JOIN award_rounds r ON r.id = a.round_id
			WHERE r.edition_id = $1 ORDER BY a.round_id, a.entry_id, a.juror_id`, func(r *sql.Rows) error {
			var a award.Assignment
			err := r.Scan(&a.RoundID, &a.JurorID, &a.EntryID)
			d.Assignments = append(d.Assignments, a)
			return err
		}),
		each(`SELECT c.juror_id, c.entry_id, c.reason FROM award_conflicts c JOIN award_jurors j ON j.id = c.juror_id
			WHERE j.edition_id = $1 ORDER BY c.juror_id, c.entry_id`, func(r *sql.Rows) error {
			var c award.DeclaredConflict
			err := r.Scan(&c.JurorID, &c.EntryID, &c.Reason)
			d.Conflicts = append(d.Conflicts, c)
			return err
		}),
		each(`SELECT s.round_id, s.juror_id, s.entry_id, s.score_values, s.comment, s.private_note, s.status, s.updated_at, s.submitted_at
			FROM award_scores s JOIN award_rounds r ON r.id = s.round_id
			WHERE r.edition_id = $1 ORDER BY s.round_id, s.entry_id, s.juror_id`, func(r *sql.Rows) error {
			var s award.Sheet
			var vals string
			var sub sql.NullTime
			if err := r.Scan(&s.RoundID, &s.JurorID, &s.EntryID, &vals, &s.Comment, &s.PrivateNote, &s.Status, &s.UpdatedAt, &sub); err != nil {
				return err
			}
			s.SubmittedAt, s.UpdatedAt = timeOf(sub), s.UpdatedAt.UTC()
			d.Sheets = append(d.Sheets, s)
			return json.Unmarshal([]byte(vals), &d.Sheets[len(d.Sheets)-1].Values)
		}),
		each(`SELECT s.round_id, s.entry_id FROM award_shortlists s JOIN award_rounds r ON r.id = s.round_id
			WHERE r.edition_id = $1 ORDER BY s.round_id, s.pos`, func(r *sql.Rows) error {
			var rid, eid int64
			err := r.Scan(&rid, &eid)
			d.Shortlists[rid] = append(d.Shortlists[rid], eid)
			return err
		}),
		// Where each juror belongs as a person: their account's
		// organisation (unless it is the top of the tree, where accounts
		// without an agency live) and every organisation they hold a role
		// over but the juror role itself, which says where they judge.
		each(`SELECT j.id, o.path FROM award_jurors j JOIN users u ON u.id = j.user_id JOIN organisations o ON o.id = u.org_id
			WHERE j.edition_id = $1 AND o.parent_id IS NOT NULL
			UNION
			SELECT j.id, o.path FROM award_jurors j JOIN grants g ON g.user_id = j.user_id JOIN organisations o ON o.id = g.org_id
			WHERE j.edition_id = $1 AND g.role <> 'juror'
			ORDER BY 1, 2`, func(r *sql.Rows) error {
			var jid int64
			var path string
			err := r.Scan(&jid, &path)
			personPaths[jid] = append(personPaths[jid], path)
			return err
		}),
		each(`SELECT o.id, o.entry_id, o.filed_by, o.body, o.filed_at, o.answer, COALESCE(o.answered_by, 0), o.answered_at
			FROM award_objections o JOIN award_entries e ON e.id = o.entry_id WHERE e.edition_id = $1 ORDER BY o.id`, func(r *sql.Rows) error {
			var o award.Objection
			var ans sql.NullTime
			err := r.Scan(&o.ID, &o.EntryID, &o.FiledBy, &o.Body, &o.FiledAt, &o.Answer, &o.AnsweredBy, &ans)
			o.AnsweredAt, o.FiledAt = timeOf(ans), o.FiledAt.UTC()
			d.Objections = append(d.Objections, o)
			return err
		}),
	)
	if err != nil {
		return nil, err
	}
	for i := range d.Entries {
		d.Entries[i].Evidence = evidence[d.Entries[i].ID]
	}
	for i := range d.Jurors {
		d.Jurors[i].PersonPaths = personPaths[d.Jurors[i].ID]
	}
	return d, nil
}
