package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// setupEnv is an empty platform with two agencies and the people who run
// and enter an award: a secretariat at the root, an admin (not the
// secretariat), contributors of dinas-a and dinas-b.
type setupEnv struct {
	a                         *app.App
	sec, admin, entA, entB    app.Actor
	published, draft, otherPr int64 // practices: dinas-a's published and draft ones, dinas-b's published one
}

func newSetupEnv(t *testing.T) *setupEnv {
	t.Helper()
	s, dir := storetest.Open(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<16, nil)
	a.BcryptCost = 4
	ctx := context.Background()
	for _, c := range []string{"dinas-a", "dinas-b"} {
		if _, err := a.CreateOrg(ctx, app.System, app.NewOrg{Code: c, Name: "Dinas " + c, Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(email, org string, role km.Role) app.Actor {
		u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Roles: []km.Role{role}})
		if err != nil {
			t.Fatalf("user %s: %v", email, err)
		}
		return app.Actor{User: &u}
	}
	e := &setupEnv{a: a, sec: mk("sekretariat@root.go.id", km.RootOrgCode, km.RoleSecretariat),
		admin: mk("admin@root.go.id", km.RootOrgCode, km.RoleAdmin),
		entA:  mk("kontributor@a.go.id", "dinas-a", km.RoleContributor), entB: mk("kontributor@b.go.id", "dinas-b", km.RoleContributor)}
	practice := func(org string, status km.Status) int64 {
		p, err := a.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: org, Practice: km.Practice{Title: "Praktik " + org + " " + string(status),
			Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: status}})
		if err != nil {
			t.Fatalf("practice: %v", err)
		}
		return p.ID
	}
	e.published, e.draft, e.otherPr = practice("dinas-a", km.StatusPublished), practice("dinas-a", km.StatusDraft), practice("dinas-b", km.StatusPublished)
	return e
}

func wib(t time.Time) string { return t.In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04") }

// openEdition creates edition "kma" open for entries: registration opened
// an hour ago, the deadline is in a day, with one category, two criteria
// and a round, and publishes the call.
func (e *setupEnv) openEdition(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	_, err := e.a.CreateEdition(ctx, e.sec, app.EditionInput{Code: "kma", Name: "KM Award", Year: 2025, RegistrationOpens: wib(now.Add(-time.Hour)),
		SubmissionDeadline: wib(now.Add(24 * time.Hour)), AnnouncementAt: wib(now.Add(240 * time.Hour)), Winners: 3})
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		func() error {
			_, err := e.a.SaveCategory(ctx, e.sec, "kma", "", app.CategoryInput{Code: "pd", Name: "Perangkat Daerah"})
			return err
		}(),
		func() error {
			_, err := e.a.SaveCriterion(ctx, e.sec, "kma", "", app.CriterionInput{Code: "dampak", Name: "Dampak", Weight: 2, Min: 1, Max: 5,
				Anchors: map[string]string{"1": "Belum ada bukti", "5": "Dampak terukur"}})
			return err
		}(),
		func() error {
			_, err := e.a.SaveCriterion(ctx, e.sec, "kma", "", app.CriterionInput{Code: "baru", Name: "Kebaruan", Weight: 1, Min: 1, Max: 5})
			return err
		}(),
		func() error {
			_, err := e.a.SaveRound(ctx, e.sec, "kma", "", app.RoundInput{Code: "desk", Name: "Desk", Kind: "desk", Order: 1, Advance: 3, Weight: 1})
			return err
		}(),
		e.a.PublishCall(ctx, e.sec, "kma"),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("set-up step %d: %v", i, err)
		}
	}
}

func fields(err error) map[string]string {
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	return nil
}

