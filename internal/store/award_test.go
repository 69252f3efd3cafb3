package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

func audit(t *testing.T, s *store.Store, action string, detail map[string]any) {
	t.Helper()
	err := s.Write(context.Background(), func(tx *store.Tx) error {
		return tx.Audit(&km.AuditEvent{ActorLabel: "test", Action: action, TargetType: "x", TargetID: "1", Detail: detail})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditChain(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 5 {
		audit(t, f.s, "test.event", map[string]any{"i": i, "text": "ümlaut <&>"})
	}
	// Concurrent appends must still form one chain (the head row serialises them).
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				f.s.Write(ctx, func(tx *store.Tx) error {
					return tx.Audit(&km.AuditEvent{Action: "test.concurrent", Detail: map[string]any{"g": g, "i": i}})
				})
			}
		}()
	}
	wg.Wait()
	rep, err := f.s.VerifyAuditChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Events != 25 || rep.Legacy != 0 {
		t.Fatalf("report = %+v, want an intact chain of 25 events", rep)
	}
	// A failed transaction leaves neither an event nor a moved head.
	f.s.Write(ctx, func(tx *store.Tx) error {
		tx.Audit(&km.AuditEvent{Action: "test.rolled_back"})
		return km.ErrConflict
	})
	if rep, _ := f.s.VerifyAuditChain(ctx); !rep.OK() || rep.Events != 25 {
		t.Fatalf("after a rollback: %+v", rep)
	}
}

// dropAuditTriggers removes the append-only triggers, as someone with the
// database owner's rights could, so the test can tamper with the log.
func dropAuditTriggers(t *testing.T, s *store.Store) {
	t.Helper()
	qs := []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
	if s.Dialect() == store.Postgres {
		qs = []string{`DROP TRIGGER audit_events_no_change ON audit_events`}
	}
	for _, q := range qs {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChainTamper(t *testing.T) {
	ctx := context.Background()
	firstID := func(s *store.Store) int64 {
		evs, err := s.AuditEvents(ctx, km.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return evs[len(evs)-1].ID
	}
	for _, c := range []struct {
		name   string
		tamper string // SQL with $1 = the id of the third event
		broken int64  // offset of the first broken event from the first one
		why    string
	}{
		{"changed detail", `UPDATE audit_events SET detail = '{"i":99}' WHERE id = $1`, 2, "changed"},
		{"changed actor", `UPDATE audit_events SET actor_label = 'someone else' WHERE id = $1`, 2, "changed"},
		{"removed event", `DELETE FROM audit_events WHERE id = $1`, 3, "does not follow"},
		{"rehashed event", `UPDATE audit_events SET detail = '{}', hash = 'x' WHERE id = $1`, 2, "changed"},
		{"removed tail", `DELETE FROM audit_events WHERE id >= $1`, 1, "missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			for i := range 5 {
				audit(t, f.s, "test.event", map[string]any{"i": i})
			}
			first := firstID(f.s)
			if rep, _ := f.s.VerifyAuditChain(ctx); !rep.OK() {
				t.Fatalf("before tampering: %+v", rep)
			}
			// The triggers refuse the change first.
			if _, err := f.s.DB().ExecContext(ctx, c.tamper, first+2); err == nil {
				t.Fatalf("%s: succeeded with the triggers in place", c.tamper)
			}
			dropAuditTriggers(t, f.s)
			if _, err := f.s.DB().ExecContext(ctx, c.tamper, first+2); err != nil {
				t.Fatal(err)
			}
			rep, err := f.s.VerifyAuditChain(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || rep.BrokenID != first+c.broken || !strings.Contains(rep.Broken, c.why) {
				t.Errorf("report = %+v, want broken at event %d (%q)", rep, first+c.broken, c.why)
			}
			t.Logf("%s: %s", c.name, rep.Broken)
		})
	}
}
