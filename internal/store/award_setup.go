package store

import (
	"encoding/json"
	"fmt"

	"lumbung/internal/award"
	"lumbung/internal/km"
)

// The secretariat's set-up of an edition: categories, criteria, rounds and
// jurors changed one at a time, and the evidence files of entries. Whether
// a change is allowed (the call published, entries frozen) is the app's
// rule; these only write.

// UpdateCategory renames a category or changes its code.
func (t *Tx) UpdateCategory(c award.Category) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_categories SET code = $1, name = $2 WHERE id = $3`, c.Code, c.Name, c.ID)
	if err != nil {
		return fmt.Errorf("store: update category %s: %w", c.Code, translate(err))
	}
	return mustAffect(res)
}

// DeleteCategory removes a category no entry belongs to.
func (t *Tx) DeleteCategory(id int64) error {
	return t.deleteByID(`DELETE FROM award_categories WHERE id = $1`, id, "category")
}

// UpdateCriterion changes a criterion's text, weight and scale.
func (t *Tx) UpdateCriterion(c award.CriterionDef) error {
	anchors, err := json.Marshal(orEmpty(c.Anchors))
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_criteria SET code = $1, name = $2, description = $3, anchors = $4, weight = $5,
		min_score = $6, max_score = $7 WHERE id = $8`, c.Code, c.Name, c.Description, string(anchors), c.Weight, c.Min, c.Max, c.ID)
	if err != nil {
		return fmt.Errorf("store: update criterion %s: %w", c.Code, translate(err))
	}
	return mustAffect(res)
}

// DeleteCriterion removes a criterion.
func (t *Tx) DeleteCriterion(id int64) error {
	return t.deleteByID(`DELETE FROM award_criteria WHERE id = $1`, id, "criterion")
}

// UpdateRound changes a round's definition (not its shortlist).
func (t *Tx) UpdateRound(r award.RoundDef) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_rounds SET code = $1, name = $2, kind = $3, ord = $4, advance = $5, weight = $6 WHERE id = $7`,
		r.Code, r.Name, string(r.Kind), r.Order, r.Advance, r.Weight, r.ID)
	if err != nil {
		return fmt.Errorf("store: update round %s: %w", r.Code, translate(err))
	}
	return mustAffect(res)
}

// DeleteRound removes a round; the app refuses it while the round has
// assignments, sheets or a shortlist, which would go with it.
func (t *Tx) DeleteRound(id int64) error {
	return t.deleteByID(`DELETE FROM award_rounds WHERE id = $1`, id, "round")
}

// SetJurorOrg changes the organisation a juror is conflicted with (0: external).
func (t *Tx) SetJurorOrg(jurorID, orgID int64) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_jurors SET org_id = $1 WHERE id = $2`, nullID(orgID), jurorID)
	if err != nil {
		return fmt.Errorf("store: juror organisation: %w", translate(err))
	}
	return mustAffect(res)
}

// RemoveJuror takes a juror off the jury; the app refuses it while the
// juror has assignments or sheets.
func (t *Tx) RemoveJuror(jurorID int64) error {
	return t.deleteByID(`DELETE FROM award_jurors WHERE id = $1`, jurorID, "juror")
}

func (t *Tx) deleteByID(query string, id int64, what string) error {
	res, err := t.tx.ExecContext(t.ctx, query, id)
	if err != nil {
		return fmt.Errorf("store: delete %s: %w", what, translate(err))
	}
	return mustAffect(res)
}

// AddEvidence records an evidence file of an entry that is not frozen and
// sets its id; the same file twice on one entry is a conflict.
func (t *Tx) AddEvidence(entryID int64, ev *award.Evidence) error {
	if err := t.touchUnfrozen(entryID); err != nil {
		return err
	}
	ev.UploadedAt = Now(t.ctx)
	id, err := insertID(t.ctx, t.tx, `INSERT INTO award_evidence (entry_id, sha256, name, mime, size, uploaded_by, uploaded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, entryID, ev.SHA256, ev.Name, ev.MIME, ev.Size, nullID(ev.UploadedBy), ev.UploadedAt)
	if err != nil {
		return fmt.Errorf("store: add evidence: %w", err)
	}
	ev.ID = id
	return nil
}

// RemoveEvidence deletes an evidence file of an entry that is not frozen.
func (t *Tx) RemoveEvidence(entryID, evidenceID int64) error {
	if err := t.touchUnfrozen(entryID); err != nil {
		return err
	}
	res, err := t.tx.ExecContext(t.ctx, `DELETE FROM award_evidence WHERE id = $1 AND entry_id = $2`, evidenceID, entryID)
	if err != nil {
		return fmt.Errorf("store: remove evidence: %w", err)
	}
	return mustAffect(res)
}

// touchUnfrozen marks an entry changed, which also locks its row until the
// transaction ends; a frozen entry is a conflict.
func (t *Tx) touchUnfrozen(entryID int64) error {
	res, err := t.tx.ExecContext(t.ctx, `UPDATE award_entries SET updated_at = $1 WHERE id = $2 AND frozen_at IS NULL`, Now(t.ctx), entryID)
	if err != nil {
		return fmt.Errorf("store: entry %d: %w", entryID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%w: entry %d is frozen", km.ErrConflict, entryID)
	}
	return nil
}