func TestAwardEditionSetup(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	now := time.Now()
	good := app.EditionInput{Code: "kma-2026", Name: "KM Award 2026", Year: 2026, SubmissionDeadline: wib(now.Add(48 * time.Hour)),
		AnnouncementAt: wib(now.Add(480 * time.Hour))}

	// Only the secretariat, not an admin nor an entrant.
	for _, who := range []app.Actor{e.admin, e.entA, {}} {
		if _, err := e.a.CreateEdition(ctx, who, good); !errors.Is(err, km.ErrForbidden) {
			t.Errorf("%v creates an edition: %v, want ErrForbidden", who.User, err)
		}
	}
	// Every bad field at once, nothing written.
	bad := app.EditionInput{Code: "ada spasi", Name: " ", Year: 1999, RegistrationOpens: "kemarin", SubmissionDeadline: wib(now.Add(48 * time.Hour)),
		AnnouncementAt: wib(now), ObjectionUntil: wib(now.Add(-time.Hour)), Winners: -1, Method: "median"}
	_, err := e.a.CreateEdition(ctx, e.sec, bad)
	want := map[string]string{"code": "award.import.invalid_code", "name": "required", "year": "award.import.invalid_year",
		"registration_opens": "award.import.invalid_time", "announcement_at": "award.import.announcement_before_deadline",
		"objection_until": "award.setup.objection_before_announcement", "winners": "award.setup.winners_invalid", "method": award.KeyMethodUnknown}
	if got := fields(err); len(got) != len(want) {
		t.Errorf("bad edition: got %v, want fields %v", got, want)
	} else {
		for f, k := range want {
			if got[f] != k {
				t.Errorf("bad edition: field %s = %q, want %q", f, got[f], k)
			}
		}
	}
	if _, err := e.a.CreateEdition(ctx, e.sec, app.EditionInput{Code: "verify", Name: "x", Year: 2026}); fields(err)["code"] != "award.setup.code_reserved" ||
		fields(err)["submission_deadline"] != "required" {
		t.Errorf("reserved code, no deadline: %v", err)
	}
	if eds, _ := e.a.Store.Editions(ctx); len(eds) != 0 {
		t.Fatalf("refused creations wrote %d editions", len(eds))
	}

	ed, err := e.a.CreateEdition(ctx, e.sec, good)
	if err != nil {
		t.Fatal(err)
	}
	if ed.Method != award.MethodZScore || !ed.CallPublishedAt.IsZero() {
		t.Errorf("new edition: method %q, call published %v", ed.Method, ed.CallPublishedAt)
	}
	if _, err := e.a.CreateEdition(ctx, e.sec, good); fields(err)["code"] != "code_taken" {
		t.Errorf("same code twice: %v", err)
	}
	// Times without a zone are read in WIB.
	d, _ := e.a.Store.AwardData(ctx, "kma-2026")
	if got, want := d.Edition.SubmissionDeadline.Format(time.RFC3339), now.Add(48*time.Hour).UTC().Truncate(time.Minute).Format(time.RFC3339); got != want {
		t.Errorf("deadline stored as %s, want %s", got, want)
	}
	upd := good
	upd.Name, upd.Winners, upd.ObjectionUntil = "KM Award 2026 (revisi)", 15, wib(now.Add(600*time.Hour))
	if _, err := e.a.UpdateEdition(ctx, e.sec, "kma-2026", upd); err != nil {
		t.Fatal(err)
	}
	// To an admin (not the secretariat) a draft does not exist.
	if _, err := e.a.UpdateEdition(ctx, e.admin, "kma-2026", upd); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("admin updates a draft: %v, want km.ErrNotFound", err)
	}

	// The call needs a rubric and rounds.
	if err := e.a.PublishCall(ctx, e.sec, "kma-2026"); !errors.Is(err, app.ErrCallNotReady) {
		t.Errorf("publish an empty call: %v, want ErrCallNotReady", err)
	}
	_, err = e.a.SaveCriterion(ctx, e.sec, "kma-2026", "", app.CriterionInput{Code: "dampak", Name: "", Weight: 0, Min: 5, Max: 1,
		Anchors: map[string]string{"9": "di luar skala"}})
	if f := fields(err); f["name"] != "required" || f["weight"] != award.KeyCriterionWeight || f["max"] != award.KeyCriterionScale {
		t.Errorf("bad criterion: %v", err)
	}
	_, err = e.a.SaveCriterion(ctx, e.sec, "kma-2026", "", app.CriterionInput{Code: "dampak", Name: "Dampak", Weight: 2, Min: 1, Max: 5,
		Anchors: map[string]string{"9": "di luar skala"}})
	if fields(err)["anchors"] != "award.setup.anchor_level" {
		t.Errorf("anchor outside the scale: %v", err)
	}
	crit := app.CriterionInput{Code: "dampak", Name: "Dampak", Description: "Perubahan yang terukur", Weight: 2, Min: 1, Max: 5,
		Anchors: map[string]string{"1": "Belum ada", "3": "Sebagian", "5": "Terukur dan berkelanjutan"}}
	if _, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "", crit); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "", crit); fields(err)["code"] != "code_taken" {
		t.Errorf("criterion code twice: %v", err)
	}
	if _, err := e.a.SaveRound(ctx, e.sec, "kma-2026", "", app.RoundInput{Code: "desk", Name: "Desk", Kind: "lomba", Order: 0, Advance: -1, Weight: -1}); len(fields(err)) != 4 {
		t.Errorf("bad round: %v, want kind, order, advance and weight", err)
	}
	if _, err := e.a.SaveRound(ctx, e.sec, "kma-2026", "", app.RoundInput{Code: "desk", Name: "Penilaian dokumen", Kind: "desk", Order: 1, Advance: 10, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveCategory(ctx, e.sec, "kma-2026", "", app.CategoryInput{Code: "bumd", Name: "BUMD"}); err != nil {
		t.Fatal(err)
	}
	// Jurors: an external one (new account) and one of dinas-a.
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma-2026", app.JurorInput{Email: "bukan-surel", Org: "tidak-ada"}); fields(err)["email"] != "invalid_email" ||
		fields(err)["org"] != "unknown_org" {
		t.Errorf("bad juror: %v", err)
	}
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma-2026", app.JurorInput{Email: "baru@univ.ac.id"}); fields(err)["name"] != "required" {
		t.Errorf("new juror without a name: %v", err)
	}
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma-2026", app.JurorInput{Email: "Akademisi@Univ.ac.id", Name: "Akademisi"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma-2026", app.JurorInput{Email: "kontributor@a.go.id", Org: "dinas-a"}); err != nil {
		t.Fatal(err)
	}
	d, _ = e.a.Store.AwardData(ctx, "kma-2026")
	if len(d.Jurors) != 2 || d.Jurors[0].Email != "akademisi@univ.ac.id" || d.Jurors[0].OrgID != 0 || d.Jurors[1].OrgCode != "dinas-a" {
		t.Errorf("jury: %+v", d.Jurors)
	}
	if err := e.a.RemoveJuror(ctx, e.sec, "kma-2026", "akademisi@univ.ac.id"); err != nil {
		t.Errorf("remove an unassigned juror: %v", err)
	}

	// Publish the call: weights and scales are locked, and a refused change
	// writes nothing.
	if err := e.a.PublishCall(ctx, e.sec, "kma-2026"); err != nil {
		t.Fatal(err)
	}
	if err := e.a.PublishCall(ctx, e.sec, "kma-2026"); !errors.Is(err, app.ErrCallPublished) {
		t.Errorf("publish twice: %v", err)
	}
	before, _ := e.a.Store.AwardData(ctx, "kma-2026")
	heavier := crit
	heavier.Weight = 3
	rescaled := crit
	rescaled.Max = 10
	for name, try := range map[string]func() error{
		"weight": func() error { _, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "dampak", heavier); return err },
		"scale":  func() error { _, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "dampak", rescaled); return err },
		"add": func() error {
			_, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "", app.CriterionInput{Code: "baru", Name: "Kebaruan", Weight: 1, Min: 1, Max: 5})
			return err
		},
		"delete": func() error { return e.a.DeleteCriterion(ctx, e.sec, "kma-2026", "dampak") },
	} {
		if err := try(); !errors.Is(err, app.ErrCallPublished) || !errors.Is(err, km.ErrConflict) {
			t.Errorf("%s after the call: %v, want ErrCallPublished (409)", name, err)
		}
	}
	after, _ := e.a.Store.AwardData(ctx, "kma-2026")
	if len(after.Criteria) != 1 || after.Criteria[0].Criterion != before.Criteria[0].Criterion {
		t.Errorf("criteria changed by refused writes: %+v", after.Criteria)
	}
	// Wording may still change.
	reworded := crit
	reworded.Description, reworded.Anchors = "Perubahan nyata bagi warga", map[string]string{"1": "Belum ada", "5": "Terukur"}
	if _, err := e.a.SaveCriterion(ctx, e.sec, "kma-2026", "dampak", reworded); err != nil {
		t.Errorf("reword after the call: %v", err)
	}
	after, _ = e.a.Store.AwardData(ctx, "kma-2026")
	if c := after.Criteria[0]; c.Description != "Perubahan nyata bagi warga" || len(c.Anchors) != 2 || c.Anchors["5"] != "Terukur" {
		t.Errorf("reworded criterion: %+v", c)
	}

	// Every change is an audit event in an intact chain.
	for _, action := range []string{"award.edition.create", "award.edition.update", "award.criterion.save", "award.round.save",
		"award.category.save", "award.juror.add", "award.juror.remove", "award.call.publish", "user.create"} {
		evs, err := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: action, Limit: 10})
		if err != nil || len(evs) == 0 {
			t.Errorf("no %s event (%v)", action, err)
		}
	}
	if rep, err := e.a.Store.VerifyAuditChain(ctx); err != nil || !rep.OK() {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

func TestAwardSetupInUse(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	e.openEdition(t)
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "juri@univ.ac.id", Name: "Juri"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.RegisterEntry(ctx, e.entA, "kma", app.EntryInput{Category: "pd", Title: "Entri A", Summary: "Ringkasan", Practices: []int64{e.published}}); err != nil {
		t.Fatal(err)
	}
	if err := e.a.DeleteCategory(ctx, e.sec, "kma", "pd"); !errors.Is(err, app.ErrCategoryInUse) {
		t.Errorf("delete a category in use: %v", err)
	}
	if err := e.a.Assign(ctx, e.sec, "kma", "desk", "juri@univ.ac.id", "KMA25-01"); err != nil {
		t.Fatal(err)
	}
	if err := e.a.DeleteRound(ctx, e.sec, "kma", "desk"); !errors.Is(err, app.ErrRoundInUse) {
		t.Errorf("delete a round in use: %v", err)
	}
	if err := e.a.RemoveJuror(ctx, e.sec, "kma", "juri@univ.ac.id"); !errors.Is(err, app.ErrJurorInUse) {
		t.Errorf("remove an assigned juror: %v", err)
	}
	// Moving the juror into the entrant's agency would conflict with the assignment.
	if _, err := e.a.SaveJuror(ctx, e.sec, "kma", app.JurorInput{Email: "juri@univ.ac.id", Org: "dinas-a"}); !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("juror moved into a conflict: %v", err)
	}
	d, _ := e.a.Store.AwardData(ctx, "kma")
	if len(d.Categories) != 1 || len(d.Rounds) != 1 || len(d.Jurors) != 1 || d.Jurors[0].OrgID != 0 {
		t.Errorf("refused changes wrote something: %+v", d)
	}
}

