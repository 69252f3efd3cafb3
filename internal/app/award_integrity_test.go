package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/app/awardtest"
	"lumbung/internal/award"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

func newPhaseApp(t *testing.T) *app.App {
	t.Helper()
	s, dir := storetest.Open(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<20, nil)
	a.BcryptCost = 4
	return a
}

func actorOf(t *testing.T, a *app.App, email string) app.Actor {
	t.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u}
}

// TestAwardConflictFollowsThePerson: the bypass of the issue — an agency's
// coordinator put on the jury as an "external" juror, or with another
// organisation typed in — is refused, and a role gained after an
// assignment closes the entry's sheet and evidence to the juror.
func TestAwardConflictFollowsThePerson(t *testing.T) {
	a := newPhaseApp(t)
	ctx := context.Background()
	awardtest.Build(t, a, "kj", award.PhaseJudging, false)
	sec := actorOf(t, a, awardtest.Secretariat)
	// The coordinator of agency B, whose account sits at the top of the
	// tree: only the role says where they belong.
	for _, u := range []app.NewUser{
		{Email: "koordinator@b.go.id", Name: "Koordinator B", OrgCode: km.RootOrgCode, Password: awardtest.Password, Roles: []km.Role{km.RoleCoordinator}},
		{Email: "staf@a.go.id", Name: "Staf A", OrgCode: awardtest.OrgA, Password: awardtest.Password},
		{Email: "pindah@univ.ac.id", Name: "Akademisi", OrgCode: km.RootOrgCode, Password: awardtest.Password},
	} {
		if _, err := a.CreateUser(ctx, app.System, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Store.Write(ctx, func(tx *store.Tx) error {
		u, err := tx.UserByEmail("koordinator@b.go.id")
		if err != nil {
			return err
		}
		b, err := tx.OrgByCode(awardtest.OrgB)
		if err != nil {
			return err
		}
		if err := tx.Revoke(u.ID, km.RoleCoordinator, u.OrgID); err != nil {
			return err
		}
		return tx.Grant(u.ID, km.RoleCoordinator, b.ID)
	}); err != nil {
		t.Fatal(err)
	}
	// Added with no organisation, as an external juror would be.
	if _, err := a.SaveJuror(ctx, sec, "kj", app.JurorInput{Email: "koordinator@b.go.id"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Assign(ctx, sec, "kj", "r1", "koordinator@b.go.id", "B1"); !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("coordinator of B assigned to B's entry: %v, want ErrConflictOfInterest", err)
	}
	// Added with another agency typed in: the account's own agency counts.
	j, err := a.SaveJuror(ctx, sec, "kj", app.JurorInput{Email: "staf@a.go.id", Org: awardtest.OrgB})
	if err != nil {
		t.Fatal(err)
	}
	if j.OrgCode != awardtest.OrgA {
		t.Errorf("jury record of staf@a names %q, want the account's %q", j.OrgCode, awardtest.OrgA)
	}
	if err := a.Assign(ctx, sec, "kj", "r1", "staf@a.go.id", "A1"); !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("staff of A assigned to A's entry: %v, want ErrConflictOfInterest", err)
	}
	if pairs, err := a.AutoAssign(ctx, sec, "kj", "r1", 4); err != nil {
		t.Fatal(err)
	} else {
		for _, p := range pairs {
			if (p.Juror == "koordinator@b.go.id" && p.Entry == "B1") || (p.Juror == "staf@a.go.id" && p.Entry == "A1") {
				t.Errorf("auto-assignment gives a conflicted pair: %+v", p)
			}
		}
	}
	// A juror assigned while external gains a role over agency A: A1's
	// sheet and evidence close to them at once.
	if _, err := a.SaveJuror(ctx, sec, "kj", app.JurorInput{Email: "pindah@univ.ac.id"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Assign(ctx, sec, "kj", "r1", "pindah@univ.ac.id", "A1"); err != nil {
		t.Fatal(err)
	}
	d, err := a.Store.AwardData(ctx, "kj")
	if err != nil {
		t.Fatal(err)
	}
	evID := d.Entries[slices.IndexFunc(d.Entries, func(e award.Entry) bool { return e.Code == "A1" })].Evidence[0].ID
	juror := actorOf(t, a, "pindah@univ.ac.id")
	if _, f, err := a.EvidenceFile(ctx, juror, "kj", "A1", evID); err != nil {
		t.Fatalf("assigned juror reads the evidence: %v", err)
	} else {
		f.Close()
	}
	if err := a.GrantRole(ctx, app.System, "pindah@univ.ac.id", km.RoleLeader, awardtest.OrgA); err != nil {
		t.Fatal(err)
	}
	juror = actorOf(t, a, "pindah@univ.ac.id")
	if _, _, err := a.EvidenceFile(ctx, juror, "kj", "A1", evID); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("conflicted juror reads the evidence: %v, want ErrNotFound", err)
	}
	if _, _, err := a.EntrySnapshot(ctx, juror, "kj", "A1"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("conflicted juror reads the snapshot: %v, want ErrNotFound", err)
	}
	err = a.SaveSheet(ctx, juror, "kj", "r1", "A1", app.SheetInput{Values: map[string]float64{"c1": 5}, Submit: true})
	if !errors.Is(err, app.ErrConflictOfInterest) {
		t.Errorf("conflicted juror scores: %v, want ErrConflictOfInterest", err)
	}
}

// TestAwardAuditRevealsNoScore: an admin reading the audit log before the
// announcement sees award events without their details, and even the
// stored events cannot be matched by trying every score on the scale;
// after the announcement the details are there and the chain verifies.
func TestAwardAuditRevealsNoScore(t *testing.T) {
	a := newPhaseApp(t)
	ctx := context.Background()
	awardtest.Build(t, a, "ka", award.PhaseJudging, false)
	if _, err := a.CreateUser(ctx, app.System, app.NewUser{Email: "admin@root.go.id", Name: "Admin", OrgCode: km.RootOrgCode,
		Password: awardtest.Password, Roles: []km.Role{km.RoleAdmin}}); err != nil {
		t.Fatal(err)
	}
	admin := actorOf(t, a, "admin@root.go.id")
	j4 := actorOf(t, a, awardtest.J4)
	if err := a.SaveSheet(ctx, j4, "ka", "r1", "B1", app.SheetInput{Values: map[string]float64{"c1": 2}, Submit: true}); err != nil {
		t.Fatal(err)
	}
	sec := actorOf(t, a, awardtest.Secretariat)
	if _, err := a.ConfirmShortlist(ctx, sec, "ka", "r1"); err != nil {
		t.Fatal(err)
	}
	evs, err := a.AuditLog(ctx, admin, km.AuditFilter{Action: "award.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	scoreEvents := 0
	for _, ev := range evs {
		if ev.Detail["edition"] != "ka" {
			continue
		}
		if len(ev.Detail) != 2 || ev.Detail["withheld"] != true {
			t.Errorf("admin reads %s before the announcement: %v", ev.Action, ev.Detail)
		}
		if ev.Action == "award.score.submit" {
			scoreEvents++
		}
	}
	if scoreEvents != 4 { // three imported, one submitted
		t.Errorf("%d score events, want 4", scoreEvents)
	}
	// The stored events: try every value of the 1–5 scale, with and
	// without the comment and status, the way the old unsalted hash was
	// made; nothing matches.
	stored, err := a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.score.", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range stored {
		if ev.Detail["edition"] != "ka" {
			continue
		}
		mac, _ := ev.Detail["sheet_hmac"].(string)
		if len(mac) != 64 || ev.Detail["sheet_sha256"] != nil || ev.Detail["values"] != nil {
			t.Fatalf("score event detail: %v", ev.Detail)
		}
		for v := 1.0; v <= 5; v++ {
			for _, status := range []string{award.SheetSubmitted, award.SheetDraft} {
				for _, comment := range []string{"", "cukup"} {
					b, _ := json.Marshal([]any{map[string]float64{"c1": v}, comment, "", status})
					h := sha256.Sum256(b)
					if hex.EncodeToString(h[:]) == mac {
						t.Errorf("%s: the score %v is recovered from the event", ev.Action, v)
					}
				}
			}
		}
	}
	// The shortlist event lists codes in code order, not rank order.
	sl, err := a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.shortlist.confirm", Limit: 10})
	if err != nil || len(sl) != 1 {
		t.Fatalf("shortlist events: %v %v", sl, err)
	}
	var listed []string
	for _, x := range sl[0].Detail["entries"].([]any) {
		listed = append(listed, x.(string))
	}
	if !slices.IsSorted(listed) {
		t.Errorf("shortlist event lists %v, not in code order", listed)
	}
	// Published and announced: the admin reads the details.
	if err := a.PublishResults(ctx, sec, "ka"); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("ka")
		if err != nil {
			return err
		}
		ed.AnnouncementAt = time.Now().Add(-time.Second)
		return tx.UpdateEditionSchedule(&ed)
	}); err != nil {
		t.Fatal(err)
	}
	evs, err = a.AuditLog(ctx, admin, km.AuditFilter{Action: "award.score.submit", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.Detail["edition"] == "ka" && (ev.Detail["withheld"] != nil || ev.Detail["sheet_hmac"] == nil || ev.Detail["juror"] == nil) {
			t.Errorf("after the announcement: %v", ev.Detail)
		}
	}
	if rep, err := a.Store.VerifyAuditChain(ctx); err != nil || !rep.OK() {
		t.Errorf("audit chain: %+v %v", rep, err)
	}
}

// TestAwardPublishUnfinished: publishing with a sheet missing and one in
// draft is refused with the list; a confirmation of another list, or
// without a reason, is refused too; the exact list with a reason
// publishes, the draft stays a draft and does not count, and the audit log
// keeps the confirmation.
func TestAwardPublishUnfinished(t *testing.T) {
	a := newPhaseApp(t)
	ctx := context.Background()
	awardtest.Build(t, a, "kp", award.PhaseJudging, false)
	sec := actorOf(t, a, awardtest.Secretariat)
	if err := a.Assign(ctx, sec, "kp", "r1", awardtest.J3, "A1"); err != nil {
		t.Fatal(err)
	}
	j3 := actorOf(t, a, awardtest.J3)
	if err := a.SaveSheet(ctx, j3, "kp", "r1", "A1", app.SheetInput{Values: map[string]float64{"c1": 1}}); err != nil {
		t.Fatal(err)
	}
	prog, err := a.AwardProgress(ctx, sec, "kp")
	if err != nil {
		t.Fatal(err)
	}
	want := []app.UnfinishedSheet{{Round: "r1", Juror: awardtest.J3, Entry: "A1", Status: app.SheetDraft}, awardtest.Unfinished[0]}
	if !slices.Equal(prog.Unfinished, want) {
		t.Errorf("unfinished: %+v, want %+v", prog.Unfinished, want)
	}
	for _, p := range prog.Jurors {
		if p.Juror == awardtest.J3 && (p.Assigned != 1 || p.Drafts != 1 || p.Done()) {
			t.Errorf("j3 progress: %+v", p)
		}
		if p.Juror == awardtest.J1 && (p.Assigned != 2 || p.Submitted != 2 || !p.Done()) {
			t.Errorf("j1 progress: %+v", p)
		}
	}
	err = a.PublishResults(ctx, sec, "kp")
	if got, ok := app.IsUnfinishedScoring(err); !ok || !slices.Equal(got, want) {
		t.Fatalf("publish unfinished: %v %+v", err, got)
	}
	for name, c := range map[string]app.PublishConfirm{
		"part of the list": {Unfinished: want[:1], Reason: "Alasan"},
		"no reason":        {Unfinished: want, Reason: "  "},
	} {
		if err := a.PublishResultsConfirmed(ctx, sec, "kp", c); err == nil {
			t.Errorf("%s: published", name)
		}
	}
	if err := a.PublishResultsConfirmed(ctx, sec, "kp", app.PublishConfirm{Unfinished: want, Reason: "Dua juri berhalangan"}); err != nil {
		t.Fatal(err)
	}
	res, err := a.AwardResults(ctx, sec, "kp", "r1", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Entries {
		if l.Entry == "A1" && l.Jurors != 2 {
			t.Errorf("A1 counted %d jurors, want 2 (the draft does not count)", l.Jurors)
		}
	}
	evs, err := a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.results.publish", Limit: 10})
	if err != nil || len(evs) != 1 || evs[0].Detail["reason"] != "Dua juri berhalangan" || evs[0].Detail["unfinished"] == nil {
		t.Errorf("publish event: %+v %v", evs, err)
	}
	// Published: the draft cannot be submitted any more.
	if err := a.SaveSheet(ctx, j3, "kp", "r1", "A1", app.SheetInput{Values: map[string]float64{"c1": 5}, Submit: true}); !errors.Is(err, app.ErrResultsPublished) {
		t.Errorf("submit after publishing: %v", err)
	}
}

// TestAwardReopenThroughObjection: after the announcement nothing moves
// the ranking but an objection answered with a reopening: then the
// edition is back in judging, a sheet can be reopened and rescored, and
// the results are published again.
func TestAwardReopenThroughObjection(t *testing.T) {
	a := newPhaseApp(t)
	ctx := context.Background()
	ed := awardtest.Build(t, a, "kr", award.PhaseObjections, true)
	sec := actorOf(t, a, awardtest.Secretariat)
	if err := a.ReopenSheet(ctx, sec, "kr", "r1", awardtest.J1, "A1"); !errors.Is(err, app.ErrResultsPublished) {
		t.Errorf("reopen a sheet after the announcement: %v", err)
	}
	if err := a.AnswerObjectionReopen(ctx, sec, "kr", ed.Objection, "  "); err == nil {
		t.Error("reopened without a reason")
	}
	if err := a.AnswerObjectionReopen(ctx, sec, "kr", ed.Objection, "Nilai A1 salah input; dinilai ulang."); err != nil {
		t.Fatal(err)
	}
	e, err := a.Store.EditionByCode(ctx, "kr")
	if err != nil {
		t.Fatal(err)
	}
	if p := e.Phase(time.Now()); p != award.PhaseJudging {
		t.Fatalf("after the reopening the edition is in %s, want judging", p)
	}
	if err := a.ReopenSheet(ctx, sec, "kr", "r1", awardtest.J1, "A1"); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSheet(ctx, actorOf(t, a, awardtest.J1), "kr", "r1", "A1", app.SheetInput{Values: map[string]float64{"c1": 1}, Submit: true}); err != nil {
		t.Fatal(err)
	}
	if err := a.PublishResultsConfirmed(ctx, sec, "kr", app.PublishConfirm{Unfinished: awardtest.Unfinished, Reason: "J4 berhalangan"}); err != nil {
		t.Fatal(err)
	}
	evs, err := a.Store.AuditEvents(ctx, km.AuditFilter{Action: "award.results.reopen", Limit: 10})
	if err != nil || len(evs) != 1 || evs[0].Detail["reason"] != "Nilai A1 salah input; dinilai ulang." {
		t.Errorf("reopen event: %+v %v", evs, err)
	}
	// Final: nothing at all moves any more.
	if err := a.FinaliseResults(ctx, sec, "kr"); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"screen":  a.Screen(ctx, sec, "kr", "A1", award.ScreeningFail, "Terlambat"),
		"declare": a.DeclareConflict(ctx, actorOf(t, a, awardtest.J1), "kr", "A1", "Kerabat"),
		"assign":  a.Assign(ctx, sec, "kr", "r1", awardtest.J3, "A1"),
		"publish": a.PublishResults(ctx, sec, "kr"),
	} {
		if !errors.Is(err, app.ErrResultsFinal) {
			t.Errorf("%s after the final: %v, want ErrResultsFinal", name, err)
		}
	}
}
