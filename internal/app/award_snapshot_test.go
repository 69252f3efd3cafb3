package app_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestAwardSnapshotFrozenAndVerifiable: the freeze keeps the linked
// practices' content in the entry's snapshot, so the entry's juror reads a
// restricted practice as submitted, without any right to the practice
// itself, whatever happens to it later; the snapshot's bytes are its hash,
// for the entrant to download and, once the results are announced, for
// anyone to check against the public list of hashes.
func TestAwardSnapshotFrozenAndVerifiable(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	e.openEdition(t)
	u, err := e.a.CreateUser(ctx, app.System, app.NewUser{Email: "koordinator@a.go.id", Name: "Koordinator A", OrgCode: "dinas-a",
		Roles: []km.Role{km.RoleCoordinator}})
	if err != nil {
		t.Fatal(err)
	}
	coord := app.Actor{User: &u}
	restricted, err := e.a.CreatePractice(ctx, coord, app.PracticeInput{OrgCode: "dinas-a", Practice: km.Practice{Title: "Praktik terbatas",
		Summary: "Ringkasan terbatas", Body: "Isi terbatas yang dinilai juri", Kind: km.KindGood, Access: km.AccessRestricted, Status: km.StatusPublished}})
	if err != nil {
		t.Fatal(err)
	}
	in := app.EntryInput{Category: "pd", Title: "Pasar tanpa tunai", Summary: "QRIS", Practices: []int64{e.published, restricted.ID}}
	// A contributor may not link a practice they may not read: its content
	// would reach them through the snapshot.
	if _, err := e.a.RegisterEntry(ctx, e.entA, "kma", in); fields(err)["practices"] != "award.entry.practice_invalid" {
		t.Errorf("contributor links a restricted practice: %v, want a field error", err)
	}
	ent, err := e.a.RegisterEntry(ctx, coord, "kma", in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "juri@univ.ac.id", Name: "Juri"}); err != nil {
		t.Fatal(err)
	}
	if err := e.a.Assign(ctx, e.sec, "kma", "desk", "juri@univ.ac.id", ent.Code); err != nil {
		t.Fatal(err)
	}
	ju, err := e.a.Store.UserByEmail(ctx, "juri@univ.ac.id")
	if err != nil {
		t.Fatal(err)
	}
	juror, public := app.Actor{User: &ju}, app.Actor{}
	if _, _, err := e.a.EntrySnapshot(ctx, coord, "kma", ent.Code); !errors.Is(err, app.ErrNotFrozen) || !errors.Is(err, km.ErrConflict) {
		t.Errorf("snapshot before the freeze: %v, want ErrNotFrozen (409)", err)
	}
	if _, ok, err := e.a.SubmittedPractices(ctx, juror, "kma", ent.Code); ok || err != nil {
		t.Errorf("frozen practices before the freeze: %v, %v; want none", ok, err)
	}

	setSchedule(t, e.a, func(ed *award.Edition) { ed.SubmissionDeadline = time.Now().Add(-time.Second) })
	if n, err := e.a.FreezeDue(ctx); n != 1 || err != nil {
		t.Fatalf("FreezeDue = %d, %v", n, err)
	}
	// The practice changes after the freeze; the jurors read what was submitted.
	if _, err := e.a.Store.DB().ExecContext(ctx, `UPDATE practices SET title = $1, body = $2 WHERE id = $3`, "Judul baru", "Isi baru", restricted.ID); err != nil {
		t.Fatal(err)
	}
	ps, ok, err := e.a.SubmittedPractices(ctx, juror, "kma", ent.Code)
	if err != nil || !ok || len(ps) != 2 {
		t.Fatalf("frozen practices for the juror: %+v, %v, %v", ps, ok, err)
	}
	if p := ps[1]; p.ID != restricted.ID || p.Title != "Praktik terbatas" || p.Body != "Isi terbatas yang dinilai juri" || p.Access != string(km.AccessRestricted) {
		t.Errorf("frozen restricted practice: %+v", p)
	}
	if _, err := e.a.Practice(ctx, juror, restricted.ID); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("the juror reads the restricted practice itself: %v, want ErrNotFound", err)
	}
	// Who may download the snapshot: the entrant, the secretariat, the
	// entry's juror; not another agency, not the public.
	snap, _, err := e.a.EntrySnapshot(ctx, coord, "kma", ent.Code)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := e.a.Store.AwardData(ctx, "kma")
	if h := award.SnapshotHash(snap); h != d.Entries[0].SnapshotHash {
		t.Errorf("downloaded snapshot hashes to %s, the entrant was shown %s", h, d.Entries[0].SnapshotHash)
	}
	for name, a := range map[string]app.Actor{"secretariat": e.sec, "juror": juror} {
		if b, _, err := e.a.EntrySnapshot(ctx, a, "kma", ent.Code); err != nil || !bytes.Equal(b, snap) {
			t.Errorf("%s downloads the snapshot: %v", name, err)
		}
	}
	for name, a := range map[string]app.Actor{"other agency": e.entB, "public": public} {
		if _, _, err := e.a.EntrySnapshot(ctx, a, "kma", ent.Code); !errors.Is(err, km.ErrNotFound) {
			t.Errorf("%s downloads the snapshot: %v, want ErrNotFound", name, err)
		}
		if _, ok, err := e.a.SubmittedPractices(ctx, a, "kma", ent.Code); ok || !errors.Is(err, km.ErrNotFound) {
			t.Errorf("%s reads the frozen practices: %v, %v", name, ok, err)
		}
	}
	// Before the announcement the hashes are the secretariat's to check.
	if _, err := e.a.SnapshotHashes(ctx, public, "kma"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("public hashes before the announcement: %v, want ErrNotFound", err)
	}
	if _, err := e.a.VerifySnapshot(ctx, public, "kma", bytes.NewReader(snap)); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("public check before the announcement: %v, want ErrNotFound", err)
	}
	// The juror never scored: publishing needs that confirmed.
	prog, err := e.a.AwardProgress(ctx, e.sec, "kma")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.a.PublishResultsConfirmed(ctx, e.sec, "kma", app.PublishConfirm{Unfinished: prog.Unfinished, Reason: "uji"}); err != nil {
		t.Fatal(err)
	}
	setSchedule(t, e.a, func(ed *award.Edition) { ed.AnnouncementAt = time.Now().Add(-time.Second) })
	lines, err := e.a.SnapshotHashes(ctx, public, "kma")
	if err != nil || len(lines) != 1 || lines[0].Entry != ent.Code || lines[0].SHA256 != d.Entries[0].SnapshotHash {
		t.Errorf("public hashes: %+v, %v", lines, err)
	}
	c, err := e.a.VerifySnapshot(ctx, public, "kma", bytes.NewReader(snap))
	if err != nil || c.Entry != ent.Code || c.Claimed != ent.Code || c.SHA256 != d.Entries[0].SnapshotHash {
		t.Errorf("check of the true copy: %+v, %v", c, err)
	}
	changed := bytes.Replace(snap, []byte("Isi terbatas"), []byte("Isi ubahan"), 1)
	if c, err := e.a.VerifySnapshot(ctx, public, "kma", bytes.NewReader(changed)); err != nil || c.Entry != "" || c.Claimed != ent.Code {
		t.Errorf("check of a changed copy: %+v, %v; want no match, claiming %s", c, err, ent.Code)
	}
	if c, err := e.a.VerifySnapshot(ctx, public, "kma", bytes.NewReader([]byte("bukan json"))); err != nil || c.Entry != "" || c.Claimed != "" {
		t.Errorf("check of a non-JSON copy: %+v, %v", c, err)
	}
}

// setSchedule changes edition kma's schedule as time passing would.
func setSchedule(t *testing.T, a *app.App, change func(*award.Edition)) {
	t.Helper()
	err := a.Store.Write(context.Background(), func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		change(&ed)
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
}
