package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"lumbung/internal/km"
)

const questionCols = `q.id, q.practice_id, q.author_id, u.name, q.body, q.created_at, q.edited_at, q.hidden_at, COALESCE(q.hidden_by, 0), q.hidden_reason`

func scanQuestion(sc interface{ Scan(...any) error }) (km.Question, error) {
	var q km.Question
	var edited, hidden sql.NullTime
	if err := sc.Scan(&q.ID, &q.PracticeID, &q.AuthorID, &q.AuthorName, &q.Body, &q.AskedAt, &edited, &hidden, &q.HiddenBy, &q.Reason); err != nil {
		return q, translate(err)
	}
	q.AskedAt, q.EditedAt, q.HiddenAt = q.AskedAt.UTC(), timeOf(edited), timeOf(hidden)
	return q, nil
}

const answerCols = `a.id, a.question_id, a.author_id, u.name, a.body, a.accepted, a.created_at, a.edited_at, a.hidden_at, COALESCE(a.hidden_by, 0), a.hidden_reason`

func scanAnswer(sc interface{ Scan(...any) error }) (km.Answer, error) {
	var a km.Answer
	var edited, hidden sql.NullTime
	if err := sc.Scan(&a.ID, &a.QuestionID, &a.AuthorID, &a.AuthorName, &a.Body, &a.Accepted, &a.PostedAt, &edited, &hidden, &a.HiddenBy, &a.Reason); err != nil {
		return a, translate(err)
	}
	a.PostedAt, a.EditedAt, a.HiddenAt = a.PostedAt.UTC(), timeOf(edited), timeOf(hidden)
	return a, nil
}

// CreateQuestion stores a new question and sets its id and time, and
// records the change for the search index (questions are searched with
// their practice).
func (t *Tx) CreateQuestion(q *km.Question) error {
	q.AskedAt = t.Now()
	id, err := insertID(t.ctx, t.tx, `INSERT INTO questions (practice_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)`,
		q.PracticeID, q.AuthorID, q.Body, q.AskedAt)
	if err != nil {
		return fmt.Errorf("store: create question: %w", err)
	}
	q.ID = id
	return t.Changed(q.PracticeID)
}

// CreateAnswer stores a new answer and sets its id and time.
func (t *Tx) CreateAnswer(a *km.Answer, practiceID int64) error {
	a.PostedAt = t.Now()
	id, err := insertID(t.ctx, t.tx, `INSERT INTO answers (question_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)`,
		a.QuestionID, a.AuthorID, a.Body, a.PostedAt)
	if err != nil {
		return fmt.Errorf("store: create answer: %w", err)
	}
	a.ID = id
	return t.Changed(practiceID)
}

// Question reads a question, without its answers, inside the transaction.
func (t *Tx) Question(id int64) (km.Question, error) {
	return scanQuestion(t.tx.QueryRowContext(t.ctx, `SELECT `+questionCols+` FROM questions q JOIN users u ON u.id = q.author_id WHERE q.id = $1`, id))
}

// Question reads a question without its answers.
func (s *Store) Question(ctx context.Context, id int64) (km.Question, error) {
	return scanQuestion(s.rdb.QueryRowContext(ctx, `SELECT `+questionCols+` FROM questions q JOIN users u ON u.id = q.author_id WHERE q.id = $1`, id))
}

// Answer reads an answer inside the transaction.
func (t *Tx) Answer(id int64) (km.Answer, error) {
	return scanAnswer(t.tx.QueryRowContext(t.ctx, `SELECT `+answerCols+` FROM answers a JOIN users u ON u.id = a.author_id WHERE a.id = $1`, id))
}

// Answer reads an answer.
func (s *Store) Answer(ctx context.Context, id int64) (km.Answer, error) {
	return scanAnswer(s.rdb.QueryRowContext(ctx, `SELECT `+answerCols+` FROM answers a JOIN users u ON u.id = a.author_id WHERE a.id = $1`, id))
}

// postTable is the table of a kind of post.
func postTable(kind km.PostKind) string {
	if kind == km.PostAnswer {
		return "answers"
	}
	return "questions"
}