var pdf = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestAwardRegistrationAndFreeze(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	now := time.Now()
	// Before the call is published nobody registers.
	if _, err := e.a.CreateEdition(ctx, e.sec, app.EditionInput{Code: "draf", Name: "Draf", Year: 2025,
		SubmissionDeadline: wib(now.Add(time.Hour)), AnnouncementAt: wib(now.Add(2 * time.Hour))}); err != nil {
		t.Fatal(err)
	}
	in := app.EntryInput{Category: "pd", Title: "Pasar tanpa tunai", Summary: "QRIS di semua pasar", Practices: []int64{e.published}}
	// (A draft does not exist for anyone but the secretariat.)
	if _, err := e.a.RegisterEntry(ctx, e.entA, "draf", app.EntryInput{Title: "x", Summary: "y", Practices: []int64{e.published}}); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("register before the call: %v, want km.ErrNotFound", err)
	}
	e.openEdition(t)

	// Practices must be the agency's own and published.
	for name, ps := range map[string][]int64{"none": nil, "draft": {e.draft}, "other agency": {e.otherPr}, "unknown": {999999}} {
		bad := in
		bad.Practices = ps
		if _, err := e.a.RegisterEntry(ctx, e.entA, "kma", bad); fields(err)["practices"] == "" {
			t.Errorf("register with %s practices: %v, want a field error", name, err)
		}
	}
	if _, err := e.a.RegisterEntry(ctx, e.entA, "kma", app.EntryInput{Category: "tidak-ada", Practices: []int64{e.published}}); len(fields(err)) != 3 {
		t.Errorf("no title, no summary, unknown category: %v", err)
	}
	// Only for one's own agency.
	if _, err := e.a.RegisterEntry(ctx, e.entB, "kma", app.EntryInput{Org: "dinas-a", Category: "pd", Title: "x", Summary: "y", Practices: []int64{e.published}}); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("register for another agency: %v", err)
	}
	if _, err := e.a.RegisterEntry(ctx, e.admin, "kma", in); fields(err)["org"] != "award.entry.org_organiser" {
		t.Errorf("admin of the root registers dinas-a's practice: %v", err)
	}
	if d, _ := e.a.Store.AwardData(ctx, "kma"); len(d.Entries) != 0 {
		t.Fatalf("refused registrations wrote %d entries", len(d.Entries))
	}
	ent, err := e.a.RegisterEntry(ctx, e.entA, "kma", in)
	if err != nil {
		t.Fatal(err)
	}
	if ent.Code != "KMA25-01" || ent.OrgCode != "dinas-a" || ent.Form["summary"] != "QRIS di semua pasar" || ent.CategoryCode != "pd" {
		t.Errorf("registered entry: %+v", ent)
	}
	// The next entry, of the same agency, takes the next number.
	if next, err := e.a.RegisterEntry(ctx, e.entA, "kma", in); err != nil || next.Code != "KMA25-02" {
		t.Errorf("second entry: %s, %v; want KMA25-02", next.Code, err)
	}
	// Evidence: a PDF is kept, a text file and an oversize file are refused.
	ev, err := e.a.AddEvidence(ctx, e.entA, "kma", ent.Code, "../../laporan.txt", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Name != "laporan.pdf" || ev.MIME != "application/pdf" || len(ev.SHA256) != 64 {
		t.Errorf("evidence: %+v", ev)
	}
	if _, err := e.a.AddEvidence(ctx, e.entA, "kma", ent.Code, "catatan.pdf", strings.NewReader("hanya teks")); !errors.Is(err, km.ErrUnsupportedType) {
		t.Errorf("text evidence: %v", err)
	}
	big := append(bytes.Clone(pdf), bytes.Repeat([]byte("x"), 1<<16)...)
	if _, err := e.a.AddEvidence(ctx, e.entA, "kma", ent.Code, "besar.pdf", bytes.NewReader(big)); !errors.Is(err, km.ErrTooLarge) {
		t.Errorf("oversize evidence: %v", err)
	}
	if _, err := e.a.AddEvidence(ctx, e.entB, "kma", ent.Code, "x.pdf", bytes.NewReader(pdf)); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("another agency adds evidence: %v", err)
	}
	// Its entrant reads the file; another agency does not find it.
	_, f, err := e.a.EvidenceFile(ctx, e.entA, "kma", ent.Code, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(b, pdf) {
		t.Errorf("evidence file reads %q", b)
	}
	if _, _, err := e.a.EvidenceFile(ctx, e.entB, "kma", ent.Code, ev.ID); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("another agency reads evidence: %v", err)
	}
	upd := in
	upd.Title, upd.Version = "Pasar tanpa uang tunai", ent.Version
	if ent, err = e.a.UpdateEntry(ctx, e.entA, "kma", ent.Code, upd); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.UpdateEntry(ctx, e.entA, "kma", ent.Code, upd); !errors.Is(err, km.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}

	// The deadline passes; the background job freezes the edition once.
	err = e.a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.SubmissionDeadline = time.Now().Add(-time.Second)
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.a.FreezeDue(ctx); n != 1 || err != nil {
		t.Fatalf("FreezeDue = %d, %v; want 1 edition", n, err)
	}
	if n, err := e.a.FreezeDue(ctx); n != 0 || err != nil {
		t.Errorf("FreezeDue again = %d, %v; want nothing to do", n, err)
	}
	d, _ := e.a.Store.AwardData(ctx, "kma")
	frozen := d.Entries[0]
	// The stored snapshot is what was hashed, and holds the evidence's
	// hash and the linked practice's content as it was at the freeze.
	snap, _, err := e.a.EntrySnapshot(ctx, e.entA, "kma", ent.Code)
	if err != nil {
		t.Fatal(err)
	}
	bare := frozen
	bare.Evidence = nil
	_, hBare := bare.Snapshot("kma")
	if h := award.SnapshotHash(snap); d.Edition.FrozenAt.IsZero() || frozen.SnapshotHash != h || h == hBare {
		t.Errorf("frozen entry: hash %q, of the stored snapshot %q, without evidence %q", frozen.SnapshotHash, h, hBare)
	}
	if !bytes.Contains(snap, []byte(ev.SHA256)) || !bytes.Contains(snap, []byte(`"practice_content":[{`)) {
		t.Errorf("snapshot lacks the evidence hash or the practice's content: %s", snap)
	}
	if ps, err := award.SnapshotPractices(snap); err != nil || len(ps) != 1 || ps[0].ID != e.published {
		t.Errorf("frozen practices: %+v, %v; want practice %d", ps, err, e.published)
	}
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.edition.freeze", Limit: 10})
	if len(evs) != 1 || evs[0].ActorLabel != "system" {
		t.Errorf("freeze events: %+v", evs)
	}
	// Afterwards nothing about the entry changes.
	if _, err := e.a.UpdateEntry(ctx, e.entA, "kma", ent.Code, app.EntryInput{Title: "x", Summary: "y", Practices: []int64{e.published}, Version: ent.Version}); !errors.Is(err, app.ErrFrozen) {
		t.Errorf("update after the deadline: %v", err)
	}
	if _, err := e.a.AddEvidence(ctx, e.entA, "kma", ent.Code, "y.pdf", bytes.NewReader(pdf)); !errors.Is(err, app.ErrFrozen) {
		t.Errorf("evidence after the deadline: %v", err)
	}
	if err := e.a.RemoveEvidence(ctx, e.entA, "kma", ent.Code, ev.ID); !errors.Is(err, app.ErrFrozen) {
		t.Errorf("remove evidence after the deadline: %v", err)
	}
	if _, err := e.a.RegisterEntry(ctx, e.entB, "kma", app.EntryInput{Category: "pd", Title: "x", Summary: "y", Practices: []int64{e.otherPr}}); !errors.Is(err, app.ErrFrozen) {
		t.Errorf("register after the deadline: %v", err)
	}
	// The deadline cannot move once frozen.
	if _, err := e.a.UpdateEdition(ctx, e.sec, "kma", app.EditionInput{Name: "KM Award", Year: 2025, SubmissionDeadline: wib(now.Add(time.Hour)),
		AnnouncementAt: wib(now.Add(240 * time.Hour))}); !errors.Is(err, app.ErrScheduleLocked) {
		t.Errorf("move the deadline after the freeze: %v", err)
	}
	if d2, _ := e.a.Store.AwardData(ctx, "kma"); d2.Entries[0].SnapshotHash != frozen.SnapshotHash || len(d2.Entries[0].Evidence) != 1 {
		t.Errorf("entry changed after the freeze: %+v", d2.Entries[0])
	}
	if rep, err := e.a.Store.VerifyAuditChain(ctx); err != nil || !rep.OK() {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

// TestAwardDraftHidden: until its call is published an edition is the
// secretariat's draft; to anyone else (an admin, an entrant, a juror on
// its jury, the public) it does not exist: absent from the list, not found
// when asked for, whatever the call.
func TestAwardDraftHidden(t *testing.T) {
	e := newSetupEnv(t)
	ctx := context.Background()
	now := time.Now()
	e.openEdition(t)
	if _, err := e.a.CreateEdition(ctx, e.sec, app.EditionInput{Code: "draf", Name: "Draf", Year: 2026, RegistrationOpens: wib(now.Add(-time.Hour)),
		SubmissionDeadline: wib(now.Add(time.Hour)), AnnouncementAt: wib(now.Add(2 * time.Hour))}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveJuror(ctx, e.sec, "draf", app.JurorInput{Email: "kontributor@b.go.id"}); err != nil {
		t.Fatal(err)
	}
	codes := func(who app.Actor) []string {
		eds, err := e.a.AwardEditions(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, ed := range eds {
			out = append(out, ed.Code)
		}
		return out
	}
	if got := strings.Join(codes(e.sec), ","); got != "draf,kma" && got != "kma,draf" {
		t.Errorf("the secretariat's list: %s, want both editions", got)
	}
	if _, err := e.a.Edition(ctx, e.sec, "draf"); err != nil {
		t.Errorf("the secretariat reads its draft: %v", err)
	}
	for name, who := range map[string]app.Actor{"admin": e.admin, "entrant": e.entA, "juror": e.entB, "public": {}} {
		if got := codes(who); len(got) != 1 || got[0] != "kma" {
			t.Errorf("%s: editions listed %v, want only kma", name, got)
		}
		reads := map[string]error{}
		_, reads["Edition"] = e.a.Edition(ctx, who, "draf")
		_, reads["AwardSettings"] = e.a.AwardSettings(ctx, who, "draf")
		_, reads["EntrantView"] = e.a.EntrantView(ctx, who, "draf")
		_, reads["EntrantChoices"] = e.a.EntrantChoices(ctx, who, "draf")
		_, reads["AwardCertificates"] = e.a.AwardCertificates(ctx, who, "draf")
		_, _, reads["JurorWorkspace"] = e.a.JurorWorkspace(ctx, who, "draf")
		_, reads["AwardResults"] = e.a.AwardResults(ctx, who, "draf", "", "")
		_, reads["RegisterEntry"] = e.a.RegisterEntry(ctx, who, "draf", app.EntryInput{Title: "x", Summary: "y", Practices: []int64{e.published}})
		reads["DeclareConflict"] = e.a.DeclareConflict(ctx, who, "draf", "x", "alasan")
		reads["SetAwardSettings"] = e.a.SetAwardSettings(ctx, who, "draf", store.EditionSettings{})
		_, reads["SaveCategory"] = e.a.SaveCategory(ctx, who, "draf", "", app.CategoryInput{Code: "x", Name: "X"})
		for call, err := range reads {
			if !errors.Is(err, km.ErrNotFound) {
				t.Errorf("%s: %s on a draft: %v, want km.ErrNotFound", name, call, err)
			}
		}
	}
	// Once the call is published, the edition is public.
	if _, err := e.a.SaveCriterion(ctx, e.sec, "draf", "", app.CriterionInput{Code: "c", Name: "C", Weight: 1, Min: 1, Max: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.SaveRound(ctx, e.sec, "draf", "", app.RoundInput{Code: "r", Name: "R", Kind: "desk", Order: 1, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	if err := e.a.PublishCall(ctx, e.sec, "draf"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Edition(ctx, app.Actor{}, "draf"); err != nil {
		t.Errorf("the public reads a published call: %v", err)
	}
	if got := codes(app.Actor{}); len(got) != 2 {
		t.Errorf("the public's list after the call: %v", got)
	}
}

func TestEntryCodePrefix(t *testing.T) {
	for _, c := range []struct {
		code string
		year int
		want string
	}{
		{"kma-2026", 2026, "KMA26"},
		{"KMA_2025", 2025, "KMA25"},
		{"km-award.jakarta-2030", 2030, "KMAWARDJAKARTA30"},
		{"2027", 2027, "E27"},
		{"kma", 2101, "KMA01"},
	} {
		if got := app.EntryCodePrefix(c.code, c.year); got != c.want {
			t.Errorf("EntryCodePrefix(%q, %d) = %q, want %q", c.code, c.year, got, c.want)
		}
	}
}
