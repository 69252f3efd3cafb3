package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

const (
	contributorPasar  = "kontributor.pasar@demo.lumbung.id"
	coordinatorPasar  = "koordinator.pasar@demo.lumbung.id"
	contributorDinkes = "kontributor.dinkes@demo.lumbung.id"
	adminEmail        = "admin@demo.lumbung.id"
)

func TestHomePage(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	res := c.get("/")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `<html lang="id">`, "Lumbung Pengetahuan", `<main id="main"`, `<nav class="main-nav" aria-label="Navigasi utama">`,
		`class="skip" href="#main"`, "Beranda", "Praktik", "Organisasi", "Masuk",
		"Ini data demonstrasi", "Data demonstrasi", adminEmail, demoPassword)
	// Signed-in entries are not offered to the public.
	notBody(t, res, "Tulis praktik", "Draf saya", "Log audit")
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}

	// The stylesheet has a content hash in its name and is cached for good.
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(res.Body)
	if css == nil {
		t.Fatalf("no hashed stylesheet link in the page")
	}
	st := c.get(css[1])
	wantStatus(t, st, http.StatusOK)
	if got := st.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("stylesheet Cache-Control = %q", got)
	}
	if got := st.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/css") {
		t.Errorf("stylesheet Content-Type = %q", got)
	}
	wantStatus(t, c.get("/static/app.css"), http.StatusNotFound)
	// No inline style or script: the CSP forbids them.
	notBody(t, res, "<script", "style=", "<style")
}

func TestHomeWithoutDemo(t *testing.T) {
	s := newSite(t, false)
	res := s.client(t).get("/")
	wantStatus(t, res, http.StatusOK)
	notBody(t, res, "Ini data demonstrasi", demoPassword)
	wantBody(t, res, "Belum ada praktik yang terbit.")
}

func TestLanguageSwitch(t *testing.T) {
	s := newSite(t, false)
	c := s.client(t)
	res := c.get("/lang?to=en&next=" + url.QueryEscape("/practices?kind=bad"))
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/practices?kind=bad" {
		t.Errorf("Location = %q, want /practices?kind=bad", loc)
	}
	res = c.get("/")
	wantBody(t, res, `<html lang="en">`, "Home", "Sign in", "Practices", "Organisations")
	res = c.get("/practices/999999")
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "Not found", `<html lang="en">`)

	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		res := c.get("/lang?to=id&next=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: Location = %q, want /", next, loc)
		}
	}
	wantBody(t, c.get("/"), `<html lang="id">`)

	// Without the cookie, Accept-Language decides.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	wantBody(t, s.client(t).do(req), `<html lang="en">`)
}

