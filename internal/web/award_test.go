package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// TestAwardDemoPages walks the demo edition as the public, the
// secretariat, an entrant and a juror.
func TestAwardDemoPages(t *testing.T) {
	s := newSite(t, true)
	pub := s.client(t)

	res := pub.get("/award")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "KM Award 2025 (Demo)", `href="/award"`, "Hasil final")

	res = pub.get("/award/kma-2025")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Dampak terukur", "Penilaian dokumen", "<svg", "Juri 1", "Peringkat akhir", "Mentah", "Data demonstrasi")
	notBody(t, res, "@demo.lumbung.id") // public charts keep the jurors anonymous
	res = pub.get("/award/kma-2025?round=dokumen&method=raw")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `value="raw" selected`, "Sebaran nilai per juri")

	res = pub.get("/award/kma-2025/console")
	wantStatus(t, res, http.StatusSeeOther) // sign in first

	// The secretariat's console, with certificates issued at finalising.
	sec := s.client(t)
	sec.login("sekretariat@demo.lumbung.id", demoPassword)
	res = sec.get("/award/kma-2025/console")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Konsol sekretariat", "Hasil final", `aria-current="page"`)
	wantLabels(t, res)
	res = sec.get("/award/kma-2025/console/jury")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Penugasan juri", "asesor.lan@demo.lumbung.id", "⊘")
	res = sec.get("/award/kma-2025/console/certificates")
	wantStatus(t, res, http.StatusOK)
	codes := regexp.MustCompile(`/award/certificates/(KMA-[A-Z0-9-]+)`).FindAllStringSubmatch(res.Body, -1)
	if len(codes) != 51 {
		t.Fatalf("console lists %d certificates, want 51 (15 winners and 36 participants)", len(codes))
	}
	res = sec.get("/award/certificates/" + codes[0][1])
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF") {
		t.Errorf("certificate: Content-Type %q, body starts %q", ct, res.Body[:min(8, len(res.Body))])
	}
	// Verification is public, by path or by query, and tolerant of case.
	res = pub.get("/award/verify/" + strings.ToLower(codes[0][1]))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Sertifikat ini sah", "KM Award 2025 (Demo)", "Juara 1")
	res = pub.get("/award/verify?code=" + url.QueryEscape(codes[1][1]))
	wantStatus(t, res, http.StatusOK)
	res = pub.get("/award/verify?code=KMA-NOPE")
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "Tidak ada sertifikat dengan kode ini")
	// The results are final: a winner's certificate is public, a
	// participation certificate needs signing in as its agency.
	res = pub.get("/award/certificates/" + codes[0][1])
	wantStatus(t, res, http.StatusOK)
	res = pub.get("/award/certificates/" + codes[len(codes)-1][1])
	wantStatus(t, res, http.StatusSeeOther)

	// An entrant sees its entry, hash, scores per criterion and comments,
	// without the jurors' names, and its certificate.
	ent := s.client(t)
	ent.login("koordinator.pasar@demo.lumbung.id", demoPassword)
	res = ent.get("/award/kma-2025/entries")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "KMA25-01", "Transaksi nontunai QRIS", "Nilai per kriteria", "Juri 1", "/award/certificates/KMA-")
	notBody(t, res, "asesor.lan@", "akademisi@", "juri@demo", "juri.bkd@", "juri.kominfo@", "KMA25-02")
	if !regexp.MustCompile(`[0-9a-f]{64}`).MatchString(res.Body) {
		t.Error("entrant page shows no snapshot hash")
	}
	res = ent.get("/award/kma-2025/console")
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, res, "tidak berwenang")

	// The demo juror's workspace: published results make the sheets read-only.
	jur := s.client(t)
	jur.login("juri@demo.lumbung.id", demoPassword)
	res = jur.get("/award/kma-2025/jury")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Ruang kerja juri", "Terkirim")
	link := regexp.MustCompile(`/award/kma-2025/jury/dokumen/KMA25-[0-9]+`).FindString(res.Body)
	if link == "" {
		t.Fatal("no rubric link in the workspace")
	}
	res = jur.get(link)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Dampak terukur", "Komentar untuk peserta", "Catatan pribadi", "disabled")

	// English.
	en := s.client(t)
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/award/kma-2025", nil)
	req.Header.Set("Accept-Language", "en")
	res = en.do(req)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Final ranking", "Score distribution per juror", "Criteria")

	// Friendly error pages in the reader's language.
	res = pub.get("/award/tidak-ada")
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "tidak ditemukan")
	req, _ = http.NewRequest(http.MethodGet, s.URL+"/award/kma-2025/nothing-here", nil)
	req.Header.Set("Accept-Language", "en")
	res = en.do(req)
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, `lang="en"`)
	res = jur.get("/award/kma-2025/console")
	wantStatus(t, res, http.StatusForbidden)
	res = ent.get("/award/kma-2025/jury")
	wantStatus(t, res, http.StatusForbidden)
}

