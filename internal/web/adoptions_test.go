package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

const coordinatorDinkes = "koordinator.dinkes@demo.lumbung.id"

// adoptionSource publishes a public practice of dinkes.
func adoptionSource(t *testing.T, s *testSite, title string) km.Practice {
	t.Helper()
	return s.practice(t, s.user(t, coordinatorDinkes), km.Practice{Title: title, Summary: "Antrean puskesmas lewat WhatsApp",
		Status: km.StatusPublished, Access: km.AccessPublic}, "dinkes")
}

var adoptionLocation = regexp.MustCompile(`^/adoptions/(\d+)$`)

func TestAdoptionLifecyclePages(t *testing.T) {
	s := newSite(t, true)
	src := adoptionSource(t, s, "Antrean daring puskesmas")
	pPath := "/practices/" + strconv.FormatInt(src.ID, 10)

	c := s.client(t)
	c.login(coordinatorPasar, demoPassword)
	res := c.get(pPath)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Replikasi oleh instansi lain", "Catat adopsi", `action="`+pPath+`/adoptions"`, `value="pasarjaya"`)
	wantLabels(t, res)

	form := url.Values{"org": {"pasarjaya"}, "status": {"planned"}, "started": {"2025-02-01"}, "adapted": {"Antrean kios pasar"},
		"metric_indicator[]": {"Waktu tunggu", ""}, "metric_unit[]": {"menit", ""}, "metric_baseline[]": {"40", ""}, "metric_value[]": {"15", ""}}
	res = c.post(pPath+"/adoptions", form)
	wantStatus(t, res, http.StatusSeeOther)
	m := adoptionLocation.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("create: Location %q, want /adoptions/N", res.Header.Get("Location"))
	}
	aPath := m[0]
	res = c.get(aPath)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Adopsi dicatat.", "Direncanakan", "Antrean kios pasar", "Waktu tunggu", "Perbarui adopsi")
	wantLabels(t, res)

	// The same organisation again: refused while the first is active.
	res = c.post(pPath+"/adoptions", form)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "sudah mengadopsi praktik ini")

	update := func(status, reason, regulation string, want int) response {
		t.Helper()
		res := c.post(aPath, url.Values{"status": {status}, "started": {"2025-02-01"}, "adapted": {"Antrean kios pasar"},
			"reason": {reason}, "regulation": {regulation}, "metric_indicator[]": {"Waktu tunggu"}, "metric_baseline[]": {"40"},
			"metric_value[]": {"12"}})
		wantStatus(t, res, want)
		return res
	}
	update("running", "", "", http.StatusSeeOther)
	wantBody(t, c.get(aPath), "Berjalan")
	res = update("stopped", "", "", http.StatusUnprocessableEntity)
	wantBody(t, res, "sebutkan alasan adopsi dihentikan")
	update("stopped", "Petugas dipindahkan", "", http.StatusSeeOther)
	wantBody(t, c.get(aPath), "Dihentikan", "Petugas dipindahkan")
	res = update("institutionalised", "", "Pergub 3/2025", http.StatusUnprocessableEntity)
	wantBody(t, res, "perubahan status ini tidak diizinkan")
	update("running", "", "", http.StatusSeeOther)
	res = update("institutionalised", "", "", http.StatusUnprocessableEntity)
	wantBody(t, res, "regulasi yang melembagakannya")
	update("institutionalised", "", "Pergub DKI 3/2025", http.StatusSeeOther)
	wantBody(t, c.get(aPath), "Melembaga", "Pergub DKI 3/2025")

	// The practice page lists the adopter; the agencies' pages show it as
	// given and received.
	wantBody(t, c.get(pPath), "Perusahaan Umum Daerah Pasar Jaya", "Melembaga", "sejak ")
	wantBody(t, c.get("/orgs/pasarjaya"), "Praktik instansi lain yang diadopsi", "Antrean daring puskesmas")
	wantBody(t, c.get("/orgs/dinkes"), "Praktik yang direplikasi instansi lain", "Antrean daring puskesmas")

	// A contributor of the adopter and the source agency's coordinator may
	// read it but not change it.
	for _, who := range []string{contributorPasar, coordinatorDinkes} {
		o := s.client(t)
		o.login(who, demoPassword)
		res := o.get(aPath)
		wantStatus(t, res, http.StatusOK)
		notBody(t, res, "Perbarui adopsi")
		wantStatus(t, o.post(aPath, url.Values{"status": {"stopped"}, "reason": {"x"}, "started": {"2025-02-01"}}), http.StatusForbidden)
	}
	// Anonymous visitors are sent to sign in.
	wantStatus(t, s.client(t).post(aPath, url.Values{"status": {"stopped"}}), http.StatusUnauthorized)
}