// count reads the result count the list shows ("12 praktik").
func count(t *testing.T, res response) int {
	t.Helper()
	m := regexp.MustCompile(`<p class="count" role="status">([0-9.]+) praktik`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no result count on %s", res.Request.URL)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	return n
}

func TestPracticeListFilters(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	ctx := context.Background()
	anon := app.Actor{}
	want := func(f store.PracticeFilter) int {
		f.Status = km.StatusPublished
		_, n, err := s.App.Practices(ctx, anon, f)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	wantLabels(t, c.get("/"))
	wantLabels(t, c.get("/login"))
	wantLabels(t, c.get("/practices"))
	all := count(t, c.get("/practices"))
	if all == 0 || all != want(store.PracticeFilter{}) {
		t.Fatalf("unfiltered list shows %d practices, want %d (and some)", all, want(store.PracticeFilter{}))
	}
	bad := c.get("/practices?kind=bad")
	if got, w := count(t, bad), want(store.PracticeFilter{Kind: km.KindBad}); got != w || got == 0 || got == all {
		t.Errorf("kind=bad shows %d, want %d", got, w)
	}
	wantBody(t, bad, `<option value="bad" selected>`)
	notBody(t, bad, `badge kind-good`)

	org, err := s.App.Store.OrgByCode(ctx, "pasarjaya")
	if err != nil {
		t.Fatal(err)
	}
	res := c.get("/practices?org=pasarjaya")
	if got, w := count(t, res), want(store.PracticeFilter{OrgPath: org.Path}); got != w || got == 0 {
		t.Errorf("org=pasarjaya shows %d, want %d", got, w)
	}
	res = c.get("/practices?affair=perdagangan&year=2025")
	if got, w := count(t, res), want(store.PracticeFilter{Affair: "perdagangan", Year: 2025}); got != w {
		t.Errorf("affair+year shows %d, want %d", got, w)
	}
	wantBody(t, res, `<option value="2025" selected>`, `<option value="perdagangan" selected>`)

	// Status is not a filter for the public: drafts never show.
	res = c.get("/practices?status=draft")
	if got := count(t, res); got != all {
		t.Errorf("anonymous status=draft shows %d, want the %d published", got, all)
	}
	notBody(t, res, `name="status"`)

	// Junk in the query is ignored, not an error.
	wantStatus(t, c.get("/practices?year=abc&kind=zzz&org=nope&page=-3"), http.StatusOK)

	// Pagination: 20 a page.
	if all > 20 {
		res := c.get("/practices?page=2")
		wantBody(t, res, fmt.Sprintf("menampilkan 21–%d", min(all, 40)), `rel="prev"`)
	}

	// A signed-in coordinator may filter by status and sees drafts of their agency.
	coord := s.user(t, coordinatorPasar)
	s.practice(t, coord, km.Practice{Title: "Draf koordinator", Summary: "isi", Access: km.AccessPublic}, "pasarjaya")
	cc := s.client(t)
	cc.login(coordinatorPasar, demoPassword)
	res = cc.get("/practices?status=draft")
	wantBody(t, res, "Draf koordinator", `<option value="draft" selected>`)
	notBody(t, cc.get("/practices"), "Draf koordinator")
}

func TestPracticePageRendersMarkdownSafely(t *testing.T) {
	s := newSite(t, true)
	coord := s.user(t, coordinatorPasar)
	p := s.practice(t, coord, km.Practice{
		Title:   `Judul <script>alert("judul")</script>`,
		Summary: "Ringkasan",
		Body:    "## Latar\n\nTeks **tebal** <script>alert('xss')</script>\n\n[klik di sini](javascript:alert(1))\n\n<img src=x onerror=alert(1)>",
		Access:  km.AccessPublic, Status: km.StatusPublished, Kind: km.KindGood,
		Metrics: []km.Metric{{Indicator: "Transaksi QRIS per hari", Unit: "transaksi", Baseline: 1234.5, Value: 1814.7}},
	}, "pasarjaya")
	res := s.client(t).get(fmt.Sprintf("/practices/%d", p.ID))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<strong>tebal</strong>", "klik di sini", `Judul &lt;script&gt;`,
		"1.234,5", "1.814,7", "+580,2", "+47%", "Praktik baik", "Terbit")
	notBody(t, res, "<script", "javascript:", "onerror")
}

func TestLogin(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)

	res := c.post("/login", url.Values{"email": {contributorPasar}, "password": {"salah-sekali"}})
	if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusOK {
		t.Fatalf("wrong password: status %d, want 401 or 200", res.StatusCode)
	}
	wantBody(t, res, "Surel atau kata sandi salah.", `value="`+contributorPasar+`"`, `aria-invalid="true"`)
	u, _ := url.Parse(s.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == "lumbung_session" {
			t.Errorf("a failed login left a session cookie")
		}
	}
	res = c.get("/me/drafts")
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
		t.Errorf("anonymous /me/drafts goes to %q, want the login page", loc)
	}

	// A foreign next is refused; a local one is followed.
	res = c.post("/login", url.Values{"email": {contributorPasar}, "password": {demoPassword}, "next": {"//evil.example/"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Errorf("login with next=//evil.example/ redirects to %q, want /", loc)
	}
	res = c.get("/")
	wantBody(t, res, "Kontributor Pasar Jaya (Demo)", "Tulis praktik", "Draf saya", `action="/logout"`, "Selamat datang")
	notBody(t, res, "Log audit", "Antrean tinjauan")
	wantStatus(t, c.get("/me/drafts"), http.StatusOK)

	// The login page sends a signed-in person on.
	res = c.get("/login?next=/orgs")
	wantStatus(t, res, http.StatusSeeOther)

	res = c.post("/logout", nil)
	wantStatus(t, res, http.StatusSeeOther)
	wantStatus(t, c.get("/me/drafts"), http.StatusSeeOther)
	wantBody(t, c.get("/"), "Masuk")

	// next survives the form.
	c2 := s.client(t)
	res = c2.post("/login", url.Values{"email": {adminEmail}, "password": {demoPassword}, "next": {"/admin/audit?action=user."}})
	if loc := res.Header.Get("Location"); loc != "/admin/audit?action=user." {
		t.Errorf("login redirects to %q, want the local next", loc)
	}
}

func TestLoginRateLimit(t *testing.T) {
	s := newSite(t, false)
	c := s.client(t)
	var last response
	for i := 0; i < 12; i++ {
		last = c.post("/login", url.Values{"email": {"siapa@contoh.go.id"}, "password": {"salah-salah"}})
	}
	wantStatus(t, last, http.StatusTooManyRequests)
	wantBody(t, last, "Terlalu banyak percobaan")
}

// practiceForm is a filled-in create form.
func practiceForm(orgID int64) url.Values {
	return url.Values{
		"title":                  {"Antrean daring puskesmas memangkas waktu tunggu"},
		"kind":                   {"good"},
		"org":                    {strconv.FormatInt(orgID, 10)},
		"affair":                 {"kesehatan"},
		"year":                   {"2025"},
		"access":                 {"public"},
		"tags":                   {"antrean, puskesmas, Layanan"},
		"authors":                {"dr. Sari Wulandari\nBudi Santoso, S.Kom."},
		"summary":                {"Pendaftaran daring lewat WhatsApp dan situs."},
		"problem":                {"Antrean pagi mengular sejak subuh."},
		"actions":                {"Nomor antrean dibagikan lewat WhatsApp."},
		"results":                {"Waktu tunggu turun."},
		"lessons":                {"Libatkan kader."},
		"replication":            {"Butuh satu nomor WhatsApp resmi."},
		"body":                   {"## Rincian\n\nLangkah demi langkah."},
		"metric_indicator[]":     {"Waktu tunggu rata-rata", "", ""},
		"metric_unit[]":          {"menit", "", ""},
		"metric_baseline[]":      {"1.234,5", "", ""},
		"metric_baseline_date[]": {"2025-01-01", "", ""},
		"metric_value[]":         {"60", "", ""},
		"metric_value_date[]":    {"2025-06-30", "", ""},
		"metric_scope[]":         {"3 puskesmas", "", ""},
		"metric_source[]":        {"SIMPUS", "", ""},
		"metric_verified[]":      {"0"},
		"submit":                 {"draft"},
	}
}

func TestCreatePracticeViaForm(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	c.login(contributorDinkes, demoPassword)
	dinkes, _ := s.App.Store.OrgByCode(context.Background(), "dinkes")

	res := c.get("/practices/new")
	wantStatus(t, res, http.StatusOK)
	wantLabels(t, res)
	wantBody(t, res, `name="metric_indicator[]"`, `for="f-title"`, `<option value="`+strconv.FormatInt(dinkes.ID, 10)+`" selected>`)
	if n := strings.Count(res.Body, `name="metric_indicator[]"`); n != 3 {
		t.Errorf("new form has %d metric rows, want 3", n)
	}

	// A missing title and a bad number: field errors, and the rest kept.
	f := practiceForm(dinkes.ID)
	f.Set("title", "")
	f["metric_value[]"] = []string{"enam puluh", "", ""}
	res = c.post("/practices", f)
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantLabels(t, res)
	wantBody(t, res, `id="f-title-err"`, "wajib diisi", `aria-describedby="f-title-err"`, `aria-invalid="true"`,
		`id="f-metrics.0.value-err"`, "bukan angka yang valid", `href="#f-title"`,
		"Pendaftaran daring lewat WhatsApp dan situs.", "Antrean pagi mengular sejak subuh.",
		"enam puluh", "1.234,5", "SIMPUS", "dr. Sari Wulandari\nBudi Santoso, S.Kom.", `value="2025"`)
	if n := strings.Count(res.Body, `name="metric_indicator[]"`); n != 4 {
		t.Errorf("re-rendered form has %d metric rows, want the filled one and 3 blank", n)
	}

	// Filled in properly it saves and goes to the practice page.
	res = c.post("/practices", practiceForm(dinkes.ID))
	wantStatus(t, res, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	if !regexp.MustCompile(`^/practices/\d+$`).MatchString(loc) {
		t.Fatalf("after create, Location = %q", loc)
	}
	res = c.get(loc)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Antrean daring puskesmas memangkas waktu tunggu", "Praktik disimpan.", "Draf", "Kesehatan",
		"#layanan", "1.234,5", "−1.174,5", "−95%", "terverifikasi", "Ajukan tinjauan", "<h2>Rincian</h2>")
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/practices/"), 10, 64)
	p, err := s.App.Store.Practice(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Metrics) != 1 || p.Metrics[0].Baseline != 1234.5 || p.Metrics[0].Value != 60 || !p.Metrics[0].Verified {
		t.Errorf("stored metrics = %+v", p.Metrics)
	}
	if p.Status != km.StatusDraft || len(p.Authors) != 2 || p.Year != 2025 {
		t.Errorf("stored practice: status %s, authors %q, year %d", p.Status, p.Authors, p.Year)
	}
	// It is listed among the author's drafts.
	wantBody(t, c.get("/me/drafts"), "Antrean daring puskesmas")
}

func TestEditOtherAgencyForbidden(t *testing.T) {
	s := newSite(t, true)
	coord := s.user(t, coordinatorPasar)
	p := s.practice(t, coord, km.Practice{Title: "Praktik Pasar Jaya", Summary: "isi", Access: km.AccessPublic}, "pasarjaya")
	c := s.client(t)
	c.login(contributorDinkes, demoPassword)
	path := fmt.Sprintf("/practices/%d/edit", p.ID)
	// A draft of another agency is not even visible to them.
	wantStatus(t, c.get(path), http.StatusNotFound)

	pub := s.practice(t, coord, km.Practice{Title: "Praktik terbit Pasar Jaya", Summary: "isi", Access: km.AccessPublic, Status: km.StatusPublished}, "pasarjaya")
	path = fmt.Sprintf("/practices/%d/edit", pub.ID)
	res := c.get(path)
	wantStatus(t, res, http.StatusForbidden)
	wantBody(t, res, "Akses ditolak", "Anda tidak berwenang")
	notBody(t, res, "goroutine", ".go:")
	f := practiceForm(pub.OrgID)
	f.Set("version", strconv.Itoa(pub.Version))
	res = c.post(path, f)
	wantStatus(t, res, http.StatusForbidden)
	// The practice page offers no edit button either.
	notBody(t, c.get(fmt.Sprintf("/practices/%d", pub.ID)), path)
	stored, _ := s.App.Store.Practice(context.Background(), pub.ID)
	if stored.Title != "Praktik terbit Pasar Jaya" {
		t.Errorf("a refused edit changed the title to %q", stored.Title)
	}
}

func TestAnonymousCannotReadInternal(t *testing.T) {
	s := newSite(t, true)
	coord := s.user(t, coordinatorPasar)
	p := s.practice(t, coord, km.Practice{Title: "Catatan internal pasar", Summary: "rahasia dapur", Access: km.AccessInternal, Status: km.StatusPublished}, "pasarjaya")
	path := fmt.Sprintf("/practices/%d", p.ID)
	res := s.client(t).get(path)
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "Tidak ditemukan", "/login?next=")
	notBody(t, res, "Catatan internal pasar", "rahasia dapur")
	notBody(t, s.client(t).get("/practices"), "Catatan internal pasar")

	c := s.client(t)
	c.login(contributorDinkes, demoPassword)
	wantBody(t, c.get(path), "Catatan internal pasar", "Internal")
}

