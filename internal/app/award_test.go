package app_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

type awardEnv struct {
	a                                    *app.App
	secretariat, admin, entrantA, juror2 app.Actor
	juror1                               app.Actor
}

func ptr(s string) *string { return &s }

// newAwardEnv imports an edition whose deadline has passed and whose
// announcement is ahead: six entries from dinas-a, -b, -c scored in the
// desk round by three of four jurors; j2 belongs to dinas-c.
func newAwardEnv(t *testing.T) *awardEnv {
	t.Helper()
	s, dir := storetest.Open(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<20, nil)
	a.BcryptCost = 4
	ctx := context.Background()
	now := time.Now().UTC()
	in := app.AwardImport{
		Organisations: []app.ImportOrg{{Code: "dinas-a", Name: "Dinas A", Kind: "opd"}, {Code: "dinas-b", Name: "Dinas B", Kind: "opd"},
			{Code: "dinas-c", Name: "Dinas C", Kind: "opd"}},
		Edition: app.ImportEdition{Code: "kma", Name: "KM Award", Year: 2025, SubmissionDeadline: now.Add(-time.Hour).Format(time.RFC3339),
			AnnouncementAt: now.Add(240 * time.Hour).Format(time.RFC3339)},
		Criteria: []app.ImportCriterion{{Code: "dampak", Name: "Dampak", Weight: 2, Min: 1, Max: 5}, {Code: "baru", Name: "Kebaruan", Weight: 1, Min: 1, Max: 5}},
		Rounds:   []app.ImportRound{{Code: "desk", Kind: "desk", Order: 1, Advance: 3, Weight: 1}, {Code: "pres", Kind: "presentation", Order: 2, Weight: 1}},
		Jurors: []app.ImportJuror{{Email: "j1@univ.ac.id", Name: "J1"}, {Email: "j2@c.go.id", Name: "J2", Org: ptr("dinas-c")},
			{Email: "j3@lan.go.id", Name: "J3"}, {Email: "j4@lan.go.id", Name: "J4"}},
	}
	orgs := []string{"dinas-a", "dinas-b", "dinas-a", "dinas-b", "dinas-c", "dinas-a"}
	for i, o := range orgs {
		code := fmt.Sprintf("E%d", i+1)
		in.Entries = append(in.Entries, app.ImportEntry{Code: code, Org: o, Title: "Entri " + code})
		panel := []string{"j1@univ.ac.id", "j3@lan.go.id", "j4@lan.go.id"}
		if o != "dinas-c" && i%2 == 0 {
			panel[1] = "j2@c.go.id"
		}
		for k, j := range panel {
			in.Scores = append(in.Scores, app.ImportScore{Round: "desk", Juror: j, Entry: code,
				Criteria: map[string]float64{"dampak": float64(1 + (i+k)%5), "baru": float64(1 + i%5)}, Comment: "komentar " + j})
		}
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		t.Fatal(err)
	}
	env := &awardEnv{a: a}
	mk := func(email, org string, roles ...km.Role) app.Actor {
		u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Roles: roles})
		if errors.Is(err, nil) {
			return app.Actor{User: &u}
		}
		t.Fatalf("user %s: %v", email, err)
		return app.Actor{}
	}
	env.secretariat = mk("sekretariat@root.go.id", km.RootOrgCode, km.RoleSecretariat)
	env.admin = mk("admin@root.go.id", km.RootOrgCode, km.RoleAdmin)
	env.entrantA = mk("kontributor@a.go.id", "dinas-a", km.RoleContributor)
	for _, j := range []struct {
		email string
		dst   *app.Actor
	}{{"j1@univ.ac.id", &env.juror1}, {"j2@c.go.id", &env.juror2}} {
		u, err := a.Store.UserByEmail(ctx, j.email)
		if err != nil {
			t.Fatal(err)
		}
		*j.dst = app.Actor{User: &u}
	}
	return env
}

func sheetCount(t *testing.T, a *app.App) int {
	d, err := a.Store.AwardData(context.Background(), "kma")
	if err != nil {
		t.Fatal(err)
	}
	return len(d.Sheets) + 1000*len(d.Assignments)
}

func TestAwardConflictRefused(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	before := sheetCount(t, e.a)
	// E5 is dinas-c's entry: j2 may be neither assigned nor score it.
	if err := e.a.Assign(ctx, e.secretariat, "kma", "desk", "j2@c.go.id", "E5"); !errors.Is(err, app.ErrConflictOfInterest) || !errors.Is(err, km.ErrForbidden) {
		t.Errorf("assign conflicted juror: %v, want ErrConflictOfInterest (403)", err)
	}
	err := e.a.SaveSheet(ctx, e.juror2, "kma", "desk", "E5", app.SheetInput{Values: map[string]float64{"dampak": 5, "baru": 5}, Submit: true})
	if !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("conflicted score: %v, want ErrConflictOfInterest", err)
	}
	// A declared conflict: j1 declares E2, which loses its assignment and sheet.
	if err := e.a.DeclareConflict(ctx, e.juror1, "kma", "E2", "saudara kandung"); err != nil {
		t.Fatal(err)
	}
	if err := e.a.Assign(ctx, e.secretariat, "kma", "desk", "j1@univ.ac.id", "E2"); !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("assign after declaration: %v", err)
	}
	if after := sheetCount(t, e.a); after != before-1001 {
		t.Errorf("sheets+assignments went from %d to %d, want only the declared pair removed", before, after)
	}
	// Only the secretariat assigns, not an admin.
	if err := e.a.Assign(ctx, e.admin, "kma", "pres", "j1@univ.ac.id", "E1"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("admin assigns: %v", err)
	}
	if err := e.a.Assign(ctx, e.secretariat, "kma", "pres", "j2@c.go.id", "E1"); err != nil {
		t.Errorf("allowed assignment: %v", err)
	}
}