// EditPost replaces a post's text, keeping the text it replaces in the
// edit history, and records the change for the search index.
func (t *Tx) EditPost(kind km.PostKind, id, practiceID int64, body string, by int64) error {
	table := postTable(kind)
	var old string
	var created sql.NullTime
	var edited sql.NullTime
	err := t.tx.QueryRowContext(t.ctx, `SELECT body, created_at, edited_at FROM `+table+` WHERE id = $1`, id).Scan(&old, &created, &edited)
	if err != nil {
		return translate(err)
	}
	written := timeOf(created)
	if edited.Valid {
		written = timeOf(edited)
	}
	at := t.Now()
	if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO post_edits (post_kind, post_id, body, written_at, replaced_at, replaced_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		string(kind), id, old, written, at, by); err != nil {
		return fmt.Errorf("store: keep edit: %w", translate(err))
	}
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE `+table+` SET body = $1, edited_at = $2 WHERE id = $3`, body, at, id); err != nil {
		return fmt.Errorf("store: edit %s: %w", kind, translate(err))
	}
	return t.Changed(practiceID)
}

// HidePost hides a post with a moderator's reason; a hidden answer is no
// longer accepted.
func (t *Tx) HidePost(kind km.PostKind, id, practiceID int64, by int64, reason string) error {
	set := ""
	if kind == km.PostAnswer {
		set = ", accepted = FALSE"
	}
	res, err := t.tx.ExecContext(t.ctx, `UPDATE `+postTable(kind)+` SET hidden_at = $1, hidden_by = $2, hidden_reason = $3`+set+` WHERE id = $4`,
		t.Now(), by, reason, id)
	if err != nil {
		return fmt.Errorf("store: hide %s: %w", kind, translate(err))
	}
	if err := mustAffect(res); err != nil {
		return err
	}
	return t.Changed(practiceID)
}

// AcceptAnswer makes answerID the one accepted answer of its question.
func (t *Tx) AcceptAnswer(questionID, answerID, practiceID int64) error {
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE answers SET accepted = (id = $1) WHERE question_id = $2`, answerID, questionID); err != nil {
		return fmt.Errorf("store: accept answer: %w", translate(err))
	}
	return t.Changed(practiceID)
}

// Questions lists the questions on a practice, hidden ones included, each
// with its answers (the accepted one first, then oldest first).
func (s *Store) Questions(ctx context.Context, practiceID int64) ([]km.Question, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+questionCols+` FROM questions q JOIN users u ON u.id = q.author_id
		WHERE q.practice_id = $1 ORDER BY q.id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: questions: %w", err)
	}
	var out []km.Question
	byID := map[int64]int{}
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[q.ID] = len(out)
		out = append(out, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	rows, err = s.rdb.QueryContext(ctx, `SELECT `+answerCols+` FROM answers a JOIN users u ON u.id = a.author_id
		JOIN questions q ON q.id = a.question_id WHERE q.practice_id = $1 ORDER BY a.accepted DESC, a.id`, practiceID)
	if err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAnswer(rows)
		if err != nil {
			return nil, err
		}
		if i, ok := byID[a.QuestionID]; ok {
			out[i].Answers = append(out[i].Answers, a)
		}
	}
	return out, rows.Err()
}

// PostEdits lists the earlier versions of a post, oldest first.
func (s *Store) PostEdits(ctx context.Context, kind km.PostKind, id int64) ([]km.PostEdit, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT e.body, e.written_at, e.replaced_at, e.replaced_by, u.name FROM post_edits e
		JOIN users u ON u.id = e.replaced_by WHERE e.post_kind = $1 AND e.post_id = $2 ORDER BY e.id`, string(kind), id)
	if err != nil {
		return nil, fmt.Errorf("store: post edits: %w", err)
	}
	defer rows.Close()
	var out []km.PostEdit
	for rows.Next() {
		var e km.PostEdit
		if err := rows.Scan(&e.Body, &e.WrittenAt, &e.ReplacedAt, &e.ReplacedBy, &e.ReplacedByName); err != nil {
			return nil, err
		}
		e.WrittenAt, e.ReplacedAt = e.WrittenAt.UTC(), e.ReplacedAt.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// QuestionTexts returns, keyed by practice id, the text of the visible
// questions on each practice and of their accepted answers, for the
// search index: a word only in a question finds the practice.
func (s *Store) QuestionTexts(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in := make([]any, len(ids))
	ph := make([]string, len(ids))
	for i, id := range ids {
		in[i], ph[i] = id, fmt.Sprintf("$%d", i+1)
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT q.practice_id, q.body, COALESCE(a.body, '') FROM questions q
		LEFT JOIN answers a ON a.question_id = q.id AND a.accepted AND a.hidden_at IS NULL
		WHERE q.hidden_at IS NULL AND q.practice_id IN (`+strings.Join(ph, ",")+`) ORDER BY q.id`, in...)
	if err != nil {
		return nil, fmt.Errorf("store: question texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var q, a string
		if err := rows.Scan(&id, &q, &a); err != nil {
			return nil, err
		}
		text := q
		if a != "" {
			text += "\n\n" + a
		}
		if out[id] != "" {
			text = out[id] + "\n\n" + text
		}
		out[id] = text
	}
	return out, rows.Err()
}

// CoordinatorIDs lists the users holding the coordinator role over the
// organisation at path (on it or an organisation above it).
func (s *Store) CoordinatorIDs(ctx context.Context, path string) ([]int64, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT DISTINCT g.user_id FROM grants g JOIN organisations o ON o.id = g.org_id
		JOIN users u ON u.id = g.user_id WHERE g.role = $1 AND NOT u.disabled AND $2 LIKE o.path || '%' ORDER BY g.user_id`,
		string(km.RoleCoordinator), path)
	if err != nil {
		return nil, fmt.Errorf("store: coordinators: %w", err)
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
