package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/store"
	"lumbung/internal/store/storetest"
)

// kpiEnv is an app with a pemda, an organiser (pasar) with one market
// unit, another agency, and a user per role that matters here.
type kpiEnv struct {
	t     *testing.T
	a     *app.App
	users map[string]app.Actor
}

func newKPIEnv(t *testing.T) *kpiEnv {
	t.Helper()
	s, dir := storetest.Open(t)
	a := app.New(s, &files.Store{Dir: dir}, 1<<20, nil)
	a.BcryptCost = 4
	ctx := context.Background()
	e := &kpiEnv{t: t, a: a, users: map[string]app.Actor{}}
	for _, o := range []app.NewOrg{
		{Code: "pasar", Name: "Pasar Jaya", Kind: km.OrgOPD, Parent: km.RootOrgCode},
		{Code: "dinkes", Name: "Dinas Kesehatan", Kind: km.OrgOPD, Parent: km.RootOrgCode},
		{Code: "bpsdm", Name: "BPSDM", Kind: km.OrgOPD, Parent: km.RootOrgCode},
		{Code: "pasar-senen", Name: "Pasar Senen", Kind: km.OrgUnit, Parent: "pasar"},
	} {
		if _, err := a.CreateOrg(ctx, app.System, o); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []struct {
		name, org string
		role      km.Role
	}{
		{"coordinator", "pasar", km.RoleCoordinator},
		{"contributor", "pasar", km.RoleContributor},
		{"senen", "pasar-senen", km.RoleContributor},
		{"other", "dinkes", km.RoleCoordinator},
		{"secretariat", "bpsdm", km.RoleSecretariat},
	} {
		usr, err := a.CreateUser(ctx, app.System, app.NewUser{Email: u.name + "@x.go.id", Name: u.name, OrgCode: u.org, Roles: []km.Role{u.role}})
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.name] = app.Actor{User: &usr}
	}
	return e
}

func fptr(v float64) *float64 { return &v }

// kpiFile is a valid competition: 3 markets and a control, 4 baseline
// days and 3 competition days each.
func kpiFile() app.KPIFile {
	f := app.KPIFile{
		Competition: app.KPIFileCompetition{Code: "qris", Name: "Lomba QRIS", Org: "pasar", Noun: "pasar",
			Metric:   app.KPIFileMetric{Code: "trx", Name: "Transaksi QRIS", Unit: "transaksi"},
			Baseline: app.KPIFileWindow{From: "2025-01-01", To: "2025-01-04"},
			Period:   app.KPIFileWindow{From: "2025-02-01", To: "2025-02-05"}, Method: "percent", Status: "running"},
		Participants: []app.KPIFileParticipant{
			{Code: "SEN", Name: "Pasar Senen", Org: "pasar-senen", Group: "besar"},
			{Code: "MGU", Name: "Pasar Minggu", Group: "besar"},
			{Code: "SNT", Name: "Pasar Santa", Group: "kecil"},
			{Code: "KTL", Name: "Pasar Kontrol", Group: "kecil", Control: true},
		},
	}
	base := map[string]float64{"SEN": 100, "MGU": 80, "SNT": 10, "KTL": 50}
	growth := map[string]float64{"SEN": 1.5, "MGU": 1.25, "SNT": 2, "KTL": 1.1}
	for _, p := range f.Participants {
		for d := 1; d <= 4; d++ {
			f.Measurements = append(f.Measurements, app.KPIFileMeasurement{Participant: p.Code, Date: fmt.Sprintf("2025-01-%02d", d), Value: fptr(base[p.Code])})
		}
		for d := 1; d <= 3; d++ {
			f.Measurements = append(f.Measurements, app.KPIFileMeasurement{Participant: p.Code, Date: fmt.Sprintf("2025-02-%02d", d), Value: fptr(base[p.Code] * growth[p.Code])})
		}
	}
	return f
}

func (e *kpiEnv) importFile(f app.KPIFile) store.Competition {
	e.t.Helper()
	c, err := e.a.ImportCompetition(context.Background(), e.users["coordinator"], f, app.KPIImportOptions{})
	if err != nil {
		e.t.Fatalf("import: %v", err)
	}
	return c
}