func TestStaleEditConflict(t *testing.T) {
	s := newSite(t, true)
	author := s.user(t, contributorPasar)
	p := s.practice(t, author, km.Practice{Title: "Judul awal", Summary: "Ringkasan awal", Access: km.AccessPublic}, "pasarjaya")
	c := s.client(t)
	c.login(contributorPasar, demoPassword)
	path := fmt.Sprintf("/practices/%d/edit", p.ID)
	res := c.get(path)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `name="version" value="1"`, "Judul awal")

	// Someone else saves first.
	other := p
	other.Title = "Judul dari orang lain"
	if _, err := s.App.UpdatePractice(context.Background(), app.Actor{User: &author}, app.PracticeInput{Practice: other}); err != nil {
		t.Fatal(err)
	}

	f := practiceForm(p.OrgID)
	f.Set("version", "1")
	f.Set("title", "Judul versi saya")
	f.Set("summary", "Ringkasan yang saya tulis dengan susah payah")
	res = c.post(path, f)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Judul versi saya", "Ringkasan yang saya tulis dengan susah payah",
		"telah diubah orang lain", fmt.Sprintf(`href="/practices/%d"`, p.ID), `name="version" value="1"`)
	stored, _ := s.App.Store.Practice(context.Background(), p.ID)
	if stored.Title != "Judul dari orang lain" {
		t.Errorf("a stale edit overwrote the title: %q", stored.Title)
	}

	// Starting again from the current version works.
	f.Set("version", strconv.Itoa(stored.Version))
	wantStatus(t, c.post(path, f), http.StatusSeeOther)
}

