package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lumbung/internal/app"
)

// postMultipart posts fields and, when fileName is set, a file in "file".
func (c *client) postMultipart(path string, fields map[string]string, fileName string, file []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(file)
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var barRE = regexp.MustCompile(`<rect class="bar"`)

// firstSVG is the first inline chart of a page.
func firstSVG(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "<svg")
	if i < 0 {
		t.Fatal("no inline SVG in the page")
	}
	j := strings.Index(body[i:], "</svg>")
	return body[i : i+j]
}

// TestKPIDemoPages: the demo QRIS contest is public, its page tells the
// summary sentence, draws one bar per ranked market in each board's chart
// and a line per market, and has no inline style the CSP would refuse.
func TestKPIDemoPages(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	list := c.get("/kpi")
	wantStatus(t, list, http.StatusOK)
	wantBody(t, list, "Kompetisi KPI", "Lomba Transaksi QRIS Pasar Jaya 2025", "12 pasar, transaksi QRIS naik 47%", `href="/kpi"`)
	page := c.get("/kpi/qris-pasar-2025")
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "12 pasar, transaksi QRIS naik 47% (37,9 poin persentase di atas pembanding)", "Pasar Senen",
		"Peringkat per kelompok", "pasar besar", "pasar kecil", "Data demonstrasi", "/kpi/qris-pasar-2025/export.pdf",
		"Lomba Pasar Digital") // the linked demo practice
	notBody(t, page, "style=", "<script", "Kelola kompetisi", "Buat draf praktik")
	if n := len(barRE.FindAllString(firstSVG(t, page.Body), -1)); n != 12 {
		t.Errorf("overall bar chart: %d bars, want 12 (one per ranked market)", n)
	}
	// 12 overall + 4 + 4 + 4 in the group boards.
	if n := len(barRE.FindAllString(page.Body, -1)); n != 24 {
		t.Errorf("all bar charts: %d bars, want 24", n)
	}
	if n := strings.Count(page.Body, `class="series"`); n != 16 {
		t.Errorf("series chart: %d lines, want 16", n)
	}
	// Another view: the method switch, and a bad one falls back.
	abs := c.get("/kpi/qris-pasar-2025?method=absolute")
	wantStatus(t, abs, http.StatusOK)
	wantBody(t, abs, "tampilan alternatif")
	wantStatus(t, c.get("/kpi/qris-pasar-2025?method=nope&k=x"), http.StatusOK)
	wantStatus(t, c.get("/kpi/tidak-ada"), http.StatusNotFound)
	for _, ext := range []string{"xlsx", "pdf"} {
		res := c.get("/kpi/qris-pasar-2025/export." + ext)
		wantStatus(t, res, http.StatusOK)
		if len(res.Body) < 1000 || !strings.Contains(res.Header.Get("Content-Disposition"), "qris-pasar-2025."+ext) {
			t.Errorf("export %s: %d bytes, %q", ext, len(res.Body), res.Header.Get("Content-Disposition"))
		}
	}
	// English.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/kpi/qris-pasar-2025", nil)
	req.Header.Set("Accept-Language", "en")
	en := c.do(req)
	wantBody(t, en, "12 pasar, Transaksi QRIS up 47% (37.9 percentage points above the controls)", "Overall ranking")
}

const kpiCompetitionJSON = `{
  "competition": {"code": "uji-web", "name": "Lomba Uji Web", "org": "pasarjaya", "noun": "pasar",
    "metric": {"code": "trx", "name": "Transaksi digital", "unit": "transaksi", "higher_is_better": true},
    "baseline": {"from": "2025-01-01", "to": "2025-01-05"},
    "period": {"from": "2025-02-01", "to": "2025-02-05"}, "method": "percent", "status": "running"},
  "participants": [
    {"code": "SEN", "name": "Pasar Senen", "org": "pasar-senen", "group": "besar"},
    {"code": "MGU", "name": "Pasar Minggu", "org": "pasar-minggu", "group": "besar"},
    {"code": "SNT", "name": "Pasar Santa", "group": "kecil"},
    {"code": "KTL", "name": "Pasar Kontrol", "control": true}
  ]
}`

