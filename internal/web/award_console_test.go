package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// consolePages are the console's pages of edition code, the overview
// first.
func consolePages(code string) []string {
	base := "/award/" + code + "/console"
	return []string{base, base + "/entries", base + "/jury", base + "/progress", base + "/results", base + "/objections",
		base + "/certificates", base + "/confirm/freeze", base + "/confirm/publish", base + "/confirm/finalise"}
}

// TestAwardConsolePages: every console page shows for the secretariat with
// its tab marked, labelled controls, organisation names rather than codes
// and jurors by name; nobody else sees any of them.
func TestAwardConsolePages(t *testing.T) {
	f := newAwardFixture(t, false, false) // judging
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	for _, p := range consolePages("kma") {
		res := sec.get(p)
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, `aria-current="page"`, "Konsol sekretariat")
		if n := strings.Count(res.Body, `aria-current="page"`); n != 2 { // the main menu's and the console's
			t.Errorf("%s: %d aria-current links, want 2", p, n)
		}
		for _, c := range []*client{f.entrant, f.juror1, f.site.client(t)} {
			if res := c.get(p); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusSeeOther {
				t.Errorf("%s for a non-secretariat: status %d", p, res.StatusCode)
			}
		}
	}
	wantStatus(t, sec.get("/award/kma/console/nothing"), http.StatusNotFound)
	wantStatus(t, sec.get("/award/kma/console/confirm/nothing"), http.StatusNotFound)

	// Judging: screening and assignment are offered, finalising is not yet.
	res := sec.get("/award/kma/console")
	wantBody(t, res, "Penilaian", "/award/kma/console/confirm/publish", "Belum tersedia: hanya dapat dilakukan pada tahap Masa sanggah")
	notBody(t, res, "/award/kma/console/confirm/finalise")
	res = sec.get("/award/kma/console/entries")
	wantBody(t, res, "Dinas dinas-a", `action="/award/kma/console/screen"`)
	wantLabels(t, res)
	res = sec.get("/award/kma/console/jury")
	wantBody(t, res, "Dinas dinas-c", "j3@lan.go.id", "⊘", "sticky-col")
	wantLabels(t, res)
	res = sec.get("/award/kma/console/progress")
	wantBody(t, res, "Kemajuan per juri", "<progress", "Semua lembar nilai yang ditugaskan sudah dikirim")
	wantLabels(t, res)
	res = sec.get("/award/kma/console/objections")
	wantBody(t, res, "Belum tersedia")
	// A matrix button assigns its cell.
	ctx := context.Background()
	if _, err := f.site.App.SaveRound(ctx, f.secretariat, "kma", "",
		app.RoundInput{Code: "field", Name: "Verifikasi lapangan", Kind: "field", Order: 2, Advance: 1, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	wantBody(t, sec.get("/award/kma/console/jury?round=field"), `name="cell" value="j1@univ.ac.id E2"`)
	res = sec.post("/award/kma/console/assign", url.Values{"round": {"field"}, "cell": {"j1@univ.ac.id E2"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/award/kma/console/jury?round=field#matrix" {
		t.Errorf("after assigning: Location %q", loc)
	}
	wantBody(t, sec.get("/award/kma/console/jury?round=field"), `<td class="num">1</td>`)

	// The jury workspace names the agencies.
	res = f.juror1.get("/award/kma/jury")
	wantBody(t, res, "Dinas dinas-a")
	notBody(t, res, "<td>dinas-a</td>")
	wantBody(t, f.juror1.get("/award/kma/jury/desk/E1"), "Dinas dinas-a")
}

// TestAwardConsoleEntriesFilter: the entries page filters by screening
// state and text and pages by 20, keeping the filter in the links and in
// the screening form's way back.
func TestAwardConsoleEntriesFilter(t *testing.T) {
	s, sec := newScaleSite(t, 51, 15)
	_ = s
	res := sec.get("/award/skala/console/entries")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "51 entri cocok", "Halaman 1 dari 3", `href="/award/skala/console/entries?page=2"`)
	if n := strings.Count(res.Body, `name="entry"`); n != 20 {
		t.Errorf("first page has %d screening forms, want 20", n)
	}
	res = sec.get("/award/skala/console/entries?page=3")
	if n := strings.Count(res.Body, `name="entry"`); n != 11 {
		t.Errorf("last page has %d screening forms, want 11", n)
	}
	res = sec.get("/award/skala/console/entries?q=" + url.QueryEscape("Instansi Contoh 07"))
	wantBody(t, res, "1 entri cocok", "Inovasi layanan 07")
	res = sec.post("/award/skala/console/screen", url.Values{"entry": {"S07"}, "outcome": {"fail"}, "reason": {"Tidak lengkap"},
		"back": {"/award/skala/console/entries?screening=fail#entry-S07"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/award/skala/console/entries?screening=fail#entry-S07" {
		t.Errorf("after screening: Location %q", loc)
	}
	// A way back out of the console is not followed.
	res = sec.post("/award/skala/console/screen", url.Values{"entry": {"S07"}, "outcome": {"fail"}, "reason": {"Tidak lengkap"},
		"back": {"https://example.com/"}})
	if loc := res.Header.Get("Location"); loc != "/award/skala/console/entries" {
		t.Errorf("a foreign way back: Location %q", loc)
	}
	res = sec.get("/award/skala/console/entries?screening=fail")
	wantBody(t, res, "1 entri cocok", "Tidak lengkap")
	res = sec.get("/award/skala/console/entries?screening=pending&page=99")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "50 entri cocok", "Halaman 3 dari 3")
}

// TestAwardConsolePublishConfirm: publishing with unfinished sheets goes
// through a confirmation that lists them by name and asks for a reason;
// a list that changed in the meantime is shown again.
func TestAwardConsolePublishConfirm(t *testing.T) {
	f := newAwardFixture(t, false, false)
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	reopen := func(juror, entry string) {
		t.Helper()
		wantStatus(t, sec.post("/award/kma/console/reopen", url.Values{"round": {"desk"}, "juror": {juror}, "entry": {entry}}), http.StatusSeeOther)
	}
	reopen("j1@univ.ac.id", "E1")
	res := sec.get("/award/kma/console/confirm/publish")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Ada 1 lembar nilai yang belum selesai", "Entri E1", "j1@univ.ac.id", `name="unfinished" value="desk j1@univ.ac.id E1"`, `name="reason"`)
	wantLabels(t, res)
	// No list at all: refused, and the list is shown.
	res = sec.post("/award/kma/console/publish", nil)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, `value="desk j1@univ.ac.id E1"`)
	// The list without a reason.
	res = sec.post("/award/kma/console/publish", url.Values{"unfinished": {"desk j1@univ.ac.id E1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, `value="desk j1@univ.ac.id E1"`, "wajib diisi")
	// Another sheet reopened meanwhile: the page shows the new list.
	reopen("j3@lan.go.id", "E2")
	res = sec.post("/award/kma/console/publish", url.Values{"unfinished": {"desk j1@univ.ac.id E1"}, "reason": {"Juri sakit"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "berubah sejak halaman ini dibuka", `value="desk j3@lan.go.id E2"`, "Juri sakit")
	res = sec.post("/award/kma/console/publish", url.Values{"unfinished": {"desk j1@univ.ac.id E1", "desk j3@lan.go.id E2"}, "reason": {"Juri sakit"}})
	wantStatus(t, res, http.StatusSeeOther)
	d, err := f.site.App.Store.AwardData(context.Background(), "kma")
	if err != nil || d.Edition.PublishedAt.IsZero() {
		t.Fatalf("not published: %v", err)
	}
	// Published: the confirmation pages say why not, and offer nothing.
	res = sec.get("/award/kma/console/confirm/publish")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Tidak tersedia lagi")
	notBody(t, res, `name="unfinished"`)
}

// TestAwardConsoleAnswerReopen: an objection answered with reopening takes
// the results back to judging; the choice comes with its warning.
func TestAwardConsoleAnswerReopen(t *testing.T) {
	f := newAwardFixture(t, true, true) // announced: the objection window is open
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	wantStatus(t, f.entrant.post("/award/kma/entries/E1/objections", url.Values{"body": {"Nilai kami keliru."}}), http.StatusSeeOther)
	res := sec.get("/award/kma/console/objections")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Nilai kami keliru.", "Jawab dan buka kembali hasil", "Perhatian: membuka kembali hasil", "Dinas dinas-a")
	wantLabels(t, res)
	id := regexp.MustCompile(`/award/kma/console/objections/([0-9]+)`).FindStringSubmatch(res.Body)
	if id == nil {
		t.Fatal("no answer form")
	}
	res = sec.post("/award/kma/console/objections/"+id[1], url.Values{"answer": {""}, "reopen": {"1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	res = sec.post("/award/kma/console/objections/"+id[1], url.Values{"answer": {"Nilai diperiksa ulang."}, "reopen": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = sec.get("/award/kma/console")
	wantBody(t, res, "Tahap sekarang: Penilaian", "/award/kma/console/confirm/publish")
	d, err := f.site.App.Store.AwardData(context.Background(), "kma")
	if err != nil || !d.Edition.PublishedAt.IsZero() {
		t.Errorf("results still published after a reopening answer: %v", err)
	}
}

// TestAwardConsoleAtScale: every console page of an edition the size of
// the real award (51 entries, 15 jurors, two rounds) shows.
func TestAwardConsoleAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large edition")
	}
	_, sec := newScaleSite(t, 51, 15)
	for _, p := range append(consolePages("skala"), "/award/skala/console/jury?round=field", "/award/skala/console/progress?round=field",
		"/award/skala/console/results?round=desk") {
		res := sec.get(p)
		wantStatus(t, res, http.StatusOK)
	}
}

// BenchmarkAwardConsolePages renders each console page of a 51 × 15
// edition through the real router, signed in as its secretariat
// (bench/award/run.sh reports the median per page).
func BenchmarkAwardConsolePages(b *testing.B) {
	_, sec := newScaleSite(b, 51, 15)
	for _, p := range consolePages("skala") {
		name := strings.TrimPrefix(p, "/award/skala/console")
		if name == "" {
			name = "/overview"
		}
		b.Run(strings.ReplaceAll(strings.TrimPrefix(name, "/"), "/", "-"), func(b *testing.B) {
			for b.Loop() {
				res := sec.get(p)
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: status %d", p, res.StatusCode)
				}
			}
		})
	}
}

// newScaleSite builds a site with edition "skala" (see importScale) and
// returns it with its secretariat, signed in.
func newScaleSite(tb testing.TB, entries, jurors int) (*testSite, *client) {
	tb.Helper()
	s := newSite(tb, false)
	const pw = "rahasia-sekali"
	if _, err := s.App.CreateUser(context.Background(), app.System, app.NewUser{Email: "sekretariat@root.go.id", Name: "Sekretariat",
		OrgCode: km.RootOrgCode, Password: pw, Roles: []km.Role{km.RoleSecretariat}}); err != nil {
		tb.Fatal(err)
	}
	importScale(tb, s.App, entries, jurors)
	sec := s.client(tb)
	sec.login("sekretariat@root.go.id", pw)
	return s, sec
}

// importScale imports edition "skala", judging: entries of as many
// agencies, each of its own, and jurors of whom the first five belong to
// an agency (and so may not judge its entry). The desk round has three
// jurors per entry and most sheets submitted, some missing; the field
// round has the first fifteen entries with three jurors each, partly
// scored.
func importScale(tb testing.TB, a *app.App, entries, jurors int) {
	tb.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	in := app.AwardImport{
		Edition: app.ImportEdition{Code: "skala", Name: "KM Award Skala", Year: 2025, SubmissionDeadline: now.Add(-time.Hour).Format(time.RFC3339),
			AnnouncementAt: now.Add(240 * time.Hour).Format(time.RFC3339)},
		Categories: []app.ImportCategory{{Code: "pelayanan", Name: "Pelayanan publik"}, {Code: "tata-kelola", Name: "Tata kelola"}},
		Criteria: []app.ImportCriterion{{Code: "dampak", Name: "Dampak", Weight: 2, Min: 1, Max: 5}, {Code: "baru", Name: "Kebaruan", Weight: 1, Min: 1, Max: 5},
			{Code: "lanjut", Name: "Keberlanjutan", Weight: 1, Min: 1, Max: 5}},
		Rounds: []app.ImportRound{{Code: "desk", Kind: "desk", Order: 1, Advance: 15, Weight: 1}, {Code: "field", Kind: "field", Order: 2, Advance: 5, Weight: 2}},
	}
	for i := 1; i <= entries; i++ {
		org := fmt.Sprintf("instansi-%02d", i)
		in.Organisations = append(in.Organisations, app.ImportOrg{Code: org, Name: fmt.Sprintf("Instansi Contoh %02d", i), Kind: "opd"})
		cat := "pelayanan"
		if i%2 == 0 {
			cat = "tata-kelola"
		}
		in.Entries = append(in.Entries, app.ImportEntry{Code: fmt.Sprintf("S%02d", i), Org: org, Category: cat, Title: fmt.Sprintf("Inovasi layanan %02d", i)})
	}
	for j := 1; j <= jurors; j++ {
		ij := app.ImportJuror{Email: fmt.Sprintf("juri%02d@contoh.go.id", j), Name: fmt.Sprintf("Juri Nomor %02d", j)}
		if j <= 5 {
			org := fmt.Sprintf("instansi-%02d", j)
			ij.Org = &org
		}
		in.Jurors = append(in.Jurors, ij)
	}
	// Three jurors per entry, overlapping from one entry to the next so
	// that the jury stays connected, none of the entry's own agency.
	panel := func(entry int) []string {
		var out []string
		for k := 0; len(out) < 3; k++ {
			j := (entry-1+k)%jurors + 1
			if j <= 5 && j == entry {
				continue
			}
			out = append(out, fmt.Sprintf("juri%02d@contoh.go.id", j))
		}
		return out
	}
	for i := 1; i <= entries; i++ {
		code := fmt.Sprintf("S%02d", i)
		for k, j := range panel(i) {
			if (i+k)%11 == 0 { // assigned, not scored
				in.Assignments = append(in.Assignments, app.ImportPair{Round: "desk", Juror: j, Entry: code})
				continue
			}
			in.Scores = append(in.Scores, app.ImportScore{Round: "desk", Juror: j, Entry: code, Comment: "Komentar " + code,
				Criteria: map[string]float64{"dampak": float64(1 + (i+k)%5), "baru": float64(1 + (i*3+k)%5), "lanjut": float64(1 + (i*7+k)%5)}})
		}
	}
	for i := 1; i <= min(15, entries); i++ {
		code := fmt.Sprintf("S%02d", i)
		for k, j := range panel(i) {
			if k == 0 && i%2 == 0 {
				in.Scores = append(in.Scores, app.ImportScore{Round: "field", Juror: j, Entry: code,
					Criteria: map[string]float64{"dampak": float64(1 + (i+k)%5), "baru": 3, "lanjut": 4}})
				continue
			}
			in.Assignments = append(in.Assignments, app.ImportPair{Round: "field", Juror: j, Entry: code})
		}
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		tb.Fatal(err)
	}
}