func (e *kpiEnv) count(code string) int {
	e.t.Helper()
	c, err := e.a.Store.Competition(context.Background(), code)
	if err != nil {
		e.t.Fatal(err)
	}
	ms, err := e.a.Store.Measurements(context.Background(), c.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(ms)
}

func TestImportCompetition(t *testing.T) {
	e := newKPIEnv(t)
	ctx := context.Background()
	c := e.importFile(kpiFile())
	if c.OrgCode != "pasar" || c.Status != kpi.StatusRunning || len(c.Participants) != 4 || !c.Metric.HigherIsBetter {
		t.Errorf("got %+v", c)
	}
	if n := e.count("qris"); n != 28 {
		t.Errorf("measurements: got %d, want 28", n)
	}
	st, err := e.a.Leaderboard(ctx, e.users["contributor"], "qris", app.LeaderboardOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := st.Board.Summary
	// ΣB = 190, ΣP = 150+100+20 = 270: +42.1%; controls +10%.
	if s.Participants != 3 || s.Baseline != 190 || s.Period != 270 || s.ControlPercent == nil || *s.ControlPercent < 9.99 || *s.ControlPercent > 10.01 {
		t.Errorf("summary: got %+v", s)
	}
	if got := st.Board.Participants[0].Participant; got != "SNT" {
		t.Errorf("percent winner: got %s, want SNT", got)
	}
	// Another method and a group, without changing the competition.
	st, err = e.a.Leaderboard(ctx, e.users["contributor"], "qris", app.LeaderboardOptions{Method: kpi.Absolute, Group: "besar"})
	if err != nil || st.Board.Group != "besar" || st.Board.Participants[0].Participant != "SEN" || len(st.Board.Participants) != 2 {
		t.Errorf("absolute, group besar: got %+v (%v)", st.Board, err)
	}
	var ve *km.ValidationError
	if _, err := e.a.Leaderboard(ctx, e.users["contributor"], "qris", app.LeaderboardOptions{Group: "raksasa"}); !errors.As(err, &ve) {
		t.Errorf("unknown group: got %v, want a validation error", err)
	}
	// The event is in the audit log.
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "kpi."})
	if len(evs) != 1 || evs[0].Action != "kpi.competition.create" {
		t.Errorf("audit: got %+v", evs)
	}
}

func TestImportCompetitionRefusesWholeFile(t *testing.T) {
	e := newKPIEnv(t)
	f := kpiFile()
	f.Competition.Period.From = "2025-01-03" // overlaps the baseline
	f.Participants[1].Org = "tidak-ada"
	f.Measurements[2].Participant = "XXX"
	f.Measurements[5].Date = "2025-02-30"
	f.Measurements[6].Value = nil
	f.Measurements[9].Value = fptr(-4.0)
	f.Measurements[11] = f.Measurements[10]
	_, err := e.a.ImportCompetition(context.Background(), e.users["coordinator"], f, app.KPIImportOptions{})
	var bad *app.KPIInputError
	if !errors.As(err, &bad) || !errors.Is(err, app.ErrInvalidImport) {
		t.Fatalf("got %v, want a *KPIInputError", err)
	}
	if bad.Fields["period"] != "kpi.window_overlap" || bad.Fields["participants.1.org"] != "unknown_org" {
		t.Errorf("fields: got %v", bad.Fields)
	}
	var got []string
	for _, l := range bad.Lines {
		got = append(got, fmt.Sprintf("%d:%s", l.Line, l.Code))
	}
	want := "3:unknown_participant 6:bad_date 7:missing_value 10:negative_value 12:duplicate"
	if strings.Join(got, " ") != want {
		t.Errorf("lines: got %s, want %s", strings.Join(got, " "), want)
	}
	if _, err := e.a.Store.Competition(context.Background(), "qris"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("a refused file left a competition behind: %v", err)
	}
	// The same code twice is refused too.
	e.importFile(kpiFile())
	_, err = e.a.ImportCompetition(context.Background(), e.users["coordinator"], kpiFile(), app.KPIImportOptions{})
	if !errors.As(err, &bad) || bad.Fields["code"] != "code_taken" {
		t.Errorf("second import: got %v, want code_taken", err)
	}
}