// awardFixture is an edition whose deadline has passed and whose
// announcement is ahead, with accounts that can sign in: an entrant of
// dinas-a, juror j1 (external) and juror j2 (of dinas-c).
type awardFixture struct {
	site                              *testSite
	secretariat                       app.Actor
	entrant, juror1, juror2, outsider *client
	comments                          []string // every sheet comment, all secret until the announcement
	scores                            []string // every normalised score as the pages would write it
}

// newAwardFixture builds the edition; with announced, the announcement time
// has passed (so published results are visible), and with publish the
// secretariat has published the results.
func newAwardFixture(t *testing.T, announced, publish bool, tweak ...func(*config.Config)) *awardFixture {
	t.Helper()
	s := newSite(t, false, tweak...)
	a := s.App
	ctx := context.Background()
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		root, err := tx.OrgByCode(km.RootOrgCode)
		if err != nil {
			return err
		}
		for _, c := range []string{"dinas-a", "dinas-b", "dinas-c"} {
			o := km.Org{Code: c, Name: "Dinas " + c, Kind: km.OrgOPD, ParentID: root.ID}
			if err := tx.CreateOrg(&o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	const pw = "rahasia-sekali"
	mk := func(email, org string, roles ...km.Role) km.User {
		u, err := a.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Password: pw, Roles: roles})
		if err != nil {
			t.Fatalf("user %s: %v", email, err)
		}
		return u
	}
	sec := mk("sekretariat@root.go.id", km.RootOrgCode, km.RoleSecretariat)
	mk("kontributor@a.go.id", "dinas-a", km.RoleContributor)
	mk("j1@univ.ac.id", km.RootOrgCode)
	mk("j2@c.go.id", "dinas-c")
	mk("orang@b.go.id", "dinas-b")
	now := time.Now().UTC()
	deadline, announcement := now.Add(-time.Hour), now.Add(240*time.Hour)
	if announced {
		deadline, announcement = now.Add(-2*time.Hour), now.Add(-time.Hour)
	}
	c := "dinas-c"
	in := app.AwardImport{
		Edition: app.ImportEdition{Code: "kma", Name: "KM Award Uji", Year: 2025, SubmissionDeadline: deadline.Format(time.RFC3339),
			AnnouncementAt: announcement.Format(time.RFC3339)},
		Criteria: []app.ImportCriterion{{Code: "dampak", Name: "Dampak", Weight: 2, Min: 1, Max: 5}, {Code: "baru", Name: "Kebaruan", Weight: 1, Min: 1, Max: 5}},
		Rounds:   []app.ImportRound{{Code: "desk", Kind: "desk", Order: 1, Advance: 3, Weight: 1}},
		Jurors: []app.ImportJuror{{Email: "j1@univ.ac.id", Name: "J1"}, {Email: "j2@c.go.id", Name: "J2", Org: &c},
			{Email: "j3@lan.go.id", Name: "J3"}},
	}
	f := &awardFixture{site: s, secretariat: app.Actor{User: &sec}}
	for i, o := range []string{"dinas-a", "dinas-b", "dinas-a", "dinas-b", "dinas-c", "dinas-a"} {
		code := fmt.Sprintf("E%d", i+1)
		in.Entries = append(in.Entries, app.ImportEntry{Code: code, Org: o, Title: "Entri " + code})
		panel := []string{"j1@univ.ac.id", "j3@lan.go.id"}
		if o != "dinas-c" {
			panel = append(panel, "j2@c.go.id")
		}
		for k, j := range panel {
			comment := fmt.Sprintf("komentar-rahasia-%s-%d", code, k)
			f.comments = append(f.comments, comment)
			in.Scores = append(in.Scores, app.ImportScore{Round: "desk", Juror: j, Entry: code,
				Criteria: map[string]float64{"dampak": float64(1 + (i+2*k)%5), "baru": float64(1 + (i*3+k)%5)}, Comment: comment})
		}
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		t.Fatal(err)
	}
	f.linkToE1(t)
	if publish {
		if err := a.PublishResults(ctx, f.secretariat, "kma"); err != nil {
			t.Fatal(err)
		}
	}
	res, err := a.AwardResults(ctx, f.secretariat, "kma", "desk", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range res.Entries {
		f.scores = append(f.scores, strings.Replace(fmt.Sprintf("%.2f", l.Score), ".", ",", 1))
	}
	login := func(email string) *client {
		c := s.client(t)
		c.login(email, pw)
		return c
	}
	f.entrant, f.juror1, f.juror2, f.outsider = login("kontributor@a.go.id"), login("j1@univ.ac.id"), login("j2@c.go.id"), login("orang@b.go.id")
	return f
}

// Names of what entry E1 links and carries, for its jurors' rubric.
const (
	e1Evidence   = "laporan-E1.pdf"
	e1Practice   = "Praktik tertaut E1"
	e1Restricted = "Praktik terbatas E1"
)

// linkToE1 gives entry E1 what an entrant would have submitted before the
// deadline: an evidence file, a public practice and a restricted one of
// dinas-a. Imported entries are frozen already, so E1 is unfrozen for the
// change and frozen again with its new snapshot.
func (f *awardFixture) linkToE1(t *testing.T) {
	t.Helper()
	a, ctx := f.site.App, context.Background()
	var ids []int64
	for title, access := range map[string]km.Access{e1Practice: km.AccessPublic, e1Restricted: km.AccessRestricted} {
		p, err := a.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: "dinas-a", Practice: km.Practice{Title: title,
			Summary: "Ringkasan", Kind: km.KindGood, Access: access, Status: km.StatusPublished}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	st, err := a.Files.Put(strings.NewReader("%PDF-1.4\n%%EOF\n"), a.MaxUpload)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store.DB().ExecContext(ctx, `UPDATE award_entries SET frozen_at = NULL WHERE code = $1`, "E1"); err != nil {
		t.Fatal(err)
	}
	err = a.Store.Write(ctx, func(tx *store.Tx) error {
		d, err := tx.AwardData("kma")
		if err != nil {
			return err
		}
		e := d.Entries[slices.IndexFunc(d.Entries, func(e award.Entry) bool { return e.Code == "E1" })]
		e.Practices = ids
		if err := tx.UpdateEntry(&e); err != nil {
			return err
		}
		ev := award.Evidence{SHA256: st.SHA256, Name: e1Evidence, MIME: st.MIME, Size: st.Size}
		if err := tx.AddEvidence(e.ID, &ev); err != nil {
			return err
		}
		e.Evidence = append(e.Evidence, ev)
		// Frozen as before snapshots were stored: no bytes, and the
		// rubric falls back to the practices as they are now.
		_, hash := e.Snapshot("kma")
		return tx.FreezeEntry(e.ID, nil, hash, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAwardRubricShowsSubmission: an assigned juror's rubric lists the
// entry's evidence files, which they may download, and its linked
// practices, a restricted one by number only; nobody else gets the files.
func TestAwardRubricShowsSubmission(t *testing.T) {
	f := newAwardFixture(t, false, false)
	res := f.juror1.get("/award/kma/jury/desk/E1")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Yang dikirim peserta", e1Evidence, e1Practice, "Anda tidak berhak membukanya")
	notBody(t, res, e1Restricted)
	wantLabels(t, res)
	link := regexp.MustCompile(`/award/kma/entries/E1/evidence/[0-9]+`).FindString(res.Body)
	practice := regexp.MustCompile(`href="(/practices/[0-9]+)"`).FindStringSubmatch(res.Body)
	if link == "" || practice == nil {
		t.Fatalf("rubric links: evidence %q, practice %v", link, practice)
	}
	file := f.juror1.get(link)
	wantStatus(t, file, http.StatusOK)
	if !strings.HasPrefix(file.Body, "%PDF") || !strings.HasPrefix(file.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("evidence download: %v %q", file.Header, file.Body)
	}
	wantBody(t, f.juror1.get(practice[1]), e1Practice)
	for name, c := range map[string]*client{"outsider": f.outsider, "public": f.site.client(t)} {
		if res := c.get(link); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s downloads E1's evidence: status %d, want 404", name, res.StatusCode)
		}
	}
	// Another entry's rubric says it has none.
	res = f.juror1.get("/award/kma/jury/desk/E2")
	wantBody(t, res, "Belum ada berkas bukti", "tidak menautkan praktik")
	notBody(t, res, e1Evidence)
	req, _ := http.NewRequest(http.MethodGet, f.site.URL+"/award/kma/jury/desk/E1", nil)
	req.Header.Set("Accept-Language", "en")
	res = f.juror1.do(req)
	wantBody(t, res, "What the entrant submitted", "you may not open it")
}

// TestAwardPagesDoNotLeak requests every page and API answer an entrant, a
// juror, another signed-in person or the public can reach before the
// announcement, and checks that none carries a score, a rank, a shortlist
// or another juror's comment.
func TestAwardPagesDoNotLeak(t *testing.T) {
	f := newAwardFixture(t, false, true) // published, but the announcement is ahead
	pub := f.site.client(t)
	pages := []string{
		"/award", "/award/kma", "/award/kma?round=desk", "/award/kma?method=raw", "/award/kma/entries", "/award/kma/jury",
		"/award/kma/jury/desk/E1", "/award/kma/jury/desk/E2", "/award/kma/console", "/award/verify?code=x",
		"/api/v1/award/editions", "/api/v1/award/editions/kma", "/api/v1/award/editions/kma/results",
		"/api/v1/award/editions/kma/results?round=desk", "/api/v1/award/editions/kma/my-entries", "/api/v1/award/editions/kma/workspace",
	}
	// The links a juror's rubric gives (evidence files, linked practices),
	// for everyone to try.
	rubric := f.juror1.get("/award/kma/jury/desk/E1")
	links := regexp.MustCompile(`/award/kma/entries/E1/evidence/[0-9]+|/practices/[0-9]+`).FindAllString(rubric.Body, -1)
	if len(links) < 2 {
		t.Fatalf("the rubric of E1 links %v, want its evidence and practice", links)
	}
	pages = append(pages, links...)
	who := map[string]*client{"public": pub, "entrant": f.entrant, "juror1": f.juror1, "juror2": f.juror2, "outsider": f.outsider}
	for name, c := range who {
		for _, p := range pages {
			res := c.get(p)
			if res.StatusCode >= 500 {
				t.Errorf("%s %s: status %d", name, p, res.StatusCode)
			}
			body := res.Body
			for _, s := range f.scores {
				if strings.Contains(body, s) || strings.Contains(body, strings.Replace(s, ",", ".", 1)) {
					t.Errorf("%s %s: shows score %s before the announcement", name, p, s)
				}
			}
			for _, cm := range f.comments {
				// A juror sees the comments of their own sheets only.
				own := name == "juror1" && strings.HasSuffix(cm, "-0") || name == "juror2" && strings.HasSuffix(cm, "-2")
				if strings.Contains(body, cm) && !own {
					t.Errorf("%s %s: shows comment %q before the announcement", name, p, cm)
				}
			}
			for _, marker := range []string{"Peringkat akhir", `class="winner"`, "Lolos</span>", "<svg class=\"award-chart\"", `"rank"`, `"advancing"`} {
				if strings.Contains(body, marker) {
					t.Errorf("%s %s: holds %q before the announcement", name, p, marker)
				}
			}
		}
	}
	// A juror's rubric holds their own comment only.
	res := f.juror1.get("/award/kma/jury/desk/E1")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "komentar-rahasia-E1-0")
	notBody(t, res, "komentar-rahasia-E1-1", "komentar-rahasia-E1-2")
	// The edition page says the results are embargoed.
	res = f.entrant.get("/award/kma")
	wantBody(t, res, "dirahasiakan sampai hasil diterbitkan")
	res = f.entrant.get("/award/kma/console")
	wantStatus(t, res, http.StatusForbidden)
}

// TestAwardConflictRefusedInPage: a juror scoring an entry of their own
// agency's sees the 403 message in the page, and nothing is stored.
func TestAwardConflictRefusedInPage(t *testing.T) {
	f := newAwardFixture(t, false, false)
	ctx := context.Background()
	count := func() int {
		d, err := f.site.App.Store.AwardData(ctx, "kma")
		if err != nil {
			t.Fatal(err)
		}
		return len(d.Sheets) + len(d.Assignments)
	}
	before := count()
	res := f.juror2.post("/award/kma/jury/desk/E5", url.Values{"c.dampak": {"5"}, "c.baru": {"5"}, "comment": {"bagus"}, "action": {"submit"}})
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, res, "konflik kepentingan", "Entri E5")
	if after := count(); after != before {
		t.Errorf("sheets+assignments went from %d to %d after a refused score", before, after)
	}
	// Without an assignment the rubric is not found, conflict or not.
	wantStatus(t, f.juror2.get("/award/kma/jury/desk/E5"), http.StatusNotFound)
}

// TestAwardConsoleActions runs the secretariat's forms while judging: a
// field error, a refused conflicted assignment, a screening; then the steps
// to published and final results (certificates come with the final), after
// which every control that would move the ranking is refused.
func TestAwardConsoleActions(t *testing.T) {
	f := newAwardFixture(t, true, false) // judging, the announcement date passed
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	res := sec.get("/award/kma/console/results")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, f.scores[0], "Rahasia")

	res = sec.post("/award/kma/console/assign", url.Values{"round": {"desk"}, "juror": {"j2@c.go.id"}, "entry": {"E5"}})
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, res, "konflik kepentingan")

	res = sec.post("/award/kma/console/screen", url.Values{"entry": {"E2"}, "outcome": {"fail"}, "reason": {""}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "reason")
	res = sec.post("/award/kma/console/screen", url.Values{"entry": {"E2"}, "outcome": {"fail"}, "reason": {"Dokumen tidak lengkap"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = f.outsider.get("/award/kma/entries")
	wantBody(t, res, "Anda tidak mewakili entri")

	res = sec.post("/award/kma/console/auto-assign", url.Values{"round": {"desk"}, "n": {"x"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)

	res = sec.post("/award/kma/console/certificates", nil)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "belum diterbitkan dan diumumkan")

	// An entrant cannot run the console's actions.
	res = f.entrant.post("/award/kma/console/publish", nil)
	wantStatus(t, res, http.StatusForbidden)

	res = sec.post("/award/kma/console/publish", nil)
	wantStatus(t, res, http.StatusSeeOther)
	// Published: screening and assignments no longer move anything.
	res = sec.post("/award/kma/console/screen", url.Values{"entry": {"E1"}, "outcome": {"fail"}, "reason": {"Terlambat"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "sudah diterbitkan")

	res = sec.post("/award/kma/console/finalise", nil)
	wantStatus(t, res, http.StatusSeeOther)
	res = sec.get("/award/kma/console")
	wantBody(t, res, "Hasil final")
	for _, step := range []struct {
		action string
		form   url.Values
	}{
		{"screen", url.Values{"entry": {"E1"}, "outcome": {"fail"}, "reason": {"Terlambat"}}},
		{"assign", url.Values{"round": {"desk"}, "juror": {"j1@univ.ac.id"}, "entry": {"E5"}}},
		{"reopen", url.Values{"round": {"desk"}, "juror": {"j1@univ.ac.id"}, "entry": {"E1"}}},
		{"shortlist", url.Values{"round": {"desk"}}},
		{"publish", nil},
	} {
		res = sec.post("/award/kma/console/"+step.action, step.form)
		wantStatus(t, res, http.StatusConflict)
		wantBody(t, res, "Hasil sudah final")
	}
	res = f.juror1.post("/award/kma/jury/conflict", url.Values{"entry": {"E1"}, "reason": {"Kerabat"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("a conflict declared after the final: status %d, want 409", res.StatusCode)
	}
}

// TestAwardScoringFlow: a juror saves a draft with a field error, then a
// draft, then submits; the sheet becomes read-only.
func TestAwardScoringFlow(t *testing.T) {
	f := newAwardFixture(t, false, false)
	res := f.juror1.get("/award/kma/jury")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "/award/kma/jury/desk/E1", "Terkirim")
	// Reopen E1 for j1 through the console, so it can be scored here.
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	res = sec.post("/award/kma/console/reopen", url.Values{"round": {"desk"}, "juror": {"j1@univ.ac.id"}, "entry": {"E1"}})
	wantStatus(t, res, http.StatusSeeOther)

	res = f.juror1.get("/award/kma/jury/desk/E1")
	wantStatus(t, res, http.StatusOK)
	wantLabels(t, res)
	wantBody(t, res, "Simpan draf", "Kirim nilai")
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"9"}, "c.baru": {"abc"}, "action": {"draft"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "di luar skala", "bukan angka yang valid", `value="abc"`)
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"4"}, "comment": {"baik"}, "note": {"catatan"}, "action": {"draft"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"4"}, "action": {"submit"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "nilai kriteria ini wajib diisi")
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"4"}, "c.baru": {"3,5"}, "comment": {"baik"}, "action": {"submit"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = f.juror1.get("/award/kma/jury/desk/E1")
	wantBody(t, res, "sudah dikirim", "disabled", `value="3,5"`)
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"5"}, "c.baru": {"5"}, "action": {"submit"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "minta sekretariat membukanya kembali")
}

// TestAwardObjectionsAndCertificates: after the announcement an entrant
// sees its scores and files an objection; the secretariat answers and
// finalises, which issues the certificates; the entrant downloads its own.
func TestAwardObjectionsAndCertificates(t *testing.T) {
	f := newAwardFixture(t, true, true)
	ctx := context.Background()
	// Three winners, and participation certificates for everyone else.
	err := f.site.App.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.Winners = 3
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	res := sec.post("/award/kma/console/settings", url.Values{"description": {"Edisi uji."}, "participant_certificates": {"1"}})
	wantStatus(t, res, http.StatusSeeOther)

	res = f.entrant.get("/award/kma/entries")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Nilai per kriteria", "komentar-rahasia-E1-0", "Ajukan sanggahan")
	wantLabels(t, res)
	res = f.entrant.post("/award/kma/entries/E1/objections", url.Values{"body": {"  "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "wajib diisi")
	res = f.entrant.post("/award/kma/entries/E1/objections", url.Values{"body": {"Nilai dampak kami terlalu rendah."}})
	wantStatus(t, res, http.StatusSeeOther)
	// Another agency's entry is not the entrant's to object to.
	res = f.entrant.post("/award/kma/entries/E2/objections", url.Values{"body": {"x"}})
	wantStatus(t, res, http.StatusNotFound)

	res = sec.post("/award/kma/console/finalise", nil)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "belum dijawab")
	d, err := f.site.App.Store.AwardData(ctx, "kma")
	if err != nil || len(d.Objections) != 1 {
		t.Fatalf("objections: %v, %v", d, err)
	}
	res = sec.post(fmt.Sprintf("/award/kma/console/objections/%d", d.Objections[0].ID), url.Values{"answer": {"Nilai sudah diperiksa ulang."}})
	wantStatus(t, res, http.StatusSeeOther)
	res = sec.post("/award/kma/console/finalise", nil)
	wantStatus(t, res, http.StatusSeeOther)

	res = f.entrant.get("/award/kma/entries")
	wantBody(t, res, "Nilai sudah diperiksa ulang.", "/award/certificates/KMA-")
	notBody(t, res, "Ajukan sanggahan")
	code := regexp.MustCompile(`/award/certificates/(KMA-[A-Z0-9-]+)`).FindStringSubmatch(res.Body)[1]
	pdf := f.entrant.get("/award/certificates/" + code)
	wantStatus(t, pdf, http.StatusOK)
	if !strings.HasPrefix(pdf.Body, "%PDF") {
		t.Error("certificate is not a PDF")
	}
	// Another agency may download a final winner's certificate, not a
	// participation certificate.
	cert, err := f.site.App.Store.CertificateByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	outsiderWant := http.StatusNotFound
	if cert.Kind == store.CertificateWinner {
		outsiderWant = http.StatusOK
	}
	wantStatus(t, f.outsider.get("/award/certificates/"+code), outsiderWant)
	res = f.site.client(t).get("/award/verify/" + code)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Dinas dinas-a", "KM Award Uji")
	res = f.site.client(t).get("/award/kma")
	wantBody(t, res, "Edisi uji.", "Pemenang", "Hasil final")

	// The same through the API.
	res = f.site.client(t).get("/api/v1/award/verify/" + strings.ToLower(code))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"code":"`+code+`"`, `"org":"dinas-a"`)
	wantStatus(t, f.site.client(t).get("/api/v1/award/verify/KMA-NOPE"), http.StatusNotFound)
	res = f.entrant.get("/api/v1/award/editions/kma/certificates")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, code)
	notBody(t, res, `"org":"dinas-b"`)
	res = f.entrant.get("/api/v1/award/certificates/" + code)
	wantStatus(t, res, http.StatusOK)
	if !strings.HasPrefix(res.Body, "%PDF") {
		t.Error("API certificate is not a PDF")
	}
	wantStatus(t, f.outsider.get("/api/v1/award/certificates/"+code), outsiderWant)
}
