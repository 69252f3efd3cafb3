package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// setupSite is an empty site with two agencies, a secretariat, a
// contributor of dinas-a and one of dinas-b, all able to sign in, and a
// published practice of each agency.
type setupSite struct {
	*testSite
	sec, entA, entB *client
	practiceA       int64
	practiceB       int64
}

const setupPassword = "rahasia-sekali"

func newSetupSite(t *testing.T) *setupSite {
	t.Helper()
	s := newSite(t, false)
	ctx := context.Background()
	for _, c := range []string{"dinas-a", "dinas-b"} {
		if _, err := s.App.CreateOrg(ctx, app.System, app.NewOrg{Code: c, Name: "Dinas " + c, Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
			t.Fatal(err)
		}
	}
	login := func(email, org string, role km.Role) *client {
		if _, err := s.App.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Password: setupPassword, Roles: []km.Role{role}}); err != nil {
			t.Fatal(err)
		}
		c := s.client(t)
		c.login(email, setupPassword)
		return c
	}
	ss := &setupSite{testSite: s, sec: login("sekretariat@root.go.id", km.RootOrgCode, km.RoleSecretariat),
		entA: login("kontributor@a.go.id", "dinas-a", km.RoleContributor), entB: login("kontributor@b.go.id", "dinas-b", km.RoleContributor)}
	practice := func(org string) int64 {
		p, err := s.App.CreatePractice(ctx, app.System, app.PracticeInput{OrgCode: org, Practice: km.Practice{Title: "Praktik terbit " + org,
			Summary: "Ringkasan", Kind: km.KindGood, Access: km.AccessPublic, Status: km.StatusPublished}})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	ss.practiceA, ss.practiceB = practice("dinas-a"), practice("dinas-b")
	return ss
}

func inWIB(d time.Duration) string {
	return time.Now().Add(d).In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02T15:04")
}

func (c *client) postLang(path, lang string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	return c.do(req)
}

