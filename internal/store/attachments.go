package store

import (
	"context"
	"fmt"
	"time"
)

// Attachment is a file attached to a practice. Its bytes live in the file
// store under their SHA-256; this row records what the uploader called it.
type Attachment struct {
	ID         int64
	PracticeID int64
	SHA256     string
	Name       string
	MIME       string
	Size       int64
	UploadedBy int64
	CreatedAt  time.Time
}

// AddAttachment records an uploaded file.
func (t *Tx) AddAttachment(a *Attachment) error {
	var by any
	if a.UploadedBy != 0 {
		by = a.UploadedBy
	}
	a.CreatedAt = Now(t.ctx)
	id, err := insertID(t.ctx, t.tx, `INSERT INTO attachments (practice_id, sha256, name, mime, size, uploaded_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, a.PracticeID, a.SHA256, a.Name, a.MIME, a.Size, by, a.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: add attachment: %w", err)
	}
	a.ID = id
	return t.Changed(a.PracticeID)
}

// Attachments lists a practice's files, oldest first.
func (s *Store) Attachments(ctx context.Context, practiceID int64) ([]Attachment, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, practice_id, sha256, name, mime, size, COALESCE(uploaded_by, 0), created_at
		FROM attachments WHERE practice_id = $1 ORDER BY id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: list attachments: %w", err)
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

// Attachment loads one attachment.
func (s *Store) Attachment(ctx context.Context, id int64) (Attachment, error) {
	var a Attachment
	err := s.rdb.QueryRowContext(ctx, `SELECT id, practice_id, sha256, name, mime, size, COALESCE(uploaded_by, 0), created_at
		FROM attachments WHERE id = $1`, id).
		Scan(&a.ID, &a.PracticeID, &a.SHA256, &a.Name, &a.MIME, &a.Size, &a.UploadedBy, &a.CreatedAt)
	return a, translate(err)
}