func TestCompetitionAccess(t *testing.T) {
	e := newKPIEnv(t)
	ctx := context.Background()
	f := kpiFile()
	f.Competition.Status = "draft"
	// Only managers of the organiser may create it.
	for _, who := range []string{"contributor", "other", "senen"} {
		if _, err := e.a.ImportCompetition(ctx, e.users[who], f, app.KPIImportOptions{}); !errors.Is(err, km.ErrForbidden) {
			t.Errorf("%s creates: got %v, want forbidden", who, err)
		}
	}
	if _, err := e.a.ImportCompetition(ctx, app.Actor{}, f, app.KPIImportOptions{}); !errors.Is(err, km.ErrUnauthorized) {
		t.Errorf("anonymous creates: got %v, want unauthorized", err)
	}
	c := e.importFile(f)
	// A draft is for its managers: the coordinator and the secretariat.
	sees := func(who string) bool {
		cs, err := e.a.Competitions(ctx, e.users[who])
		if err != nil {
			t.Fatal(err)
		}
		return len(cs) == 1
	}
	for who, want := range map[string]bool{"coordinator": true, "secretariat": true, "contributor": false, "other": false} {
		if got := sees(who); got != want {
			t.Errorf("draft: %s sees it %v, want %v", who, got, want)
		}
	}
	if _, err := e.a.Competition(ctx, app.Actor{}, c.Code); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("anonymous reads a draft: got %v, want not found", err)
	}
	// Status moves one step at a time, by managers only.
	if _, err := e.a.SetCompetitionStatus(ctx, e.users["coordinator"], c.Code, kpi.StatusPublished); err == nil {
		t.Error("draft → published allowed")
	}
	if _, err := e.a.SetCompetitionStatus(ctx, e.users["contributor"], c.Code, kpi.StatusRunning); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("contributor starts a draft they cannot see: got %v, want not found", err)
	}
	for _, s := range []kpi.Status{kpi.StatusRunning, kpi.StatusClosed} {
		if _, err := e.a.SetCompetitionStatus(ctx, e.users["secretariat"], c.Code, s); err != nil {
			t.Fatalf("→ %s: %v", s, err)
		}
	}
	// Running and closed: signed-in users see it, the public does not.
	if !sees("contributor") || !sees("other") {
		t.Error("closed competition hidden from signed-in users")
	}
	if _, err := e.a.Competition(ctx, app.Actor{}, c.Code); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("anonymous reads a closed competition: got %v", err)
	}
	if _, err := e.a.SetCompetitionStatus(ctx, e.users["contributor"], c.Code, kpi.StatusPublished); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("contributor publishes: got %v, want forbidden", err)
	}
	if _, err := e.a.SetCompetitionStatus(ctx, e.users["coordinator"], c.Code, kpi.StatusPublished); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Competition(ctx, app.Actor{}, c.Code); err != nil {
		t.Errorf("anonymous reads a published competition: %v", err)
	}
	// Published results take no more data.
	_, err := e.a.AddMeasurements(ctx, e.users["coordinator"], c.Code, app.MeasurementBatch{Source: "form",
		Rows: []kpi.Measurement{{Participant: "SEN", Date: day(t, "2025-02-04"), Value: 1}}})
	var ve *km.ValidationError
	if !errors.As(err, &ve) || ve.Fields["status"] == "" {
		t.Errorf("data after publication: got %v, want a status error", err)
	}
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "kpi.competition.status"})
	if len(evs) != 3 {
		t.Errorf("status events: got %d, want 3", len(evs))
	}
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestUploadValidation: a batch with bad lines is refused whole, every bad
// line is reported, nothing is stored; a good batch is stored with its
// uploader and source.
func TestUploadValidation(t *testing.T) {
	e := newKPIEnv(t)
	ctx := context.Background()
	e.importFile(kpiFile())
	csv := `peserta,tanggal,nilai
SEN,2025-02-04,150
XXX,2025-02-04,1
SEN,2025-02-31,1
MGU,2025-02-04,-1
MGU,2025-02-04,12
SEN,2025-02-01,99
SNT,2025-02-04,abc
`
	ms, errs := kpi.ParseCSV(strings.NewReader(csv))
	batch := app.MeasurementBatch{Source: "csv", Filename: "feb.csv", Rows: ms, Errors: errs}
	p, err := e.a.PreviewMeasurements(ctx, e.users["coordinator"], "qris", batch)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range p.Errors {
		got = append(got, fmt.Sprintf("%d:%s", l.Line, l.Code))
	}
	want := "3:unknown_participant 4:bad_date 5:negative_value 6:duplicate 7:duplicate 8:bad_value"
	if strings.Join(got, " ") != want || p.After != nil {
		t.Errorf("preview errors: got %s, want %s", strings.Join(got, " "), want)
	}
	_, err = e.a.AddMeasurements(ctx, e.users["coordinator"], "qris", batch)
	var bad *app.KPIInputError
	if !errors.As(err, &bad) || len(bad.Lines) != 6 {
		t.Fatalf("add: got %v, want 6 bad lines", err)
	}
	if n := e.count("qris"); n != 28 {
		t.Errorf("after a refused upload: %d measurements, want 28 (nothing stored)", n)
	}
	// Only managers may add data.
	good := app.MeasurementBatch{Source: "csv", Filename: "ok.csv", Rows: []kpi.Measurement{
		{Participant: "SEN", Date: day(t, "2025-02-04"), Value: 150, Line: 2},
		{Participant: "KTL", Date: day(t, "2025-02-04"), Value: 55, Line: 3}}}
	if _, err := e.a.AddMeasurements(ctx, e.users["contributor"], "qris", good); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("contributor adds data: got %v, want forbidden", err)
	}
	p, err = e.a.PreviewMeasurements(ctx, e.users["coordinator"], "qris", good)
	if err != nil || len(p.Errors) != 0 || p.After == nil || p.InPeriod != 2 || p.PerParticipant["SEN"] != 1 {
		t.Fatalf("good preview: got %+v (%v)", p, err)
	}
	if n := e.count("qris"); n != 28 {
		t.Errorf("a preview stored data: %d", n)
	}
	u, err := e.a.AddMeasurements(ctx, e.users["coordinator"], "qris", good)
	if err != nil || u.Rows != 2 || u.Uploader != "coordinator@x.go.id" || u.Source != "csv" {
		t.Fatalf("good upload: got %+v (%v)", u, err)
	}
	if n := e.count("qris"); n != 30 {
		t.Errorf("after a good upload: %d measurements, want 30", n)
	}
	// The same batch again is all duplicates.
	if _, err := e.a.AddMeasurements(ctx, e.users["coordinator"], "qris", good); !errors.As(err, &bad) || len(bad.Lines) != 2 {
		t.Errorf("repeat upload: got %v, want 2 duplicate lines", err)
	}
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "kpi.measurements.add"})
	if len(evs) != 1 || evs[0].Detail["filename"] != "ok.csv" {
		t.Errorf("audit: got %+v", evs)
	}
}

