// Package awardtest builds KM Award editions in a chosen phase for tests
// that walk the award's write routes through the real router.
package awardtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Password is every fixture account's password.
const Password = "rahasia-sekali"

// The fixture's people. Agency A enters A1, agency B enters B1. J1, J3 and
// J4 are external jurors; J2 belongs to agency B. J3 has no assignment (so
// can be removed); J4 is assigned B1 and never scores it (so scoring is
// unfinished until the secretariat confirms it).
const (
	Secretariat = "ph-sek@root.go.id"
	EntrantA    = "ph-kontributor@a.go.id"
	J1          = "ph-j1@univ.ac.id"
	J2          = "ph-j2@b.go.id"
	J3          = "ph-j3@univ.ac.id"
	J4          = "ph-j4@univ.ac.id"
	OrgA, OrgB  = "ph-a", "ph-b"
	// PracticeA is the title of agency A's published practice, which its
	// entries link.
	PracticeA = "Praktik terbit agensi A"
)

// PracticeAID returns the id of agency A's published practice.
func PracticeAID(t testing.TB, a *app.App) int64 {
	t.Helper()
	var id int64
	if err := a.Store.DB().QueryRowContext(context.Background(), `SELECT id FROM practices WHERE title = $1`, PracticeA).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// Edition is a built edition and what tests address in it.
type Edition struct {
	Code       string
	Phase      award.Phase
	EvidenceID int64 // an evidence file of A1
	Objection  int64 // an unanswered objection on A1, 0 unless asked for
}

// Unfinished is the fixture's one unfinished sheet, as a publish
// confirmation names it.
var Unfinished = []app.UnfinishedSheet{{Round: "r1", Juror: J4, Entry: "B1", Status: app.SheetMissing}}

// People creates the fixture's organisations and accounts once per
// database; calling it again does nothing.
func People(t testing.TB, a *app.App) {
	t.Helper()
	ctx := context.Background()
	if _, err := a.Store.OrgByCode(ctx, OrgA); err == nil {
		return
	}
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		root, err := tx.OrgByCode(km.RootOrgCode)
		if err != nil {
			return err
		}
		for _, c := range []string{OrgA, OrgB} {
			if err := tx.CreateOrg(&km.Org{Code: c, Name: "Dinas Uji " + c, Kind: km.OrgOPD, ParentID: root.ID}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: OrgA, Practice: km.Practice{Title: PracticeA,
		Summary: "Ringkasan praktik uji", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		email, org string
		roles      []km.Role
	}{
		{Secretariat, km.RootOrgCode, []km.Role{km.RoleSecretariat}},
		{EntrantA, OrgA, []km.Role{km.RoleContributor}},
		{J1, km.RootOrgCode, []km.Role{km.RoleJuror}},
		{J2, OrgB, nil},
		{J3, km.RootOrgCode, []km.Role{km.RoleJuror}},
		{J4, km.RootOrgCode, []km.Role{km.RoleJuror}},
	} {
		if _, err := a.CreateUser(ctx, app.System, app.NewUser{Email: u.email, Name: "Nama " + u.email, OrgCode: u.org,
			Password: Password, Roles: u.roles}); err != nil {
			t.Fatalf("user %s: %v", u.email, err)
		}
	}
}

// Build makes edition code in phase p: two entries (A1 frozen with an
// evidence file from the call on), a criterion on 1–5, two rounds (r2 empty),
// two categories (cadangan unused), four jurors and three of four assigned
// sheets submitted. With objection, A1 carries an unanswered objection.
func Build(t testing.TB, a *app.App, code string, p award.Phase, objection bool) Edition {
	t.Helper()
	People(t, a)
	ctx := context.Background()
	now := time.Now().UTC()
	b := OrgB
	in := app.AwardImport{
		Edition: app.ImportEdition{Code: code, Name: "Edisi Uji " + code, Year: 2026,
			SubmissionDeadline: now.Add(240 * time.Hour).Format(time.RFC3339), AnnouncementAt: now.Add(480 * time.Hour).Format(time.RFC3339)},
		Categories: []app.ImportCategory{{Code: "umum", Name: "Umum"}, {Code: "cadangan", Name: "Cadangan"}},
		Criteria:   []app.ImportCriterion{{Code: "c1", Name: "Dampak", Weight: 1, Min: 1, Max: 5}},
		Rounds: []app.ImportRound{{Code: "r1", Name: "Desk", Kind: "desk", Order: 1, Advance: 1, Weight: 1},
			{Code: "r2", Name: "Presentasi", Kind: "presentation", Order: 2, Advance: 1, Weight: 1}},
		Jurors: []app.ImportJuror{{Email: J1, Name: "Juri Satu"}, {Email: J2, Name: "Juri Dua", Org: &b},
			{Email: J3, Name: "Juri Tiga"}, {Email: J4, Name: "Juri Empat"}},
		Entries: []app.ImportEntry{{Code: "A1", Org: OrgA, Category: "umum", Title: "Entri A1"},
			{Code: "B1", Org: OrgB, Category: "umum", Title: "Entri B1"}},
		Scores: []app.ImportScore{
			{Round: "r1", Juror: J1, Entry: "A1", Criteria: map[string]float64{"c1": 4}},
			{Round: "r1", Juror: J1, Entry: "B1", Criteria: map[string]float64{"c1": 3}},
			{Round: "r1", Juror: J2, Entry: "A1", Criteria: map[string]float64{"c1": 5}},
		},
		Assignments: []app.ImportPair{{Round: "r1", Juror: J4, Entry: "B1"}},
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		t.Fatalf("import %s: %v", code, err)
	}
	ed := Edition{Code: code, Phase: p}
	entrant := actor(t, a, EntrantA)
	schedule(t, a, code, func(e *award.Edition) { e.RegistrationOpens = now.Add(-24 * time.Hour) })
	ev, err := a.AddEvidence(ctx, entrant, code, "A1", "bukti.pdf", bytes.NewReader([]byte("%PDF-1.4\n% bukti uji\n%%EOF\n")))
	if err != nil {
		t.Fatalf("evidence %s: %v", code, err)
	}
	ed.EvidenceID = ev.ID
	mark := func(m store.EditionMark, at time.Time) {
		t.Helper()
		if err := a.Store.Write(ctx, func(tx *store.Tx) error {
			e, err := tx.EditionByCode(code)
			if err != nil {
				return err
			}
			return tx.SetEditionMark(e.ID, m, at)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if p == award.PhaseDraft {
		mark(store.MarkCallPublished, time.Time{})
	}
	if p >= award.PhaseJudging {
		schedule(t, a, code, func(e *award.Edition) { e.SubmissionDeadline = now.Add(-time.Hour) })
		if _, err := a.FreezeEdition(ctx, actor(t, a, Secretariat), code); err != nil {
			t.Fatalf("freeze %s: %v", code, err)
		}
	}
	if p >= award.PhasePublished {
		mark(store.MarkPublished, now.Add(-time.Minute))
	}
	if p >= award.PhaseObjections {
		schedule(t, a, code, func(e *award.Edition) {
			e.AnnouncementAt, e.ObjectionUntil = now.Add(-30*time.Second), now.Add(240*time.Hour)
		})
	}
	if p >= award.PhaseFinal {
		mark(store.MarkFinalised, now.Add(-time.Second))
	}
	if objection {
		ed.Objection = objectionOn(t, a, code, "A1")
	}
	if e := mustEdition(t, a, code); e.Phase(time.Now()) != p {
		got := e.Phase(time.Now())
		t.Fatalf("%s: built in phase %s, want %s", code, got, p)
	}
	return ed
}

// Digest is everything about an edition that a refused write must leave
// as it was: its schedule and marks, entries, screening, assignments,
// declared conflicts, sheets, shortlists, objections and certificates.
func Digest(t testing.TB, a *app.App, code string) string {
	t.Helper()
	ctx := context.Background()
	d, err := a.Store.AwardData(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var certs []store.Certificate
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		certs, err = tx.Certificates(d.Edition.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Jurors {
		d.Jurors[i].PersonPaths = nil
	}
	return fmt.Sprintf("%+v|%+v|%+v|%+v|%+v|%+v|%+v|%+v|%+v|%+v|%+v|%d", d.Edition, d.Categories, d.Criteria, d.Rounds, d.Jurors,
		d.Entries, d.Assignments, d.Conflicts, d.Sheets, d.Shortlists, d.Objections, len(certs))
}

func actor(t testing.TB, a *app.App, email string) app.Actor {
	t.Helper()
	u, err := a.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return app.Actor{User: &u}
}

func mustEdition(t testing.TB, a *app.App, code string) award.Edition {
	t.Helper()
	ed, err := a.Store.EditionByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return ed
}

func schedule(t testing.TB, a *app.App, code string, change func(*award.Edition)) {
	t.Helper()
	err := a.Store.Write(context.Background(), func(tx *store.Tx) error {
		ed, err := tx.EditionByCode(code)
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

// objectionOn stores an objection of agency A's entrant whatever the
// phase, so that answering it can be tried in every phase.
func objectionOn(t testing.TB, a *app.App, code, entry string) int64 {
	t.Helper()
	u := actor(t, a, EntrantA)
	var id int64
	err := a.Store.Write(context.Background(), func(tx *store.Tx) error {
		d, err := tx.AwardData(code)
		if err != nil {
			return err
		}
		for _, e := range d.Entries {
			if e.Code == entry {
				o := award.Objection{EntryID: e.ID, FiledBy: u.User.ID, Body: "Mohon ditinjau ulang"}
				err := tx.CreateObjection(&o)
				id = o.ID
				return err
			}
		}
		return errors.New("awardtest: no entry " + entry)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
