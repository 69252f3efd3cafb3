package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/km"
)

// Audit appends an event to the audit log. There is no way to change or
// remove one: the tables refuse UPDATE and DELETE with a trigger. Each event
// is also a link of a hash chain: it records the hash of the event before it
// and its own hash over that and its fields (see eventHash), so that a row
// changed or removed behind the triggers' back (by someone with the database
// owner's rights) shows in VerifyAuditChain. The chain's head lives in
// audit_head; updating it first takes its row lock on PostgreSQL, so
// concurrent writers append one after another (SQLite has one writer).
func (t *Tx) Audit(e *km.AuditEvent) error {
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		var err error
		if detail, err = json.Marshal(e.Detail); err != nil {
			return fmt.Errorf("store: audit detail: %w", err)
		}
	}
	e.At = Now(t.ctx)
	var prev string
	if err := t.tx.QueryRowContext(t.ctx, `UPDATE audit_head SET last_id = last_id WHERE id = 1 RETURNING hash`).Scan(&prev); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	row := auditRow{At: e.At, ActorID: e.ActorID, ActorLabel: e.ActorLabel, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, OrgID: e.OrgID, Detail: string(detail), IP: e.IP, PrevHash: prev}
	row.Hash = eventHash(row)
	id, err := insertID(t.ctx, t.tx, `INSERT INTO audit_events (at, actor_id, actor_label, action, target_type, target_id, org_id, detail, ip, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.At, e.ActorID, e.ActorLabel, e.Action, e.TargetType, e.TargetID, e.OrgID, row.Detail, e.IP, row.PrevHash, row.Hash)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	if _, err := t.tx.ExecContext(t.ctx, `UPDATE audit_head SET last_id = $1, hash = $2 WHERE id = 1`, id, row.Hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	e.ID = id
	return nil
}

// auditRow is an audit event as stored, the input of its hash.
type auditRow struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorLabel string
	Action     string
	TargetType string
	TargetID   string
	OrgID      int64
	Detail     string // the stored JSON text, byte for byte
	IP         string
	PrevHash   string
	Hash       string
}

// eventHash is the hex SHA-256 of the previous event's hash and a canonical
// encoding of the event: a JSON array of its fields in a fixed order, the
// time in RFC 3339 UTC to the microsecond (what both databases keep). The
// row id is left out (it is assigned by the insert), but the chain fixes
// the order all the same: moving an event breaks its link.
func eventHash(r auditRow) string {
	fields := []any{"lumbung-audit-v1", r.PrevHash, r.At.UTC().Format("2006-01-02T15:04:05.000000Z"), r.ActorID, r.ActorLabel,
		r.Action, r.TargetType, r.TargetID, r.OrgID, r.Detail, r.IP}
	b, _ := json.Marshal(fields) // strings and integers cannot fail
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// ChainReport is the outcome of VerifyAuditChain.
type ChainReport struct {
	// Events is how many events were read; Legacy how many of them predate
	// the chain (written before hashing existed, with empty hashes).
	Events, Legacy int
	// LastID and LastHash are the newest link.
	LastID   int64
	LastHash string
	// BrokenID is the first event whose link does not hold (0 when the
	// chain is whole); Broken says why.
	BrokenID int64
	Broken   string
}

// OK reports whether the chain is whole.
func (r ChainReport) OK() bool { return r.Broken == "" }

// VerifyAuditChain reads the audit log in order and checks every link:
// each event's prev_hash is the hash of the event before it, its hash is
// the hash of its own fields, and the chain ends at the head recorded in
// audit_head (so that removing the newest events shows too). It reports the
// first broken link; an error is a failure to read, not a broken chain.
func (s *Store) VerifyAuditChain(ctx context.Context) (ChainReport, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT id, at, actor_id, actor_label, action, target_type, target_id, org_id, detail, ip, prev_hash, hash
		FROM audit_events ORDER BY id`)
	if err != nil {
		return ChainReport{}, fmt.Errorf("store: read audit log: %w", err)
	}
	defer rows.Close()
	next := func() (auditRow, bool, error) {
		if !rows.Next() {
			return auditRow{}, false, rows.Err()
		}
		var r auditRow
		err := rows.Scan(&r.ID, &r.At, &r.ActorID, &r.ActorLabel, &r.Action, &r.TargetType, &r.TargetID, &r.OrgID, &r.Detail, &r.IP, &r.PrevHash, &r.Hash)
		return r, err == nil, err
	}
	var head struct {
		id   int64
		hash string
	}
	if err := s.rdb.QueryRowContext(ctx, `SELECT last_id, hash FROM audit_head WHERE id = 1`).Scan(&head.id, &head.hash); err != nil {
		return ChainReport{}, fmt.Errorf("store: read audit head: %w", err)
	}
	rep, err := verifyChain(next)
	if err != nil || !rep.OK() {
		return rep, err
	}
	if rep.LastID != head.id || rep.LastHash != head.hash {
		rep.BrokenID = rep.LastID
		rep.Broken = fmt.Sprintf("the log ends at event %d but the recorded head is event %d: events after %d are missing", rep.LastID, head.id, rep.LastID)
		if rep.LastID >= head.id {
			rep.Broken = fmt.Sprintf("the log ends at event %d with a hash other than the recorded head's (event %d)", rep.LastID, head.id)
		}
	}
	return rep, nil
}

// verifyChain checks the links of the events next yields, in id order.
func verifyChain(next func() (auditRow, bool, error)) (ChainReport, error) {
	var rep ChainReport
	chained := false
	prev := ""
	for {
		r, ok, err := next()
		if err != nil {
			return rep, fmt.Errorf("store: read audit log: %w", err)
		}
		if !ok {
			return rep, nil
		}
		rep.Events++
		if !chained && r.Hash == "" && r.PrevHash == "" {
			rep.Legacy++
			continue
		}
		switch {
		case r.PrevHash != prev:
			rep.BrokenID, rep.Broken = r.ID, fmt.Sprintf("event %d does not follow the event before it (its previous hash is %.12s…, the chain's is %.12s…)", r.ID, r.PrevHash, prev)
			return rep, nil
		case eventHash(r) != r.Hash:
			rep.BrokenID, rep.Broken = r.ID, fmt.Sprintf("event %d was changed after it was written (its content no longer matches its hash)", r.ID)
			return rep, nil
		}
		chained = true
		prev = r.Hash
		rep.LastID, rep.LastHash = r.ID, r.Hash
	}
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