func TestAdoptionRefusedPages(t *testing.T) {
	s := newSite(t, true)
	src := adoptionSource(t, s, "Antrean daring puskesmas")
	pPath := "/practices/" + strconv.FormatInt(src.ID, 10)

	// The source agency's coordinator is offered no form, and a posted one
	// is refused with a clear message.
	c := s.client(t)
	c.login(coordinatorDinkes, demoPassword)
	notBody(t, c.get(pPath), "Catat adopsi")
	res := c.post(pPath+"/adoptions", url.Values{"org": {"dinkes"}, "status": {"planned"}, "started": {"2025-01-01"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "instansi tidak dapat mengadopsi praktiknya sendiri")

	// A contributor is offered no form and may not post one.
	k := s.client(t)
	k.login(contributorPasar, demoPassword)
	notBody(t, k.get(pPath), "Catat adopsi")
	wantStatus(t, k.post(pPath+"/adoptions", url.Values{"org": {"pasarjaya"}, "started": {"2025-01-01"}}), http.StatusForbidden)

	// An agency-only practice: another agency's coordinator cannot read it,
	// so cannot adopt it.
	hidden := s.practice(t, s.user(t, coordinatorDinkes), km.Practice{Title: "Khusus Dinkes", Summary: "Internal",
		Status: km.StatusPublished, Access: km.AccessAgency}, "dinkes")
	p := s.client(t)
	p.login(coordinatorPasar, demoPassword)
	hPath := "/practices/" + strconv.FormatInt(hidden.ID, 10)
	wantStatus(t, p.post(hPath+"/adoptions", url.Values{"org": {"pasarjaya"}, "started": {"2025-01-01"}}), http.StatusNotFound)
	wantStatus(t, p.get(hPath+"/lineage"), http.StatusNotFound)
	// Numbers that are not numbers are the form's to report.
	res = p.post(pPath+"/adoptions", url.Values{"org": {"pasarjaya"}, "started": {"2025-01-01"}, "metric_indicator[]": {"X"},
		"metric_baseline[]": {"abc"}, "metric_value[]": {"1"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantLabels(t, res)
}

// TestLineageEndsOnCycle stores A → B (pasarjaya's version) → A (dinkes
// adopting B back, documenting it as A) and checks that the lineage page
// draws and tabulates it once, marking the repeat.
func TestLineageEndsOnCycle(t *testing.T) {
	s := newSite(t, true)
	ctx := context.Background()
	a := adoptionSource(t, s, "Antrean daring puskesmas")
	b := s.practice(t, s.user(t, coordinatorPasar), km.Practice{Title: "Antrean daring kios pasar", Summary: "Versi pasar",
		Status: km.StatusPublished, Access: km.AccessPublic}, "pasarjaya")
	pasar, err := s.App.Store.OrgByCode(ctx, "pasarjaya")
	if err != nil {
		t.Fatal(err)
	}
	dinkes, err := s.App.Store.OrgByCode(ctx, "dinkes")
	if err != nil {
		t.Fatal(err)
	}
	err = s.App.Store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAdoption(&km.Adoption{PracticeID: a.ID, OrgID: pasar.ID, Status: km.AdoptionRunning, Started: "2025-01-01",
			DerivedPracticeID: b.ID, Metrics: []km.Metric{}}); err != nil {
			return err
		}
		return tx.CreateAdoption(&km.Adoption{PracticeID: b.ID, OrgID: dinkes.ID, Status: km.AdoptionPlanned, Started: "2025-06-01",
			DerivedPracticeID: a.ID, Metrics: []km.Metric{}})
	})
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t)
	for _, id := range []int64{a.ID, b.ID} {
		res := c.get("/practices/" + strconv.FormatInt(id, 10) + "/lineage")
		wantStatus(t, res, http.StatusOK)
		wantBody(t, res, "<svg", `role="img"`, "<table", "Antrean daring puskesmas", "Antrean daring kios pasar",
			"Perusahaan Umum Daerah Pasar Jaya", "sudah tampil di atas", "Berjalan", "Direncanakan")
		if n := strings.Count(res.Body, "<g class=\"node"); n != 3 {
			t.Errorf("lineage of %d: %d nodes drawn, want 3 (A, B, A again)", id, n)
		}
		notBody(t, res, "style=", "<script")
	}
	// In English too.
	en := s.client(t)
	en.get("/lang?to=en&next=/")
	wantBody(t, en.get("/practices/"+strconv.FormatInt(a.ID, 10)+"/lineage"), "Replication lineage", "already shown above")
}
