package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/pdftest"
)

const briefBaseURL = "https://km.jakarta.example"

// flatText is a PDF's text with runs of white space made one space, so
// that a phrase wrapped or laid out in columns can still be found.
func flatText(t testing.TB, pdf string) string {
	t.Helper()
	return strings.Join(strings.Fields(pdftest.Text(t, []byte(pdf))), " ")
}

// TestPracticeBrief: the practice page links its PDF brief; the brief, on
// the site and from the API, is one page carrying the title, the agency,
// a metric with the change the page shows and the page's address built
// from the configured base URL (printed and as the QR code) whatever Host
// header the request named; Indonesian typography survives; the labels
// follow the request's language.
func TestPracticeBrief(t *testing.T) {
	s := newSite(t, true, func(c *config.Config) { c.BaseURL = briefBaseURL + "/" })
	coord := s.user(t, coordinatorPasar)
	p := s.practice(t, coord, km.Practice{Title: "Pengelolaan “Pasar” — 2² lantai", Summary: "Retribusi nontunai lewat QRIS – tanpa antre.",
		Lessons: "Pedagang perlu pendampingan.", Replication: "Siapkan QRIS per los.", Access: km.AccessPublic, Status: km.StatusPublished,
		Metrics: []km.Metric{{Indicator: "Transaksi nontunai", Unit: "transaksi/hari", Baseline: 40, Value: 50}}}, "pasarjaya")
	p, err := s.App.Practice(context.Background(), app.Actor{User: &coord}, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	pub := s.client(t)
	page := fmt.Sprintf("/practices/%d", p.ID)
	wantBody(t, pub.get(page), `href="`+page+`/brief.pdf"`, "Unduh ringkasan PDF")

	wantURL := briefBaseURL + page
	for _, path := range []string{page + "/brief.pdf", "/api/v1" + page + "/brief.pdf"} {
		res := pub.getForged(path)
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("%s: Content-Type %q", path, ct)
		}
		if cd, want := res.Header.Get("Content-Disposition"), fmt.Sprintf("praktik-%d-pengelolaan-pasar-2-lantai.pdf", p.ID); !strings.Contains(cd, want) {
			t.Errorf("%s: Content-Disposition %q, want it to hold %s", path, cd, want)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		if n := pdftest.Pages(t, []byte(res.Body)); n != 1 {
			t.Errorf("%s: %d pages, want 1", path, n)
		}
		text := flatText(t, res.Body)
		for _, want := range []string{p.Title, p.OrgName, "Praktik baik", "Retribusi nontunai lewat QRIS – tanpa antre.",
			"Transaksi nontunai (transaksi/hari)", "+10 (+25%)", "Pelajaran", "Cara mereplikasi", wantURL} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the brief's text lacks %q:\n%s", path, want, text)
			}
		}
		if strings.Contains(text, "evil.example") || !strings.Contains(text, "Belum diadopsi instansi lain") {
			t.Errorf("%s: the brief names the forged host, or not its (zero) adopters:\n%s", path, text)
		}
		if got := pdftest.QR(t, []byte(res.Body)); got != wantURL {
			t.Errorf("%s: QR code %q, want %q", path, got, wantURL)
		}
	}

	req, _ := http.NewRequest(http.MethodGet, pub.base+page+"/brief.pdf", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	res := pub.do(req)
	wantStatus(t, res, http.StatusOK)
	text := flatText(t, res.Body)
	for _, want := range []string{"Good practice", "Impact", "How to replicate", "+10 (+25%)"} {
		if !strings.Contains(text, want) {
			t.Errorf("English brief lacks %q:\n%s", want, text)
		}
	}

	// With an adoptions count, the brief says it.
	s.App.AdopterCount = func(_ context.Context, id int64) (int, error) {
		if id != p.ID {
			t.Errorf("adopters asked of practice %d, want %d", id, p.ID)
		}
		return 4, nil
	}
	if text := flatText(t, pub.get(page+"/brief.pdf").Body); !strings.Contains(text, "Diadopsi oleh 4 instansi") {
		t.Errorf("brief lacks the adopters line:\n%s", text)
	}
}

