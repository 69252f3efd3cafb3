package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/store"
)

// refreezeE1 freezes entry E1 (which linkToE1 froze the old way, without
// the snapshot's bytes) as the deadline does now: with its linked
// practices' content in the stored snapshot. It returns the restricted
// practice's id.
func (f *awardFixture) refreezeE1(t *testing.T) int64 {
	t.Helper()
	a, ctx := f.site.App, context.Background()
	if _, err := a.Store.DB().ExecContext(ctx, `UPDATE award_entries SET frozen_at = NULL, snapshot_hash = '' WHERE code = $1`, "E1"); err != nil {
		t.Fatal(err)
	}
	if n, err := a.FreezeEdition(ctx, f.secretariat, "kma"); n != 1 || err != nil {
		t.Fatalf("FreezeEdition = %d, %v", n, err)
	}
	var id int64
	if err := a.Store.DB().QueryRowContext(ctx, `SELECT id FROM practices WHERE title = $1`, e1Restricted).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestAwardRubricShowsFrozenPractices: the juror of an entry reads its
// linked practices as frozen with it, a restricted one included, without
// any right to the practice itself, and not as changed since.
func TestAwardRubricShowsFrozenPractices(t *testing.T) {
	f := newAwardFixture(t, false, false)
	if _, err := f.site.App.Store.DB().ExecContext(context.Background(), `UPDATE practices SET body = $1 WHERE title = $2`, "**Isi terbatas** saat beku", e1Restricted); err != nil {
		t.Fatal(err)
	}
	restricted := f.refreezeE1(t)
	if _, err := f.site.App.Store.DB().ExecContext(context.Background(), `UPDATE practices SET title = $1 WHERE id = $2`, "Judul sesudah beku", restricted); err != nil {
		t.Fatal(err)
	}
	res := f.juror1.get("/award/kma/jury/desk/E1")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Isi praktik seperti saat entri dibekukan", e1Practice, e1Restricted, "Ringkasan", e1Evidence,
		"/award/kma/entries/E1/snapshot", "Isi lengkap", "<strong>Isi terbatas</strong> saat beku")
	notBody(t, res, "Judul sesudah beku", "Anda tidak berhak membukanya")
	wantLabels(t, res)
	// No general right to the practice.
	wantStatus(t, f.juror1.get(fmt.Sprintf("/practices/%d", restricted)), http.StatusNotFound)
	// The juror downloads the snapshot the rubric was read from.
	snap := f.juror1.get("/award/kma/entries/E1/snapshot")
	wantStatus(t, snap, http.StatusOK)
	if !strings.Contains(snap.Body, e1Restricted) {
		t.Errorf("snapshot lacks the restricted practice: %s", snap.Body)
	}
	// Not a juror of another panel, nor a conflicted one, nor the public.
	for name, c := range map[string]*client{"outsider": f.outsider, "public": f.site.client(t)} {
		if res := c.get("/award/kma/entries/E1/snapshot"); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s downloads E1's snapshot: status %d", name, res.StatusCode)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, f.site.URL+"/award/kma/jury/desk/E1", nil)
	req.Header.Set("Accept-Language", "en")
	wantBody(t, f.juror1.do(req), "as frozen with the entry", "Full content")
}

// TestAwardSnapshotsVerifiable: once the results are announced the public
// results page shows each entry's snapshot hash, and anyone may upload a
// copy of a snapshot to check it; before, that page is the secretariat's.
func TestAwardSnapshotsVerifiable(t *testing.T) {
	f := newAwardFixture(t, false, false)
	f.refreezeE1(t)
	if err := f.site.App.PublishResults(context.Background(), f.secretariat, "kma"); err != nil { // announcement ahead
		t.Fatal(err)
	}
	pub := f.site.client(t)
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	for name, c := range map[string]*client{"public": pub, "entrant": f.entrant, "juror": f.juror1} {
		for _, p := range []string{"/award/kma/snapshots", "/api/v1/award/editions/kma/snapshots"} {
			if res := c.get(p); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s %s before the announcement: status %d, want 404", name, p, res.StatusCode)
			}
		}
	}
	res := sec.get("/award/kma/snapshots")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Verifikasi cuplikan entri", `id="snap-E1"`)
	wantStatus(t, sec.get("/award/kma/console"), http.StatusOK)
	wantBody(t, sec.get("/award/kma/console"), "/award/kma/snapshots")

	// The announcement comes.
	err := f.site.App.Store.Write(context.Background(), announceNowTx)
	if err != nil {
		t.Fatal(err)
	}
	snap := f.entrant.get("/award/kma/entries/E1/snapshot")
	wantStatus(t, snap, http.StatusOK)
	sum := sha256.Sum256([]byte(snap.Body))
	hash := hex.EncodeToString(sum[:])
	res = pub.get("/award/kma")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, hash[:12], "/award/kma/snapshots#snap-E1", "Periksa sidik cuplikan setiap entri")
	res = pub.get("/award/kma/snapshots")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, hash)
	wantLabels(t, res)
	// The true copy matches; a changed one does not, and says so.
	res = pub.multipartPost("/award/kma/snapshots", "cuplikan-e1.json", []byte(snap.Body))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Cocok", "entri E1", hash)
	changed := strings.Replace(snap.Body, e1Restricted, "Praktik diubah", 1)
	res = pub.multipartPost("/award/kma/snapshots", "cuplikan-e1.json", []byte(changed))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Tidak cocok", "menyebut dirinya entri E1")
	// No file: a 422 in the reader's language, never a 500.
	res = pub.post("/award/kma/snapshots", url.Values{"x": {"y"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	// The same through the API.
	res = pub.get("/api/v1/award/editions/kma/snapshots")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"entry":"E1"`, `"sha256":"`+hash+`"`)
	req, _ := http.NewRequest(http.MethodPost, f.site.URL+"/api/v1/award/editions/kma/snapshots/verify", strings.NewReader(snap.Body))
	req.Header.Set("Content-Type", "application/json")
	res = pub.do(req)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `"entry":"E1"`, `"claimed":"E1"`)
	res = f.entrant.get("/api/v1/award/editions/kma/entries/E1/snapshot")
	wantStatus(t, res, http.StatusOK)
	if res.Body != snap.Body {
		t.Errorf("API snapshot differs from the page's download")
	}
	wantStatus(t, f.outsider.get("/api/v1/award/editions/kma/entries/E1/snapshot"), http.StatusNotFound)
	wantStatus(t, pub.get("/award/tidak-ada/snapshots"), http.StatusNotFound)
}

// announceNowTx moves edition kma's announcement into the past.
func announceNowTx(tx *store.Tx) error {
	ed, err := tx.EditionByCode("kma")
	if err != nil {
		return err
	}
	ed.AnnouncementAt, ed.ObjectionUntil = time.Now().Add(-time.Second), time.Now().Add(time.Hour)
	return tx.UpdateEditionSchedule(&ed)
}

// TestAwardPrivateNotes: a juror's private note is the secretariat's to
// read in the console, never the entrant's, other jurors' or the
// public's, not even after the announcement.
func TestAwardPrivateNotes(t *testing.T) {
	f := newAwardFixture(t, true, false) // announced time passed, not published yet
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	// Only the secretariat reopens a submitted sheet.
	res := f.juror1.post("/award/kma/console/reopen", url.Values{"round": {"desk"}, "juror": {"j1@univ.ac.id"}, "entry": {"E1"}})
	wantStatus(t, res, http.StatusForbidden)
	res = sec.post("/award/kma/console/reopen", url.Values{"round": {"desk"}, "juror": {"j1@univ.ac.id"}, "entry": {"E1"}})
	wantStatus(t, res, http.StatusSeeOther)
	const note = "catatan-pribadi-juri-satu"
	res = f.juror1.post("/award/kma/jury/desk/E1", url.Values{"c.dampak": {"4"}, "c.baru": {"3"}, "comment": {"untuk-peserta"},
		"note": {note}, "action": {"submit"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = sec.get("/award/kma/console/progress")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Catatan pribadi juri", note, "j1@univ.ac.id")
	wantBody(t, f.juror1.get("/award/kma/jury/desk/E1"), note)
	if err := f.site.App.PublishResults(context.Background(), f.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	res = f.entrant.get("/award/kma/entries")
	wantBody(t, res, "untuk-peserta") // the comment is the entrant's
	pages := []string{"/award/kma", "/award/kma/entries", "/award/kma/jury", "/award/kma/jury/desk/E1", "/award/kma/snapshots",
		"/api/v1/award/editions/kma", "/api/v1/award/editions/kma/my-entries", "/api/v1/award/editions/kma/workspace",
		"/api/v1/award/editions/kma/results", "/api/v1/award/editions/kma/results?round=desk"}
	for name, c := range map[string]*client{"entrant": f.entrant, "juror2": f.juror2, "outsider": f.outsider, "public": f.site.client(t)} {
		for _, p := range pages {
			if res := c.get(p); strings.Contains(res.Body, note) {
				t.Errorf("%s %s shows the private note", name, p)
			}
		}
	}
}

// TestAwardResultsPerCategory: the final ranking of an edition with
// categories is one table per category, places within the category, and
// the winners of each (e.g. 15 of 51).
func TestAwardResultsPerCategory(t *testing.T) {
	s := newSite(t, false)
	a, ctx := s.App, context.Background()
	now := time.Now().UTC()
	in := app.AwardImport{
		Organisations: []app.ImportOrg{{Code: "dinas-a", Name: "Dinas A", Kind: "opd"}, {Code: "dinas-b", Name: "Dinas B", Kind: "opd"}},
		Edition: app.ImportEdition{Code: "kmc", Name: "KM Award Kategori", Year: 2025, SubmissionDeadline: now.Add(-2 * time.Hour).Format(time.RFC3339),
			AnnouncementAt: now.Add(-time.Hour).Format(time.RFC3339), Winners: 1},
		Categories: []app.ImportCategory{{Code: "inovasi", Name: "Inovasi"}, {Code: "layanan", Name: "Layanan"}},
		Criteria:   []app.ImportCriterion{{Code: "dampak", Name: "Dampak", Weight: 1, Min: 1, Max: 5}},
		Rounds:     []app.ImportRound{{Code: "desk", Kind: "desk", Order: 1, Weight: 1}},
		Jurors:     []app.ImportJuror{{Email: "j1@univ.ac.id", Name: "J1"}, {Email: "j2@univ.ac.id", Name: "J2"}},
	}
	for i := range 5 {
		code, cat := fmt.Sprintf("K%d", i+1), "inovasi"
		if i%2 == 1 {
			cat = "layanan"
		}
		in.Entries = append(in.Entries, app.ImportEntry{Code: code, Org: []string{"dinas-a", "dinas-b"}[i%2], Category: cat, Title: "Entri " + code})
		for _, j := range []string{"j1@univ.ac.id", "j2@univ.ac.id"} {
			in.Scores = append(in.Scores, app.ImportScore{Round: "desk", Juror: j, Entry: code, Criteria: map[string]float64{"dampak": float64(5 - i)}})
		}
	}
	if _, err := a.ImportAward(ctx, app.System, in); err != nil {
		t.Fatal(err)
	}
	if err := a.PublishResults(ctx, app.System, "kmc"); err != nil {
		t.Fatal(err)
	}
	res := s.client(t).get("/award/kmc")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Kategori Inovasi", "Kategori Layanan", "1 pemenang dari 3 entri", "1 pemenang dari 2 entri", "Peringkat keseluruhan")
	wantLabels(t, res)
	// K1 leads Inovasi and K2 Layanan: each the winner of its category.
	winners := regexp.MustCompile(`class="winner">\s*<td class="num">1</td>\s*<td class="num">(\d)</td>\s*<th scope="row">Entri (K\d)`).FindAllStringSubmatch(res.Body, -1)
	if len(winners) != 2 || winners[0][2] != "K1" || winners[1][2] != "K2" || winners[1][1] != "2" {
		t.Errorf("winners per category: %v", winners)
	}
	// A round is one table, as before.
	res = s.client(t).get("/award/kmc?round=desk")
	notBody(t, res, "Kategori Inovasi")
}