func TestAwardFrozenAfterDeadline(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	d, err := e.a.Store.AwardData(ctx, "kma")
	if err != nil {
		t.Fatal(err)
	}
	if d.Edition.FrozenAt.IsZero() {
		t.Fatal("edition not frozen after its deadline")
	}
	for _, x := range d.Entries {
		if _, h := x.Snapshot("kma"); x.SnapshotHash != h || len(h) != 64 || x.FrozenAt.IsZero() {
			t.Errorf("entry %s: hash %q, recomputed %q", x.Code, x.SnapshotHash, h)
		}
	}
	ent := d.Entries[0]
	in := app.EntryInput{Title: "Judul baru", Summary: "Ringkasan", Version: ent.Version}
	if _, err := e.a.UpdateEntry(ctx, e.entrantA, "kma", ent.Code, in); !errors.Is(err, app.ErrFrozen) || !errors.Is(err, km.ErrConflict) {
		t.Errorf("edit after deadline: %v, want ErrFrozen (409)", err)
	}
	if _, err := e.a.UpdateEntry(ctx, e.secretariat, "kma", ent.Code, in); !errors.Is(err, app.ErrFrozen) {
		t.Errorf("secretariat edit after deadline: %v, want ErrFrozen", err)
	}
}

func TestAwardSecrecyBeforeAnnouncement(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	check := func(stage string) {
		t.Helper()
		for name, who := range map[string]app.Actor{"entrant": e.entrantA, "juror": e.juror1, "admin": e.admin, "public": {}} {
			for _, round := range []string{"desk", ""} {
				if _, err := e.a.AwardResults(ctx, who, "kma", round, ""); !errors.Is(err, km.ErrNotFound) {
					t.Errorf("%s: %s sees results of %q: %v", stage, name, round, err)
				}
			}
			d, err := e.a.Edition(ctx, who, "kma")
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range d.Sheets {
				if name != "juror" || s.JurorID == 0 {
					t.Errorf("%s: %s sees a sheet %+v", stage, name, s)
				}
			}
			if len(d.Shortlists) > 0 || len(d.Conflicts) > 0 {
				t.Errorf("%s: %s sees shortlists or conflicts", stage, name)
			}
			for i, x := range d.Entries {
				if i > 0 && d.Entries[i-1].Code > x.Code {
					t.Errorf("%s: entries not in code order for %s", stage, name)
				}
			}
		}
		d, items, err := e.a.JurorWorkspace(ctx, e.juror1, "kma")
		if err != nil {
			t.Fatal(err)
		}
		j1 := int64(0)
		for _, w := range items {
			if w.Sheet == nil {
				t.Errorf("%s: juror 1 lacks its own sheet on %s", stage, w.Entry.Code)
			} else {
				j1 = w.Sheet.JurorID
			}
		}
		for _, s := range d.Sheets {
			if s.JurorID != j1 {
				t.Errorf("%s: juror sees another juror's sheet %+v", stage, s)
			}
		}
		if len(d.Jurors) != 4 {
			// a juror sees the jury list, not their sheets
		}
		view, err := e.a.EntrantView(ctx, e.entrantA, "kma")
		if err != nil {
			t.Fatal(err)
		}
		if len(view) != 3 {
			t.Errorf("%s: entrant of dinas-a sees %d entries, want 3", stage, len(view))
		}
		for _, v := range view {
			if v.Rank != 0 || v.Score != 0 || len(v.Sheets) != 0 {
				t.Errorf("%s: entrant sees scores: %+v", stage, v)
			}
			if v.Entry.SnapshotHash == "" {
				t.Errorf("%s: entrant does not see its snapshot hash", stage)
			}
		}
	}
	check("before publication")
	// The secretariat sees everything, and confirms the shortlist.
	res, err := e.a.AwardResults(ctx, e.secretariat, "kma", "desk", "")
	if err != nil || len(res.Entries) != 6 {
		t.Fatalf("secretariat results: %v %v", res, err)
	}
	if sl, err := e.a.ConfirmShortlist(ctx, e.secretariat, "kma", "desk"); err != nil || len(sl) != 3 || sl[0] != res.Entries[0].Entry {
		t.Fatalf("shortlist %v %v", sl, err)
	}
	if err := e.a.PublishResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	check("published, before the announcement time")
	// Objections are not open yet.
	if _, err := e.a.FileObjection(ctx, e.entrantA, "kma", "E1", "Nilai kami"); !errors.Is(err, km.ErrConflict) {
		t.Errorf("objection before announcement: %v", err)
	}

	// The announcement time comes.
	err = e.a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.AnnouncementAt = time.Now().Add(-time.Minute)
		ed.ObjectionUntil = time.Now().Add(time.Hour)
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := e.a.AwardResults(ctx, app.Actor{}, "kma", "", "")
	if err != nil || len(pub.Entries) != 6 {
		t.Fatalf("public results after announcement: %v", err)
	}
	view, err := e.a.EntrantView(ctx, e.entrantA, "kma")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range view {
		if v.Rank == 0 || len(v.Sheets) == 0 {
			t.Errorf("entrant lacks its results after the announcement: %+v", v)
		}
		for _, s := range v.Sheets {
			if s.JurorID != 0 || s.PrivateNote != "" || s.Comment == "" {
				t.Errorf("sheet shown to the entrant: %+v", s)
			}
		}
	}
	// Objection window: file, answer, finalise.
	o, err := e.a.FileObjection(ctx, e.entrantA, "kma", "E1", "Mohon ditinjau")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.FileObjection(ctx, e.entrantA, "kma", "E2", "Bukan entri kami"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("objection on another agency's entry: %v", err)
	}
	if err := e.a.FinaliseResults(ctx, e.secretariat, "kma"); !errors.Is(err, km.ErrConflict) {
		t.Errorf("finalise with an open objection: %v", err)
	}
	if err := e.a.AnswerObjection(ctx, e.entrantA, "kma", o.ID, "tidak"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("entrant answers: %v", err)
	}
	if err := e.a.AnswerObjection(ctx, e.secretariat, "kma", o.ID, "Sudah ditinjau; nilai tetap."); err != nil {
		t.Fatal(err)
	}
	if err := e.a.FinaliseResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	if rep, err := e.a.Store.VerifyAuditChain(ctx); err != nil || !rep.OK() {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
	// No event of a score carries its values.
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.score.", Limit: 1000})
	for _, ev := range evs {
		if _, ok := ev.Detail["values"]; ok || ev.Detail["sheet_hmac"] == nil {
			t.Errorf("score event leaks or lacks its hash: %+v", ev.Detail)
		}
	}
}

func TestAwardScoring(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	// j2 is assigned to E1 in the presentation round after the shortlist.
	if err := e.a.Assign(ctx, e.secretariat, "kma", "pres", "j2@c.go.id", "E1"); err != nil {
		t.Fatal(err)
	}
	save := func(in app.SheetInput) error { return e.a.SaveSheet(ctx, e.juror2, "kma", "pres", "E1", in) }
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 9}}); err == nil {
		t.Errorf("a draft out of scale was saved")
	}
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 4}, Comment: "rapi", PrivateNote: "cek lapangan"}); err != nil {
		t.Fatalf("draft: %v", err)
	}
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 4}, Submit: true}); err == nil {
		t.Errorf("an incomplete sheet was submitted")
	}
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 4, "baru": 3}, Submit: true}); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 5, "baru": 3}, Submit: true}); !errors.Is(err, km.ErrConflict) {
		t.Errorf("change after submit: %v, want 409", err)
	}
	if err := e.a.ReopenSheet(ctx, e.juror2, "kma", "pres", "j2@c.go.id", "E1"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("juror reopens own sheet: %v", err)
	}
	if err := e.a.ReopenSheet(ctx, e.secretariat, "kma", "pres", "j2@c.go.id", "E1"); err != nil {
		t.Fatal(err)
	}
	if err := save(app.SheetInput{Values: map[string]float64{"dampak": 5, "baru": 3}, Submit: true}); err != nil {
		t.Errorf("change after reopening: %v", err)
	}
	// Not assigned: refused.
	if err := e.a.SaveSheet(ctx, e.juror2, "kma", "pres", "E2", app.SheetInput{Values: map[string]float64{"dampak": 5, "baru": 3}}); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("unassigned: %v", err)
	}
	// Not a juror at all.
	if err := e.a.SaveSheet(ctx, e.entrantA, "kma", "pres", "E1", app.SheetInput{}); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("entrant scores: %v", err)
	}
	_ = award.SheetDraft
}

func TestAwardAutoAssign(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	if _, err := e.a.AutoAssign(ctx, e.secretariat, "kma", "pres", 2); !errors.Is(err, km.ErrConflict) {
		t.Errorf("auto-assign before the shortlist: %v", err)
	}
	if _, err := e.a.ConfirmShortlist(ctx, e.secretariat, "kma", "desk"); err != nil {
		t.Fatal(err)
	}
	pairs, err := e.a.AutoAssign(ctx, e.secretariat, "kma", "pres", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 9 {
		t.Errorf("got %d pairs, want 3 entries × 3 jurors", len(pairs))
	}
	for _, p := range pairs {
		if p.Juror == "j2@c.go.id" && p.Entry == "E5" {
			t.Errorf("conflicted pair assigned")
		}
	}
}