// TestKPIUploadEndToEnd goes from a CSV upload through the pages to the
// leaderboard page: a coordinator creates a competition, uploads a CSV with
// bad lines (every one is shown, nothing is stored), uploads a good one,
// sees the preview, confirms, reads the leaderboard and drafts the
// winner's practice in one click.
func TestKPIUploadEndToEnd(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	c.login(coordinatorPasar, demoPassword)

	// Create it from the JSON form; a broken file is refused with its problems.
	bad := c.postMultipart("/kpi", map[string]string{"json": strings.Replace(kpiCompetitionJSON, `"2025-02-01"`, `"2025-01-03"`, 1)}, "", nil)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantBody(t, bad, "tumpang tindih")
	res := c.postMultipart("/kpi", map[string]string{"json": kpiCompetitionJSON, "org": "pasarjaya"}, "", nil)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/kpi/uji-web" {
		t.Fatalf("after create: Location %q", loc)
	}
	form := c.get("/kpi/uji-web/upload")
	wantStatus(t, form, http.StatusOK)
	wantLabels(t, form)

	// A CSV with four bad lines: all reported, nothing stored.
	badCSV := "peserta,tanggal,nilai\nSEN,2025-01-01,100\nXXX,2025-01-01,5\nMGU,2025-01-32,5\nSNT,2025-01-01,-1\nSEN,2025-01-01,101\n"
	prev := c.postMultipart("/kpi/uji-web/upload", nil, "januari.csv", []byte(badCSV))
	wantStatus(t, prev, http.StatusUnprocessableEntity)
	wantBody(t, prev, "Data tidak disimpan: 4 masalah", "Baris 3", `peserta "XXX" tidak dikenal`, "Baris 4", "Baris 5", "Baris 6", "ganda")
	notBody(t, prev, `name="payload"`)
	if n := storedMeasurements(t, s, "uji-web"); n != 0 {
		t.Fatalf("after a refused upload: %d measurements stored", n)
	}

	// A good CSV: preview, then confirm.
	var good strings.Builder
	good.WriteString("participant,date,value\n")
	base := map[string]int{"SEN": 100, "MGU": 80, "SNT": 10, "KTL": 50}
	after := map[string]int{"SEN": 150, "MGU": 100, "SNT": 20, "KTL": 55}
	for _, code := range []string{"SEN", "MGU", "SNT", "KTL"} {
		for d := 1; d <= 5; d++ {
			fmt.Fprintf(&good, "%s,2025-01-%02d,%d\n%s,2025-02-%02d,%d\n", code, d, base[code], code, d, after[code])
		}
	}
	prev = c.postMultipart("/kpi/uji-web/upload", nil, "data.csv", []byte(good.String()))
	wantStatus(t, prev, http.StatusOK)
	wantBody(t, prev, "40 nilai siap disimpan", "Belum ada yang disimpan", "Simpan 40 nilai", "3 pasar, transaksi digital naik 42,1%")
	if n := storedMeasurements(t, s, "uji-web"); n != 0 {
		t.Fatalf("the preview stored %d measurements", n)
	}
	payload := regexp.MustCompile(`name="payload" value="([^"]+)"`).FindStringSubmatch(prev.Body)
	if payload == nil {
		t.Fatal("no payload in the confirm form")
	}
	res = c.post("/kpi/uji-web/upload/confirm", url.Values{"payload": {payload[1]}, "source": {"csv"}, "filename": {"data.csv"}})
	wantStatus(t, res, http.StatusSeeOther)
	if n := storedMeasurements(t, s, "uji-web"); n != 40 {
		t.Fatalf("after confirm: %d measurements, want 40", n)
	}

	// The leaderboard page.
	page := c.get(res.Header.Get("Location"))
	wantStatus(t, page, http.StatusOK)
	wantBody(t, page, "Data disimpan.", "3 pasar, transaksi digital naik 42,1% (32,1 poin persentase di atas pembanding)",
		"Pasar Santa", "+100%", "Kelola kompetisi", "data.csv", coordinatorPasar)
	if n := len(barRE.FindAllString(firstSVG(t, page.Body), -1)); n != 3 {
		t.Errorf("bar chart: %d bars, want 3", n)
	}
	rank1 := regexp.MustCompile(`(?s)<tr class="winner">.*?</tr>`).FindString(page.Body)
	if !strings.Contains(rank1, "Pasar Santa") {
		t.Errorf("rank 1 row: %q, want Pasar Santa", rank1)
	}
	// Confirming the same data twice is refused: every day is a duplicate.
	again := c.post("/kpi/uji-web/upload/confirm", url.Values{"payload": {payload[1]}, "source": {"csv"}, "filename": {"data.csv"}})
	wantStatus(t, again, http.StatusUnprocessableEntity)
	wantBody(t, again, "Data tidak disimpan: 40 masalah")

	// One click: a practice draft about the winner, linked back.
	res = c.post("/kpi/uji-web/practices", url.Values{"participant": {"SNT"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); !regexp.MustCompile(`^/practices/\d+/edit$`).MatchString(loc) {
		t.Fatalf("draft: Location %q", loc)
	}
	edit := c.get(res.Header.Get("Location"))
	wantStatus(t, edit, http.StatusOK)
	wantBody(t, edit, "Pasar Santa: transaksi digital naik 100%")
	page = c.get("/kpi/uji-web")
	wantBody(t, page, `href="/practices/`)

	// Status: close, publish; then the public sees it.
	for _, st := range []string{"closed", "published"} {
		wantStatus(t, c.post("/kpi/uji-web/status", url.Values{"status": {st}}), http.StatusSeeOther)
	}
	wantStatus(t, c.post("/kpi/uji-web/status", url.Values{"status": {"draft"}}), http.StatusUnprocessableEntity)
	public := s.client(t).get("/kpi/uji-web")
	wantStatus(t, public, http.StatusOK)
	notBody(t, public, "Kelola kompetisi")
}

// TestKPIPermissionsOnPages: the upload pages are for managers only.
func TestKPIPermissionsOnPages(t *testing.T) {
	s := newSite(t, true)
	anon := s.client(t)
	res := anon.get("/kpi/qris-pasar-2025/upload")
	wantStatus(t, res, http.StatusSeeOther)
	c := s.client(t)
	c.login(contributorDinkes, demoPassword)
	wantStatus(t, c.get("/kpi/qris-pasar-2025/upload"), http.StatusForbidden)
	wantStatus(t, c.postMultipart("/kpi/qris-pasar-2025/upload", nil, "x.csv", []byte("a,2025-01-01,1\n")), http.StatusForbidden)
	wantStatus(t, c.get("/kpi/new"), http.StatusForbidden)
	wantStatus(t, c.post("/kpi/qris-pasar-2025/status", url.Values{"status": {"closed"}}), http.StatusForbidden)
}

func storedMeasurements(t *testing.T, s *testSite, code string) int {
	t.Helper()
	st, err := s.App.Leaderboard(context.Background(), app.System, code, app.LeaderboardOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return len(st.Measurements)
}