// TestPracticeBriefAccess: a brief is read exactly as its page: an
// internal practice's is 404 to the anonymous (site and API) and served
// to its agency's member; a draft's only to those who may read the draft.
func TestPracticeBriefAccess(t *testing.T) {
	s := newSite(t, true)
	coord := s.user(t, coordinatorPasar)
	author := s.user(t, contributorPasar)
	internal := s.practice(t, coord, km.Practice{Title: "Catatan internal pasar", Summary: "rahasia dapur", Access: km.AccessInternal, Status: km.StatusPublished}, "pasarjaya")
	draft := s.practice(t, author, km.Practice{Title: "Draf pasar", Summary: "belum terbit", Access: km.AccessPublic}, "pasarjaya")

	anon := s.client(t)
	member := s.client(t)
	member.login(contributorPasar, demoPassword)
	other := s.client(t)
	other.login(contributorDinkes, demoPassword)

	ipath := fmt.Sprintf("/practices/%d/brief.pdf", internal.ID)
	res := anon.get(ipath)
	wantStatus(t, res, http.StatusNotFound)
	notBody(t, res, "rahasia dapur", "%PDF")
	wantStatus(t, anon.get("/api/v1"+ipath), http.StatusNotFound)
	res = member.get(ipath)
	wantStatus(t, res, http.StatusOK)
	if text := flatText(t, res.Body); !strings.Contains(text, "Catatan internal pasar") {
		t.Errorf("member's brief lacks the title:\n%s", text)
	}

	dpath := fmt.Sprintf("/practices/%d/brief.pdf", draft.ID)
	wantStatus(t, anon.get(dpath), http.StatusNotFound)
	wantStatus(t, anon.get("/api/v1"+dpath), http.StatusNotFound)
	wantStatus(t, other.get(dpath), http.StatusNotFound)
	res = member.get(dpath)
	wantStatus(t, res, http.StatusOK)
	if text := flatText(t, res.Body); !strings.Contains(text, "Draf: belum terbit") {
		t.Errorf("the draft's brief is not marked a draft:\n%s", text)
	}
	for _, bad := range []string{"/practices/0/brief.pdf", "/practices/abc/brief.pdf", "/practices/999999/brief.pdf"} {
		wantStatus(t, anon.get(bad), http.StatusNotFound)
	}
}

// TestPracticeBriefLong: a practice with every field near its limit and
// twenty metrics still makes a one-page brief, cut with an ellipsis and
// pointing to the page for the rest.
func TestPracticeBriefLong(t *testing.T) {
	s := newSite(t, true, func(c *config.Config) { c.BaseURL = briefBaseURL })
	coord := s.user(t, coordinatorPasar)
	para := strings.Repeat("Pedagang pasar tradisional membayar retribusi harian dengan “QRIS” — tanpa uang tunai. ", 12)
	long := strings.Repeat(para+"\n\n", 18)[:19000]
	p := km.Practice{Title: strings.Repeat("Penyederhanaan layanan pasar ", 10)[:290], Summary: strings.Repeat("Ringkasan ", 199),
		Lessons: long, Replication: long, Access: km.AccessPublic, Status: km.StatusPublished}
	for i := range 20 {
		p.Metrics = append(p.Metrics, km.Metric{Indicator: fmt.Sprintf("Indikator %d %s", i, strings.Repeat("panjang ", 30)), Unit: "orang", Baseline: 1e14, Value: 9e14})
	}
	p = s.practice(t, coord, p, "pasarjaya")
	res := s.client(t).get(fmt.Sprintf("/practices/%d/brief.pdf", p.ID))
	wantStatus(t, res, http.StatusOK)
	if n := pdftest.Pages(t, []byte(res.Body)); n != 1 {
		t.Fatalf("a long practice's brief has %d pages, want 1", n)
	}
	text := flatText(t, res.Body)
	wantURL := fmt.Sprintf("%s/practices/%d", briefBaseURL, p.ID)
	for _, want := range []string{"…", "Selengkapnya di " + wantURL, "indikator lainnya", "Pelajaran", "Cara mereplikasi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the long brief lacks %q:\n%s", want, text)
		}
	}
}