func TestWorkflowThroughPages(t *testing.T) {
	s := newSite(t, true)
	author := s.user(t, contributorPasar)
	p := s.practice(t, author, km.Practice{Title: "Kios digital pasar", Summary: "isi awal", Access: km.AccessPublic}, "pasarjaya")
	page := fmt.Sprintf("/practices/%d", p.ID)
	act := func(c *client, v url.Values) response {
		return c.post(page+"/transition", v)
	}
	version := func() string {
		cur, _ := s.App.Store.Practice(context.Background(), p.ID)
		return strconv.Itoa(cur.Version)
	}

	w := s.client(t)
	w.login(contributorPasar, demoPassword)
	wantBody(t, w.get(page), `value="submit"`)
	notBody(t, w.get(page), `value="publish"`)
	wantStatus(t, act(w, url.Values{"action": {"submit"}, "version": {version()}}), http.StatusSeeOther)
	wantBody(t, w.get(page), "Praktik diajukan untuk ditinjau.", "Ditinjau")

	r := s.client(t)
	r.login(coordinatorPasar, demoPassword)
	wantBody(t, r.get("/review"), "Kios digital pasar")
	// Returning needs a reason.
	res := act(r, url.Values{"action": {"return"}, "version": {version()}, "reason": {"  "}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, `id="reason-return-err"`, "wajib diisi")
	// A stale version is a conflict, not a silent overwrite.
	res = act(r, url.Values{"action": {"return"}, "version": {"1"}, "reason": {"x"}})
	wantStatus(t, res, http.StatusConflict)
	res = act(r, url.Values{"action": {"return"}, "version": {version()}, "reason": {"Lengkapi data baseline."}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, w.get(page), "Dikembalikan", "Lengkapi data baseline.", `value="redraft"`)

	// The author edits (a returned practice becomes a draft) and submits again.
	f := practiceForm(p.OrgID)
	f.Set("title", "Kios digital pasar")
	f.Set("version", version())
	wantStatus(t, w.post(page+"/edit", f), http.StatusSeeOther)
	wantStatus(t, act(w, url.Values{"action": {"submit"}, "version": {version()}}), http.StatusSeeOther)

	res = act(r, url.Values{"action": {"publish"}, "version": {version()}, "verifier": {"Ir. Hendra, M.T."}, "review_by": {"2020-01-31"}})
	wantStatus(t, res, http.StatusSeeOther)
	res = r.get(page)
	wantLabels(t, res)
	wantBody(t, res, "Terbit", "Ir. Hendra, M.T.", "31 Januari 2020", "harus ditinjau ulang", `value="archive"`)
	// Long overdue, so it is on the coordinator's due list.
	due := r.get("/review/due")
	wantStatus(t, due, http.StatusOK)
	wantBody(t, due, "Kios digital pasar", "Terlambat")
	// Contributors have no due list or review queue.
	wantStatus(t, w.get("/review/due"), http.StatusForbidden)
	wantStatus(t, w.get("/review"), http.StatusForbidden)

	// Revisions and a diff between two of them.
	res = r.get(page + "/revisions")
	wantStatus(t, res, http.StatusOK)
	wantLabels(t, res)
	wantBody(t, res, "dibuat", "status: Ditinjau", "status: Terbit")
	res = r.get(page + "/diff?from=1&to=" + version())
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "<del>", "<ins>", "Pendaftaran daring lewat WhatsApp", "Draf</del> → <ins>Terbit")
	wantStatus(t, r.get(page+"/diff?from=1&to=999"), http.StatusNotFound)
	wantStatus(t, r.get(page+"/diff?from=a&to=2"), http.StatusBadRequest)
}

func TestAuditLogAdminOnly(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	c.login(contributorPasar, demoPassword)
	res := c.get("/admin/audit")
	wantStatus(t, res, http.StatusForbidden)
	notBody(t, c.get("/"), "/admin/audit")

	a := s.client(t)
	a.login(adminEmail, demoPassword)
	res = a.get("/admin/audit")
	wantStatus(t, res, http.StatusOK)
	wantLabels(t, res)
	wantBody(t, res, "Log audit", "<code>user.login</code>", contributorPasar)
	// The demo's import events are older than the award's: ask for them
	// by action rather than rely on their place in the first page.
	wantBody(t, a.get("/admin/audit?action=practice."), "<code>practice.import</code>")
	res = a.get("/admin/audit?action=user.&actor=" + url.QueryEscape(contributorPasar))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "user.login")
	notBody(t, res, "<code>practice.import</code>")
	res = a.get("/admin/audit?actor=tidak.ada@contoh.id")
	wantBody(t, res, "tidak ada pengguna dengan surel ini")
	res = a.get("/admin/audit?from=kemarin")
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "TTTT-BB-HH")
}

