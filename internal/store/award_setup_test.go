package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestAwardSetupStore pins the set-up writes and evidence rows on both
// databases: items change and go, evidence loads with its entry, and a
// frozen entry's evidence can be neither added nor removed.
func TestAwardSetupStore(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var entryID, evID, catID, critID, roundID, jurorID int64
	err := f.s.Write(ctx, func(tx *store.Tx) error {
		ed := award.Edition{Code: "kma", Name: "KM", Year: 2025, OrganiserID: f.root.ID, SubmissionDeadline: time.Now().Add(time.Hour),
			AnnouncementAt: time.Now().Add(2 * time.Hour)}
		if err := tx.CreateEdition(&ed); err != nil {
			return err
		}
		cat := award.Category{Code: "pd", Name: "PD"}
		crit := award.CriterionDef{Criterion: award.Criterion{Code: "c", Weight: 1, Min: 1, Max: 5}, Name: "C"}
		round := award.RoundDef{Round: award.Round{Code: "desk", Kind: award.KindDesk, Order: 1, Weight: 1}, Name: "Desk"}
		juror := award.Juror{UserID: f.contributor.ID}
		e := award.Entry{EditionID: ed.ID, Code: "E1", OrgID: f.a.ID, Title: "E"}
		err := errors.Join(tx.CreateCategory(ed.ID, &cat), tx.CreateCriterion(ed.ID, 0, &crit), tx.CreateRound(ed.ID, &round),
			tx.AddJuror(ed.ID, &juror), tx.CreateEntry(&e))
		if err != nil {
			return err
		}
		ev := award.Evidence{SHA256: "ab", Name: "a.pdf", MIME: "application/pdf", Size: 3, UploadedBy: f.contributor.ID}
		if err := tx.AddEvidence(e.ID, &ev); err != nil {
			return err
		}
		entryID, evID, catID, critID, roundID, jurorID = e.ID, ev.ID, cat.ID, crit.ID, round.ID, juror.ID
		crit.Code, crit.Weight, crit.Anchors = "d", 3, map[string]string{"1": "rendah"}
		round.Code, round.Advance = "meja", 5
		return errors.Join(tx.UpdateCategory(award.Category{ID: cat.ID, Code: "opd", Name: "OPD"}), tx.UpdateCriterion(crit),
			tx.UpdateRound(round), tx.SetJurorOrg(juror.ID, f.a.ID))
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.s.AwardData(ctx, "kma")
	if err != nil {
		t.Fatal(err)
	}
	if d.Categories[0].Code != "opd" || d.Criteria[0].Code != "d" || d.Criteria[0].Weight != 3 || d.Criteria[0].Anchors["1"] != "rendah" ||
		d.Rounds[0].Code != "meja" || d.Rounds[0].Advance != 5 || d.Jurors[0].OrgCode != "a" {
		t.Errorf("after updates: %+v %+v %+v %+v", d.Categories, d.Criteria, d.Rounds, d.Jurors)
	}
	if ev := d.Entries[0].Evidence; len(ev) != 1 || ev[0].ID != evID || ev[0].Name != "a.pdf" || ev[0].UploadedAt.IsZero() {
		t.Errorf("evidence loaded: %+v", ev)
	}
	// The same file twice on one entry is a conflict.
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		return tx.AddEvidence(entryID, &award.Evidence{SHA256: "ab", Name: "b.pdf", MIME: "application/pdf", Size: 3})
	})
	if !errors.Is(err, km.ErrConflict) {
		t.Errorf("same evidence twice: %v", err)
	}
	// Frozen: no evidence comes or goes.
	if b, err := f.s.EntrySnapshot(ctx, entryID); err != nil || len(b) != 0 {
		t.Errorf("snapshot before the freeze: %q, %v; want none", b, err)
	}
	snap := []byte(`{"entry":"E1","title":"Pasar \u0000 tradisional — QRIS"}`)
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.FreezeEntry(entryID, snap, "h", time.Now()) }); err != nil {
		t.Fatal(err)
	}
	if b, err := f.s.EntrySnapshot(ctx, entryID); err != nil || string(b) != string(snap) {
		t.Errorf("snapshot stored: %q, %v; want %q byte for byte", b, err, snap)
	}
	if _, err := f.s.EntrySnapshot(ctx, 1<<40); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("snapshot of no entry: %v, want ErrNotFound", err)
	}
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.FreezeEntry(entryID, nil, "h2", time.Now()) }); !errors.Is(err, km.ErrConflict) {
		t.Errorf("freezing twice: %v, want a conflict", err)
	}
	for name, write := range map[string]func(*store.Tx) error{
		"add": func(tx *store.Tx) error {
			return tx.AddEvidence(entryID, &award.Evidence{SHA256: "cd", Name: "c.pdf", MIME: "x", Size: 1})
		},
		"remove": func(tx *store.Tx) error { return tx.RemoveEvidence(entryID, evID) },
	} {
		if err := f.s.Write(ctx, write); !errors.Is(err, km.ErrConflict) {
			t.Errorf("%s evidence of a frozen entry: %v, want a conflict", name, err)
		}
	}
	err = f.s.Write(ctx, func(tx *store.Tx) error {
		return errors.Join(tx.RemoveJuror(jurorID), tx.DeleteRound(roundID), tx.DeleteCriterion(critID))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.Write(ctx, func(tx *store.Tx) error { return tx.DeleteCategory(catID) }); err != nil {
		t.Fatal(err)
	}
	d, _ = f.s.AwardData(ctx, "kma")
	if len(d.Jurors) != 0 || len(d.Rounds) != 0 || len(d.Criteria) != 0 || len(d.Categories) != 0 || len(d.Entries[0].Evidence) != 1 {
		t.Errorf("after deletes: %+v", d)
	}
}