func TestPracticeFromCompetition(t *testing.T) {
	e := newKPIEnv(t)
	ctx := context.Background()
	e.importFile(kpiFile())
	// The market's own contributor documents its result, under its own unit.
	p, err := e.a.CreatePracticeFromCompetition(ctx, e.users["senen"], "qris", "SEN")
	if err != nil {
		t.Fatal(err)
	}
	if p.OrgCode != "pasar-senen" || p.Status != km.StatusDraft || !strings.Contains(p.Title, "Pasar Senen") || !strings.Contains(p.Title, "naik 50%") {
		t.Errorf("draft: got org %s status %s title %q", p.OrgCode, p.Status, p.Title)
	}
	if len(p.Metrics) != 1 || p.Metrics[0].Baseline != 100 || p.Metrics[0].Value != 150 {
		t.Errorf("metrics: got %+v", p.Metrics)
	}
	// The whole competition, by the organiser's coordinator.
	whole, err := e.a.CreatePracticeFromCompetition(ctx, e.users["coordinator"], "qris", "")
	if err != nil {
		t.Fatal(err)
	}
	if whole.OrgCode != "pasar" || !strings.Contains(whole.Summary, "3 pasar, transaksi QRIS naik") {
		t.Errorf("whole: got org %s summary %q", whole.OrgCode, whole.Summary)
	}
	c, _ := e.a.Store.Competition(ctx, "qris")
	links, err := e.a.CompetitionPractices(ctx, e.users["coordinator"], c)
	if err != nil || len(links) != 2 {
		t.Fatalf("links: got %d (%v), want 2", len(links), err)
	}
	// A control is not ranked, and another agency may not write here.
	var ve *km.ValidationError
	if _, err := e.a.CreatePracticeFromCompetition(ctx, e.users["coordinator"], "qris", "KTL"); !errors.As(err, &ve) {
		t.Errorf("control: got %v, want a validation error", err)
	}
	if _, err := e.a.CreatePracticeFromCompetition(ctx, e.users["other"], "qris", "SEN"); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("other agency: got %v, want forbidden", err)
	}
	// Linking an existing practice: managers only, practices they can read.
	if err := e.a.LinkPractice(ctx, e.users["coordinator"], "qris", "MGU", p.ID); err != nil {
		t.Errorf("link: %v", err)
	}
	if err := e.a.LinkPractice(ctx, e.users["coordinator"], "qris", "NOPE", p.ID); !errors.As(err, &ve) {
		t.Errorf("link to unknown participant: got %v", err)
	}
	if err := e.a.LinkPractice(ctx, e.users["senen"], "qris", "SEN", p.ID); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("non-manager links: got %v, want forbidden", err)
	}
	evs, _ := e.a.Store.AuditEvents(ctx, km.AuditFilter{Action: "kpi.practice.link"})
	if len(evs) != 3 {
		t.Errorf("link events: got %d, want 3", len(evs))
	}
}