func TestOrganisationPages(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	res := c.get("/orgs")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Pemerintah Provinsi DKI Jakarta", "Dinas Kesehatan Provinsi DKI Jakarta", `href="/orgs/pasarjaya"`, "Data demonstrasi")
	res = c.get("/orgs/pasarjaya")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Jumlah pegawai", "Sub-unit", "Pasar Senen", "Pemprov DKI</a></nav>", "Lomba Pasar Digital")
	wantStatus(t, c.get("/orgs/tidak-ada"), http.StatusNotFound)
}

func TestNotFoundPage(t *testing.T) {
	s := newSite(t, false)
	c := s.client(t)
	for _, p := range []string{"/tidak-ada", "/practices/abc", "/practices/0", "/attachments/12345"} {
		res := c.get(p)
		wantStatus(t, res, http.StatusNotFound)
		wantBody(t, res, "Tidak ditemukan", `<html lang="id">`, "Kembali ke beranda")
	}
}

// TestNoRawMessageKeys renders the pages in both languages and looks for
// message keys that leaked through untranslated.
func TestNoRawMessageKeys(t *testing.T) {
	s := newSite(t, true)
	coord := s.user(t, coordinatorPasar)
	p := s.practice(t, coord, km.Practice{Title: "Praktik uji bahasa", Summary: "isi", Access: km.AccessPublic,
		Metrics: []km.Metric{{Indicator: "Indikator", Baseline: 1, Value: 2, Scope: "a", Source: "b"}}}, "pasarjaya")
	raw := regexp.MustCompile(`[>\s"](web|field|kind|status|access|action|role|orgkind|err)\.[a-z_]+`)
	for _, lang := range []string{"id", "en"} {
		c := s.client(t)
		c.get("/lang?to=" + lang + "&next=/")
		c.login(adminEmail, demoPassword)
		for _, path := range []string{"/", "/practices", "/practices?status=all", fmt.Sprintf("/practices/%d", p.ID),
			fmt.Sprintf("/practices/%d/edit", p.ID), fmt.Sprintf("/practices/%d/revisions", p.ID), "/practices/1/revisions",
			"/practices/new", "/me/drafts", "/review", "/review/due", "/orgs", "/orgs/dinkes", "/admin/audit", "/nope"} {
			res := c.get(path)
			if res.StatusCode >= 500 {
				t.Errorf("%s %s: status %d", lang, path, res.StatusCode)
			}
			if m := raw.FindString(html.UnescapeString(res.Body)); m != "" {
				t.Errorf("%s %s: untranslated key %q", lang, path, m)
			}
			wantBody(t, res, `<html lang="`+lang+`">`)
		}
	}
}

