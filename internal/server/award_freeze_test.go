package server_test

import (
	"context"
	"testing"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestServeFreezesAwardEntriesAtTheDeadline: an edition whose deadline has
// passed while nobody wrote to it is frozen by the periodic job Serve's
// queue runs at start, without any request.
func TestServeFreezesAwardEntriesAtTheDeadline(t *testing.T) {
	srv := newServer(t, nil)
	st := srv.App.Store
	err := st.Write(context.Background(), func(tx *store.Tx) error {
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
	serve(t, srv)
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
			t.Fatal("the edition was not frozen by the periodic job within 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
