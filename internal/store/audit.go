package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"lumbung/internal/km"
)

// Audit appends an event to the audit log. There is no way to change or
// remove one: the tables refuse UPDATE and DELETE with a trigger.
func (t *Tx) Audit(e *km.AuditEvent) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return fmt.Errorf("store: audit detail: %w", err)
		}
	}
	e.At = now()
	id, err := insertID(t.ctx, t.tx, `INSERT INTO audit_events (at, actor_id, actor_label, action, target_type, target_id, org_id, detail, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		e.At, e.ActorID, e.ActorLabel, e.Action, e.TargetType, e.TargetID, e.OrgID, string(detail), e.IP)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	e.ID = id
	return nil
}

// AuditEvents lists events matching f, newest first.
func (s *Store) AuditEvents(ctx context.Context, f km.AuditFilter) ([]km.AuditEvent, error) {
	var args []any
	var where []string
	arg := func(x any) string {
		args = append(args, x)
		return "$" + strconv.Itoa(len(args))
	}
	if f.ActorID != 0 {
		where = append(where, "actor_id = "+arg(f.ActorID))
	}
	if strings.HasSuffix(f.Action, ".") {
		where = append(where, "action LIKE "+arg(f.Action+"%"))
	} else if f.Action != "" {
		where = append(where, "action = "+arg(f.Action))
	}
	if f.TargetType != "" {
		where = append(where, "target_type = "+arg(f.TargetType))
	}
	if f.TargetID != "" {
		where = append(where, "target_id = "+arg(f.TargetID))
	}
	if !f.From.IsZero() {
		where = append(where, "at >= "+arg(f.From.UTC()))
	}
	if !f.To.IsZero() {
		where = append(where, "at < "+arg(f.To.UTC()))
	}
	if f.BeforeID != 0 {
		where = append(where, "id < "+arg(f.BeforeID))
	}
	q := `SELECT id, at, actor_id, actor_label, action, target_type, target_id, org_id, detail, ip FROM audit_events`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += " ORDER BY id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.rdb.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit events: %w", err)
	}
	defer rows.Close()
	var out []km.AuditEvent
	for rows.Next() {
		var e km.AuditEvent
		var detail string
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.TargetType, &e.TargetID, &e.OrgID, &detail, &e.IP); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
			return nil, fmt.Errorf("store: audit event %d: %w", e.ID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