// TestLexiconNavForRootAdmins: the search dictionary serves every agency,
// so its navigation link shows only to admins over the root, the only
// ones who may open it; an OPD's admin sees the audit log but no link to
// a page that would refuse them.
func TestLexiconNavForRootAdmins(t *testing.T) {
	s := newSite(t, false)
	ctx := context.Background()
	if _, err := s.App.CreateOrg(ctx, app.System, app.NewOrg{Code: "dinas-a", Name: "Dinas A", Kind: km.OrgOPD, Parent: km.RootOrgCode}); err != nil {
		t.Fatal(err)
	}
	const pw = "rahasia-sekali"
	as := func(email, org string) *client {
		if _, err := s.App.CreateUser(ctx, app.System, app.NewUser{Email: email, Name: email, OrgCode: org, Password: pw,
			Roles: []km.Role{km.RoleAdmin}}); err != nil {
			t.Fatal(err)
		}
		c := s.client(t)
		c.login(email, pw)
		return c
	}
	root, opd := as("admin@root.go.id", km.RootOrgCode), as("admin@a.go.id", "dinas-a")
	res := root.get("/")
	wantBody(t, res, `href="/admin/lexicon"`, `href="/admin/audit"`)
	wantStatus(t, root.get("/admin/lexicon"), http.StatusOK)
	res = opd.get("/")
	wantBody(t, res, `href="/admin/audit"`)
	notBody(t, res, `href="/admin/lexicon"`)
	wantStatus(t, opd.get("/admin/lexicon"), http.StatusForbidden)
	notBody(t, s.client(t).get("/"), `href="/admin/lexicon"`)
}

// TestPracticeFormsBadBody: a practice form that cannot be read, or that
// is too large, is a 4xx page, never a 500.
func TestPracticeFormsBadBody(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	c.login(contributorDinkes, demoPassword)
	post := func(path, body string) response {
		req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return c.do(req)
	}
	res := post("/practices", "title=%zz")
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "tidak dapat dibaca")
	wantStatus(t, post("/practices", "title="+strings.Repeat("x", 3<<20)), http.StatusRequestEntityTooLarge)
	wantStatus(t, post("/practices/1/transition", "action=%zz"), http.StatusBadRequest)
	wantStatus(t, post("/practices/x/transition", "action=submit"), http.StatusNotFound)
}
