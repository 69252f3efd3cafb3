package store

import (
	"context"
	"fmt"
	"time"
)

// Changed records in the change feed that a practice (or something shown
// with it) changed, in the transaction that changed it: derived views such
// as each node's search index replay the feed, so a crash between the write
// and the indexing loses nothing.
func (t *Tx) Changed(practiceID int64) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO changes (practice_id, at) VALUES ($1, $2)`, practiceID, Now(t.ctx))
	if err != nil {
		return fmt.Errorf("store: record change: %w", err)
	}
	return nil
}

// Change is one entry of the change feed.
type Change struct {
	ID         int64
	PracticeID int64
	At         time.Time
}

// Changes returns feed entries after id afterID, plus those newer than
// since whatever their id, oldest first, at most limit. The second set
// exists because on PostgreSQL ids are handed out at insert but become
// visible at commit, so an entry can appear behind a reader's cursor;
// replaying the last minute again makes that harmless (applying a change
// twice is idempotent).
func (s *Store) Changes(ctx context.Context, afterID int64, since time.Time, limit int) ([]Change, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, practice_id, at FROM changes WHERE id > $1 OR at >= $2 ORDER BY id LIMIT $3`,
		afterID, since.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: read changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ID, &c.PracticeID, &c.At); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LastChangeID is the newest id in the change feed (0 when empty).
func (s *Store) LastChangeID(ctx context.Context) (int64, error) {
	var id int64
	err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM changes`).Scan(&id)
	return id, err
}

// PracticeIDs streams the ids of all practices in id order, in pages, for
// rebuilding derived views.
func (s *Store) PracticeIDs(ctx context.Context, afterID int64, limit int) ([]int64, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id FROM practices WHERE id > $1 ORDER BY id LIMIT $2`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list practice ids: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// CountPractices counts all practices.
func (s *Store) CountPractices(ctx context.Context) (int, error) {
	var n int
	err := s.rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM practices`).Scan(&n)
	return n, err
}

// AttachmentTexts returns the extracted text of each practice's attachments,
// joined, keyed by practice id.
func (s *Store) AttachmentTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in := make([]any, 0, len(ids))
	ph := ""
	for i, id := range ids {
		if i > 0 {
			ph += ","
		}
		ph += fmt.Sprintf("$%d", i+1)
		in = append(in, id)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT practice_id, text FROM attachments WHERE text <> '' AND practice_id IN (`+ph+`) ORDER BY id`, in...)
	if err != nil {
		return nil, fmt.Errorf("store: attachment texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, err
		}
		if out[id] != "" {
			text = out[id] + "\n\n" + text
		}
		out[id] = text
	}
	return out, rows.Err()
}

// PendingAttachments lists attachments whose text is not extracted yet.
func (s *Store) PendingAttachments(ctx context.Context, limit int) ([]Attachment, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, practice_id, sha256, name, mime, size, COALESCE(uploaded_by, 0), created_at
		FROM attachments WHERE text_status = 'pending' ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending attachments: %w", err)
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.PracticeID, &a.SHA256, &a.Name, &a.MIME, &a.Size, &a.UploadedBy, &a.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetAttachmentText stores the outcome of a text extraction ("done",
// "failed" or "skipped") and records the change for the index.
func (t *Tx) SetAttachmentText(a Attachment, text, status, errText string) error {
	_, err := t.tx.ExecContext(t.ctx, `UPDATE attachments SET text = $1, text_status = $2, text_error = $3 WHERE id = $4`,
		text, status, errText, a.ID)
	if err != nil {
		return fmt.Errorf("store: attachment text: %w", err)
	}
	return t.Changed(a.PracticeID)
}
