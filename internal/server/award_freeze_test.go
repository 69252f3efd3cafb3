package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/server"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// TestServeFreezesAwardEntriesAtTheDeadline: an edition whose deadline has
// passed while nobody wrote to it is frozen by the server's background
// loop, without any request.
func TestServeFreezesAwardEntriesAtTheDeadline(t *testing.T) {
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = storetest.SchemaURL(t)
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st := srv.App.Store
	err = st.Write(context.Background(), func(tx *store.Tx) error {
		root, err := tx.OrgByCode(km.RootOrgCode)
		if err != nil {
			return err
		}
		org := km.Org{Code: "dinas-a", Name: "Dinas A", Kind: km.OrgOPD, ParentID: root.ID}
		if err := tx.CreateOrg(&org); err != nil {
			return err
		}
		now := time.Now()
		ed := award.Edition{Code: "kma", Name: "KM Award", Year: 2025, OrganiserID: root.ID, CallPublishedAt: now.Add(-48 * time.Hour),
			SubmissionDeadline: now.Add(-time.Minute), AnnouncementAt: now.Add(time.Hour)}
		if err := tx.CreateEdition(&ed); err != nil {
			return err
		}
		return tx.CreateEntry(&award.Entry{EditionID: ed.ID, Code: "A1", OrgID: org.ID, Title: "Entri A"})
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, err := st.AwardData(context.Background(), "kma")
		if err != nil {
			t.Fatal(err)
		}
		if !d.Edition.FrozenAt.IsZero() {
			e := d.Entries[0]
			if _, h := e.Snapshot("kma"); e.SnapshotHash != h || e.FrozenAt.IsZero() {
				t.Errorf("entry frozen with hash %q, recomputed %q", e.SnapshotHash, h)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the edition was not frozen by the background loop within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
