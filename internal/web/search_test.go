package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"lumbung/internal/demo"
)

func TestSearchPage(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	res := c.get("/search?q=" + url.QueryEscape("transaksi digital pasar"))
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Lomba <mark>Pasar</mark> <mark>Digital</mark>", "<mark>", `aria-labelledby="facets-h"`, "Perangkat daerah")
	// A facet link narrows the results and can be removed again.
	res = c.get("/search?q=pelayanan&kind=bad")
	wantStatus(t, res, http.StatusOK)
	if strings.Count(res.Body, `class="card"`) == 0 {
		t.Errorf("kind=bad facet: no results")
	}
	// Relevance by default, newest first on request; the choice is kept
	// by the form and by the facet links.
	res = c.get("/search?q=pelayanan")
	wantBody(t, res, `aria-label="Urutkan"`, `aria-current="true" class="active">Paling relevan</a>`, `href="/search?q=pelayanan&amp;sort=newest">Terbaru</a>`)
	res = c.get("/search?q=pelayanan&sort=newest")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `aria-current="true" class="active">Terbaru</a>`, `<input type="hidden" name="sort" value="newest">`, "sort=newest&amp;year=")
	// A page past the deepest result anyone may page to is refused, not
	// ranked: the ranking would hold every result before it.
	wantStatus(t, c.get("/search?q=pelayanan&page=99999"), http.StatusBadRequest)
	wantStatus(t, c.get("/search?q=pelayanan&page=3"), http.StatusOK)
	// A misspelling gets a suggestion.
	res = c.get("/search?q=" + url.QueryEscape("transaksl"))
	wantBody(t, res, "Mungkin maksud Anda")
	// Nonsense and oversize input give a clear page, never a 500.
	for _, q := range []string{"*", `"`, "\x01", "😀😀", strings.Repeat("kata ", 400)} {
		res := c.get("/search?q=" + url.QueryEscape(q))
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusBadRequest {
			t.Errorf("%.20q: status %d", q, res.StatusCode)
		}
	}
	// Internal practices stay hidden from the public but not from staff.
	if strings.Contains(c.get("/search?q=internal").Body, "Data demonstrasi internal") {
		t.Errorf("public search shows an internal practice")
	}
}

// xlsxRows reads one sheet of a spreadsheet download.
func xlsxRows(t *testing.T, res response, sheet string) [][]string {
	t.Helper()
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("download headers: %q, %q", ct, res.Header.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets %q)", sheet, err, f.GetSheetList())
	}
	return rows
}

func TestRelatedAndAnalyticsPages(t *testing.T) {
	s := newSite(t, true)
	c := s.client(t)
	res := c.get("/practices/1")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Praktik terkait", `href="/kpi/qris-pasar-2025"`)
	c.get("/search?q=" + url.QueryEscape("zzzz tidak ada"))
	wantStatus(t, c.get("/admin/search"), http.StatusSeeOther) // anonymous: sign in first
	c.login(demo.Accounts[2].Email, demo.Password)             // the secretariat
	res = c.get("/admin/search")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Pencarian tanpa hasil", "zzzz tidak ada")
	wantBody(t, res, "semua pencarian, dari semua instansi dan publik", `href="/admin/search/export.xlsx?from=`)
	// The same period as a spreadsheet: both lists, as on the page.
	rows := xlsxRows(t, c.get("/admin/search/export.xlsx"), "Pencarian tanpa hasil")
	if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 1 && r[0] == "zzzz tidak ada" && r[1] == "1" }) {
		t.Errorf("export: no-result sheet %q lacks zzzz tidak ada", rows)
	}
	if len(rows) < 2 || !strings.Contains(strings.Join(rows[1], " "), "semua pencarian") {
		t.Errorf("export: no scope line in %q", rows)
	}
	wantStatus(t, c.get("/admin/search/export.xlsx?from=2026-13-45"), http.StatusBadRequest)
	wantStatus(t, s.client(t).get("/admin/search/export.xlsx"), http.StatusSeeOther) // anonymous
	wantStatus(t, c.get("/admin/lexicon"), http.StatusForbidden)
	// An OPD's KM coordinator reads their own agency's searches only: not
	// the public's query above, but what Dinkes staff looked for.
	dinkes := s.client(t)
	dinkes.login(demo.Accounts[7].Email, demo.Password) // a Dinkes contributor
	dinkes.get("/search?q=" + url.QueryEscape("imunisasi keliling qwxz"))
	coord := s.client(t)
	coord.login(demo.Accounts[6].Email, demo.Password) // the Dinkes coordinator
	res = coord.get("/admin/search")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, `href="/admin/search" aria-current="page"`, "pencarian oleh pegawai", "imunisasi keliling qwxz")
	if strings.Contains(res.Body, "zzzz tidak ada") {
		t.Error("the Dinkes coordinator sees a public search")
	}
	rows = xlsxRows(t, coord.get("/admin/search/export.xlsx"), "Pencarian terbanyak")
	if got := fmt.Sprint(rows); strings.Contains(got, "zzzz tidak ada") || !strings.Contains(got, "imunisasi keliling qwxz") {
		t.Errorf("the Dinkes coordinator's export: %s", got)
	}
	admin := s.client(t)
	admin.login(demo.Accounts[0].Email, demo.Password)
	res = admin.post("/admin/lexicon/synonyms", url.Values{"term": {"jaki"}, "expands": {"aplikasi jakarta kini, super app"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/lexicon"), "aplikasi jakarta kini")
	res = admin.post("/admin/lexicon/words", url.Values{"word": {"dua kata"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	// A new root word: the page says the index is being rebuilt with it
	// (the server's background loop does that; this site has none).
	wantBody(t, admin.get("/admin/lexicon"), "dibangun ulang otomatis")
	res = admin.post("/admin/lexicon/words", url.Values{"word": {"jakpreneur"}})
	wantStatus(t, res, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/lexicon"), "<code>jakpreneur</code>", `role="status">Indeks pencarian sedang dibangun ulang`,
		`aria-label="Hapus kata dasar jakpreneur"`)
	res = admin.post("/admin/lexicon/words/remove", url.Values{"word": {"jakpreneur"}})
	wantStatus(t, res, http.StatusSeeOther)
	if res := admin.get("/admin/lexicon"); strings.Contains(res.Body, "<code>jakpreneur</code>") {
		t.Error("the removed word is still listed")
	}
	res = admin.post("/admin/lexicon/words/remove", url.Values{"word": {"jakpreneur"}})
	wantStatus(t, res, http.StatusNotFound)
	wantBody(t, res, "tidak ada dalam daftar tambahan")
	wantStatus(t, c.post("/admin/lexicon/words/remove", url.Values{"word": {"jakpreneur"}}), http.StatusForbidden) // the secretariat
}
