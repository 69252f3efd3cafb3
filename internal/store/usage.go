package store

import (
	"context"
	"fmt"
	"time"

	"lumbung/internal/km"
)

// wib is Jakarta time, in which a reading day starts and ends.
var wib = time.FixedZone("WIB", 7*3600)

// WriteUsage writes a batch of usage events in one transaction, and for
// every view by a signed-in person the (day, person) row of
// daily_readers, if it is not there yet. It does not count as a change
// (Generation): no page shows usage as it happens, and a batch every
// second must not empty the page caches.
func (s *Store) WriteUsage(ctx context.Context, evs []km.UsageEvent) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := insertUsage(ctx, tx, evs); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit usage: %w", translate(err))
	}
	return nil
}

func insertUsage(ctx context.Context, tx querier, evs []km.UsageEvent) error {
	for _, e := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO usage_events (at, kind, user_id, org_path, practice_id, session, ip)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.At.UTC(), e.Kind, nullID(e.UserID), e.OrgPath, nullID(e.PracticeID), e.Session, e.IP); err != nil {
			return fmt.Errorf("store: usage event: %w", err)
		}
		if e.Kind != km.UsageView || e.UserID == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO daily_readers (day, user_id, org_path) VALUES ($1, $2, $3)
			ON CONFLICT (day, user_id) DO NOTHING`, e.At.In(wib).Format(time.DateOnly), e.UserID, e.OrgPath); err != nil {
			return fmt.Errorf("store: daily reader: %w", err)
		}
	}
	return nil
}

// UsageCount counts the events of a kind (all kinds for "") since a time,
// and of them how many still hold an IP address.
func (s *Store) UsageCount(ctx context.Context, kind string, since time.Time) (events, withIP int, err error) {
	err = s.rdb.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(CASE WHEN ip <> '' THEN 1 END) FROM usage_events
		WHERE ($1 = '' OR kind = $1) AND at >= $2`, kind, since.UTC()).Scan(&events, &withIP)
	return events, withIP, err
}

// EraseUsageIPs blanks the IP address of events older than before, and
// reports how many it erased.
func (s *Store) EraseUsageIPs(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE usage_events SET ip = '' WHERE at < $1 AND ip <> ''`, before.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: erase usage IPs: %w", err)
	}
	return res.RowsAffected()
}