// TestAwardSetupPages: the secretariat creates an edition and sets it up
// through the pages; bad input comes back as 422 with the fields marked,
// and after the call a weight change is a 409 that writes nothing.
func TestAwardSetupPages(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	res := s.sec.get("/award")
	wantBody(t, res, `href="/award/new"`)
	notBody(t, s.entA.get("/award"), `href="/award/new"`)
	wantStatus(t, s.entA.get("/award/new"), http.StatusForbidden)

	res = s.sec.get("/award/new")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Edisi baru", `type="datetime-local"`, "WIB")
	wantLabels(t, res)
	res = s.sec.post("/award/new", url.Values{"code": {"a b"}, "name": {""}, "year": {"dua ribu"}, "submission_deadline": {inWIB(48 * time.Hour)},
		"announcement_at": {inWIB(time.Hour)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "bukan angka yang valid", `value="a b"`)
	res = s.sec.post("/award/new", url.Values{"code": {"a b"}, "name": {""}, "year": {"2026"}, "submission_deadline": {inWIB(48 * time.Hour)},
		"announcement_at": {inWIB(time.Hour)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "wajib diisi", "waktu pengumuman harus setelah batas pengiriman", "kode hanya boleh")
	if eds, _ := s.App.Store.Editions(ctx); len(eds) != 0 {
		t.Fatalf("refused forms wrote %d editions", len(eds))
	}
	res = s.sec.post("/award/new", url.Values{"code": {"kma"}, "name": {"KM Award 2026"}, "year": {"2026"}, "organiser": {km.RootOrgCode},
		"registration_opens": {inWIB(-time.Hour)}, "submission_deadline": {inWIB(48 * time.Hour)}, "announcement_at": {inWIB(480 * time.Hour)},
		"winners": {"3"}, "method": {"zscore"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/award/kma/setup" {
		t.Fatalf("created edition: redirected to %q", loc)
	}

	res = s.sec.get("/award/kma/setup")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Pengaturan edisi", "KM Award 2026", "Umumkan lomba")
	wantLabels(t, res)
	wantBody(t, s.sec.get("/award/kma/console"), `href="/award/kma/setup"`)
	for _, step := range []struct {
		action string
		form   url.Values
		want   int
		body   []string
	}{
		{"call", nil, http.StatusConflict, []string{"minimal satu kriteria dan satu tahap"}},
		{"category", url.Values{"orig": {""}, "code": {"pd"}, "name": {"Perangkat Daerah"}}, http.StatusSeeOther, nil},
		{"criterion", url.Values{"orig": {""}, "code": {"dampak"}, "name": {"Dampak"}, "weight": {"2"}, "min": {"1"}, "max": {"5"},
			"anchors": {"1 Belum ada"}}, http.StatusUnprocessableEntity, []string{"satu tingkat per baris", "1 Belum ada"}},
		{"criterion", url.Values{"orig": {""}, "code": {"dampak"}, "name": {"Dampak"}, "weight": {"2,5"}, "min": {"1"}, "max": {"5"},
			"anchors": {"1: Belum ada\n5: Dampak terukur"}}, http.StatusSeeOther, nil},
		{"round", url.Values{"orig": {""}, "code": {"desk"}, "name": {"Penilaian dokumen"}, "kind": {"undian"}, "order": {"1"}, "advance": {"x"}, "weight": {"1"}},
			http.StatusUnprocessableEntity, []string{"bukan angka yang valid"}},
		{"round", url.Values{"orig": {""}, "code": {"desk"}, "name": {"Penilaian dokumen"}, "kind": {"desk"}, "order": {"1"}, "advance": {"3"}, "weight": {"1"}},
			http.StatusSeeOther, nil},
		{"juror", url.Values{"orig": {""}, "email": {"akademisi@univ.ac.id"}, "name": {"Akademisi"}, "org": {""}}, http.StatusOK,
			[]string{"/undangan/", "hanya ditampilkan sekali"}}, // a new account: its invitation, shown once
		{"juror", url.Values{"orig": {""}, "email": {"bukan surel"}, "org": {""}}, http.StatusUnprocessableEntity, []string{"alamat surel tidak valid"}},
		{"call", nil, http.StatusSeeOther, nil},
	} {
		res := s.sec.post("/award/kma/setup/"+step.action, step.form)
		wantStatus(t, res, step.want)
		wantBody(t, res, step.body...)
	}
	res = s.sec.get("/award/kma/setup")
	wantBody(t, res, "Dampak terukur", "2,5", "akademisi@univ.ac.id", "Lomba diumumkan pada", "readonly")

	// The weight is locked now: a clear 409, in Indonesian and in English.
	heavier := url.Values{"orig": {"dampak"}, "code": {"dampak"}, "name": {"Dampak"}, "weight": {"4"}, "min": {"1"}, "max": {"5"}, "anchors": {""}}
	res = s.sec.post("/award/kma/setup/criterion", heavier)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "bobot dan skalanya terkunci", `value="4"`)
	res = s.sec.postLang("/award/kma/setup/criterion", "en", heavier)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "weights and scales are locked")
	d, err := s.App.Store.AwardData(ctx, "kma")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Criteria) != 1 || d.Criteria[0].Weight != 2.5 || d.Criteria[0].Anchors["5"] != "Dampak terukur" {
		t.Errorf("criteria after a refused change: %+v", d.Criteria)
	}
	// Unknown items and other people.
	wantStatus(t, s.sec.post("/award/kma/setup/round-delete", url.Values{"orig": {"tidak-ada"}}), http.StatusUnprocessableEntity)
	wantStatus(t, s.sec.post("/award/kma/setup/nothing", nil), http.StatusNotFound)
	wantStatus(t, s.entA.get("/award/kma/setup"), http.StatusForbidden)
	wantStatus(t, s.entA.post("/award/kma/setup/category", url.Values{"code": {"x"}, "name": {"X"}}), http.StatusForbidden)
	if d2, _ := s.App.Store.AwardData(ctx, "kma"); len(d2.Categories) != 1 {
		t.Errorf("an entrant's set-up form wrote a category")
	}
}

// multipartPost sends one file as the multipart field "file".
func (c *client) multipartPost(path, name string, content []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// TestAwardEntrantPages: an agency registers an entry, uploads evidence
// and changes it through the pages; after the deadline nothing changes.
func TestAwardEntrantPages(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	sec := app.Actor{User: ptrUser(s.user(t, "sekretariat@root.go.id"))}
	now := time.Now()
	if _, err := s.App.CreateEdition(ctx, sec, app.EditionInput{Code: "kma", Name: "KM Award 2026", Year: 2026, RegistrationOpens: inWIB(-time.Hour),
		SubmissionDeadline: inWIB(48 * time.Hour), AnnouncementAt: inWIB(480 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.SaveCategory(ctx, sec, "kma", "", app.CategoryInput{Code: "pd", Name: "Perangkat Daerah"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.SaveCriterion(ctx, sec, "kma", "", app.CriterionInput{Code: "dampak", Name: "Dampak", Weight: 1, Min: 1, Max: 5}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.SaveRound(ctx, sec, "kma", "", app.RoundInput{Code: "desk", Name: "Desk", Kind: "desk", Order: 1, Weight: 1}); err != nil {
		t.Fatal(err)
	}
	// Before the call, no registration link.
	notBody(t, s.entA.get("/award/kma"), "/award/kma/entries#register")
	if err := s.App.PublishCall(ctx, sec, "kma"); err != nil {
		t.Fatal(err)
	}
	wantBody(t, s.entA.get("/award/kma"), "/award/kma/entries#register")

	res := s.entA.get("/award/kma/entries")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Daftarkan entri", "Praktik terbit dinas-a", "Perangkat Daerah")
	notBody(t, res, "Praktik terbit dinas-b")
	wantLabels(t, res)
	form := url.Values{"org": {"dinas-a"}, "category": {"pd"}, "title": {"Pasar nontunai"}, "summary": {"QRIS di semua pasar"},
		"practices": {fmt.Sprint(s.practiceB)}}
	res = s.entA.post("/award/kma/entries", form)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "hanya praktik yang sudah terbit dan milik OPD ini", `value="Pasar nontunai"`)
	res = s.entA.post("/award/kma/entries", url.Values{"org": {"dinas-a"}, "category": {"pd"}, "practices": {fmt.Sprint(s.practiceA)}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "wajib diisi")
	res = s.entB.post("/award/kma/entries", url.Values{"org": {"dinas-a"}, "category": {"pd"}, "title": {"x"}, "summary": {"y"},
		"practices": {fmt.Sprint(s.practiceA)}})
	wantStatus(t, res, http.StatusForbidden)
	if d, _ := s.App.Store.AwardData(ctx, "kma"); len(d.Entries) != 0 {
		t.Fatalf("refused registrations wrote %d entries", len(d.Entries))
	}
	form.Set("practices", fmt.Sprint(s.practiceA))
	res = s.entA.post("/award/kma/entries", form)
	wantStatus(t, res, http.StatusSeeOther)

	// Evidence: a PDF is kept, a text file refused with a message.
	res = s.entA.multipartPost("/award/kma/entries/KMA26-01/evidence", "laporan.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	wantStatus(t, res, http.StatusSeeOther)
	res = s.entA.multipartPost("/award/kma/entries/KMA26-01/evidence", "catatan.pdf", []byte("hanya teks"))
	wantStatus(t, res, http.StatusUnsupportedMediaType)
	// No file, a file too large, a form that cannot be read: a 4xx that says so.
	res = s.entA.post("/award/kma/entries/KMA26-01/evidence", url.Values{"file": {"bukan berkas"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	res = s.entA.multipartPost("/award/kma/entries/KMA26-01/evidence", "besar.pdf", append([]byte("%PDF-1.4\n"), make([]byte, s.App.MaxUpload+2<<20)...))
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/award/kma/entries/KMA26-01", strings.NewReader("title=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res = s.entA.do(req)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "tidak dapat dibaca")
	res = s.entA.get("/award/kma/entries")
	wantBody(t, res, "Pasar nontunai", "laporan.pdf", "Unggah berkas bukti", "Ubah entri")
	wantLabels(t, res)
	link := regexp.MustCompile(`/award/kma/entries/KMA26-01/evidence/[0-9]+`).FindString(res.Body)
	if link == "" {
		t.Fatal("no evidence link on the entrant page")
	}
	file := s.entA.get(link)
	wantStatus(t, file, http.StatusOK)
	if file.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(file.Body, "%PDF") {
		t.Errorf("evidence download: %v %q", file.Header, file.Body)
	}
	wantStatus(t, s.entB.get(link), http.StatusNotFound)
	wantStatus(t, s.client(t).get(link), http.StatusNotFound)

	// A change, then a stale one.
	d, _ := s.App.Store.AwardData(ctx, "kma")
	edit := url.Values{"category": {"pd"}, "title": {"Pasar tanpa uang tunai"}, "summary": {"QRIS"}, "practices": {fmt.Sprint(s.practiceA)},
		"version": {fmt.Sprint(d.Entries[0].Version)}}
	wantStatus(t, s.entA.post("/award/kma/entries/KMA26-01", edit), http.StatusSeeOther)
	wantStatus(t, s.entA.post("/award/kma/entries/KMA26-01", edit), http.StatusConflict)

	// The deadline passes: the entry is frozen with its evidence, and the
	// forms are gone or refused.
	err := s.App.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.SubmissionDeadline = now.Add(-time.Second)
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
	edit.Set("version", fmt.Sprint(d.Entries[0].Version+1))
	res = s.entA.post("/award/kma/entries/KMA26-01", edit)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "entri dibekukan")
	res = s.entA.multipartPost("/award/kma/entries/KMA26-01/evidence", "lagi.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	wantStatus(t, res, http.StatusConflict)
	// A refused write does not keep its freeze (it rolls back); the
	// server's background job freezes the edition.
	if n, err := s.App.FreezeDue(ctx); n != 1 || err != nil {
		t.Fatalf("FreezeDue = %d, %v", n, err)
	}
	res = s.entA.get("/award/kma/entries")
	notBody(t, res, "Unggah berkas bukti", "Ubah entri", "Daftarkan entri")
	d, _ = s.App.Store.AwardData(ctx, "kma")
	wantBody(t, res, d.Entries[0].SnapshotHash, "/award/kma/entries/KMA26-01/snapshot", "Unduh cuplikan")
	// The entrant downloads the snapshot: its SHA-256 is the hash shown,
	// and it holds the evidence's hash and the linked practice's content.
	snap := s.entA.get("/award/kma/entries/KMA26-01/snapshot")
	wantStatus(t, snap, http.StatusOK)
	if sum := sha256.Sum256([]byte(snap.Body)); hex.EncodeToString(sum[:]) != d.Entries[0].SnapshotHash || len(d.Entries[0].Evidence) != 1 {
		t.Errorf("downloaded snapshot hashes to %x, the page shows %s", sum, d.Entries[0].SnapshotHash)
	}
	if !strings.Contains(snap.Body, d.Entries[0].Evidence[0].SHA256) || !strings.Contains(snap.Body, `"practice_content":[{`) ||
		!strings.HasPrefix(snap.Header.Get("Content-Disposition"), "attachment") || snap.Header.Get("Content-Type") != "application/json" {
		t.Errorf("snapshot download: %v %s", snap.Header, snap.Body)
	}
	// Nobody else gets it: another agency, the public (sent to sign in).
	wantStatus(t, s.entB.get("/award/kma/entries/KMA26-01/snapshot"), http.StatusNotFound)
	wantStatus(t, s.client(t).get("/award/kma/entries/KMA26-01/snapshot"), http.StatusSeeOther)
}

func ptrUser(u km.User) *km.User { return &u }

// TestAwardDraftHidden: an edition whose call is not published is the
// secretariat's draft. Nobody else finds it, in pages or the API: not in
// the list, not at its address or any page under it (404).
func TestAwardDraftHidden(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	sec := app.Actor{User: ptrUser(s.user(t, "sekretariat@root.go.id"))}
	if _, err := s.App.CreateEdition(ctx, sec, app.EditionInput{Code: "draf-rahasia", Name: "Edisi Draf Rahasia", Year: 2026,
		RegistrationOpens: inWIB(-time.Hour), SubmissionDeadline: inWIB(48 * time.Hour), AnnouncementAt: inWIB(480 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// A juror on its jury is no exception.
	if _, err := s.App.SaveJuror(ctx, sec, "draf-rahasia", app.JurorInput{Email: "kontributor@b.go.id"}); err != nil {
		t.Fatal(err)
	}
	res := s.sec.get("/award")
	wantBody(t, res, "Edisi Draf Rahasia", "Draf (belum diumumkan)")
	wantStatus(t, s.sec.get("/award/draf-rahasia"), http.StatusOK)
	wantStatus(t, s.sec.get("/award/draf-rahasia/setup"), http.StatusOK)
	wantBody(t, s.sec.get("/api/v1/award/editions"), "draf-rahasia")

	pages := []string{"/award/draf-rahasia", "/award/draf-rahasia/entries", "/award/draf-rahasia/jury", "/award/draf-rahasia/console",
		"/award/draf-rahasia/setup", "/api/v1/award/editions/draf-rahasia", "/api/v1/award/editions/draf-rahasia/my-entries",
		"/api/v1/award/editions/draf-rahasia/workspace", "/api/v1/award/editions/draf-rahasia/results"}
	for name, c := range map[string]*client{"entrant": s.entA, "juror": s.entB, "public": s.client(t)} {
		for _, list := range []string{"/award", "/api/v1/award/editions"} {
			res := c.get(list)
			wantStatus(t, res, http.StatusOK)
			notBody(t, res, "draf-rahasia", "Edisi Draf Rahasia")
		}
		for _, p := range pages {
			res := c.get(p)
			if name == "public" && res.StatusCode == http.StatusSeeOther {
				continue // sign in first: says nothing about the edition
			}
			if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s GET %s: status %d, want 404", name, p, res.StatusCode)
			}
			notBody(t, res, "Edisi Draf Rahasia")
		}
		res := c.post("/award/draf-rahasia/entries", url.Values{"org": {"dinas-a"}, "title": {"x"}, "summary": {"y"},
			"practices": {fmt.Sprint(s.practiceA)}})
		if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusForbidden {
			t.Errorf("%s registers in a draft: status %d, want 404", name, res.StatusCode)
		}
	}
	res = s.entA.post("/award/draf-rahasia/entries", url.Values{"org": {"dinas-a"}, "title": {"x"}, "summary": {"y"},
		"practices": {fmt.Sprint(s.practiceA)}})
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "tidak ditemukan")
}
