package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

const chromium = "/usr/bin/chromium"

// TestBrowser drives a real browser: sign in as a demo contributor, write a
// practice through the form, and check two pages at phone width for
// horizontal overflow. Screenshots go to a temp dir and to
// /tmp/lumbung-shots for a person to look at.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no chromium at " + chromium)
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	s := newSite(t, true)

	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(chromium),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancel := context.WithTimeout(ctx, 150*time.Second)
	defer cancel()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	type css = chromedp.CSS
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// login signs email in on the login page at loginURL, at phone width.
	login := func(email, loginURL string) {
		t.Helper()
		do("sign in as "+email,
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(loginURL),
			chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), email),
			chromedp.SendKeys(css("#password"), demoPassword),
			chromedp.Click(css("form.login button[type=submit]")),
			chromedp.WaitVisible(css("form.signout")),
		)
	}
	// signIn signs out whoever is signed in and signs email in.
	signIn := func(email string) {
		t.Helper()
		do("sign out",
			chromedp.Navigate(s.URL+"/"),
			chromedp.WaitVisible(css("form.signout button")),
			chromedp.Click(css("form.signout button")),
			chromedp.WaitVisible(css("a.signin")),
		)
		login(email, s.URL+"/login")
	}

	const title = "Kotak saran digital di loket puskesmas"
	login(contributorDinkes, s.URL+"/lang?to=id&next=/login")
	do("write a practice",
		chromedp.Navigate(s.URL+"/practices/new"),
		chromedp.WaitVisible(css("#f-title")),
		chromedp.SendKeys(css("#f-title"), title),
		chromedp.SendKeys(css("#f-summary"), "Warga menilai layanan lewat kode QR di loket; keluhan dijawab dalam dua hari."),
		chromedp.SendKeys(css("#f-problem"), "Kotak saran kertas jarang dibuka."),
		chromedp.SetValue(css("#f-affair"), "kesehatan"),
		chromedp.SendKeys(css("#f-year"), "2025"),
		chromedp.SendKeys(css(`[id="f-metrics.0.indicator"]`), "Keluhan dijawab dalam 2 hari"),
		chromedp.SendKeys(css(`[id="f-metrics.0.unit"]`), "persen"),
		chromedp.SendKeys(css(`[id="f-metrics.0.baseline"]`), "40"),
		chromedp.SendKeys(css(`[id="f-metrics.0.value"]`), "88,5"),
		chromedp.Click(css("button[name=submit][value=draft]")),
		chromedp.WaitVisible(css("#p-title")),
	)
	if got := strings.TrimSpace(text("#p-title")); got != title {
		t.Errorf("practice page heading = %q, want %q", got, title)
	}
	if got := text("table.metrics"); !strings.Contains(got, "+121%") || !strings.Contains(got, "88,5") {
		t.Errorf("metrics table reads %q, want 88,5 and +121%%", got)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.Contains(location, "/practices/") {
		t.Fatalf("after saving the browser is at %q (%v)", location, err)
	}

	var shootAt func(name, url string, width int64)
	dir := t.TempDir()
	shared := "/tmp/lumbung-shots"
	if err := os.MkdirAll(shared, 0o755); err != nil {
		shared = ""
	}
	shoot := func(name, url string) { shootAt(name, url, 390) }
	shootAt = func(name, url string, width int64) {
		t.Helper()
		do("open "+name,
			chromedp.EmulateViewport(width, 844),
			chromedp.Navigate(url),
			chromedp.WaitVisible(css("main")),
		)
		widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if err != nil {
			t.Fatalf("measure %s: %v", name, err)
		}
		if len(widths) != 2 || widths[0] > widths[1] {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("body *")).
				filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).
				slice(0, 8).map(e => e.tagName + "." + e.className + " right=" + Math.round(e.getBoundingClientRect().right))`))
			t.Errorf("%s overflows horizontally at %dpx: scrollWidth, innerWidth = %v; widest elements: %q", name, width, widths, wide)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		for _, d := range []string{dir, shared} {
			if d == "" {
				continue
			}
			if err := os.WriteFile(filepath.Join(d, name+".jpg"), png, 0o644); err != nil {
				t.Errorf("save screenshot: %v", err)
			}
		}
	}
	// labelled fails for a form control in the page's main part that no
	// label names (the browser's own reckoning: el.labels).
	labelled := func(name string) {
		t.Helper()
		bare, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main input, main select, main textarea")).
			filter(e => e.type !== "hidden" && e.labels.length === 0 && !e.getAttribute("aria-label")).
			map(e => e.tagName + "#" + e.id + "[name=" + e.name + "]")`))
		if err != nil {
			t.Fatalf("labels of %s: %v", name, err)
		}
		if len(bare) > 0 {
			t.Errorf("%s: form controls without a label: %q", name, bare)
		}
	}
	shoot("home-390", s.URL+"/")
	shoot("new-practice-390", location)
	shoot("demo-practice-390", s.URL+"/practices/1")
	// Questions and answers on a practice at phone width, a long unbroken
	// word and a code line included.
	asker := app.Actor{User: ptrUser(s.user(t, adminEmail))}
	q, err := s.App.AskQuestion(context.Background(), asker, 1,
		"Bagaimana **menghubungi** pengelola? "+strings.Repeat("panjang", 30)+"\n\n    kode_yang_sangat_panjang_sekali_tanpa_spasi_sama_sekali_untuk_menguji_lebar")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.PostAnswer(context.Background(), asker, q.ID, "Lewat *aplikasi* atau datang langsung."); err != nil {
		t.Fatal(err)
	}
	shoot("practice-questions-390", s.URL+"/practices/1#questions")
	labelled("practice-questions-390")
	shoot("form-390", s.URL+"/practices/new")
	labelled("form-390")
	shoot("list-390", s.URL+"/practices")
	// The search page: results with highlights, facets, the sort choice.
	shoot("search-390", s.URL+"/search?q=pelayanan+pasar&sort=newest")
	labelled("search")
	if got := text("nav.sort"); !strings.Contains(got, "Terbaru") {
		t.Errorf("search page sort choice reads %q", got)
	}
	if got := text(".facets"); !strings.Contains(got, "Perangkat daerah") {
		t.Errorf("search page facets read %q", got)
	}

	// The KM Award's forms: an agency registers for an edition whose call
	// is out; the secretariat sets editions up.
	awardEditions(t, s)
	shoot("award-entries-390", s.URL+"/award/kma-2026/entries")
	do("registration form", chromedp.WaitVisible(css("#reg-org")))
	labelled("award-entries-390")
	signIn(secretariatDemo)
	for _, p := range []string{"/award/new", "/award/kma-2027/setup", "/award/kma-2026/setup"} {
		name := "award" + strings.ReplaceAll(strings.TrimPrefix(p, "/award"), "/", "_") + "-390"
		shoot(name, s.URL+p)
		do(name+" heading", chromedp.WaitVisible(css("main h1")))
		labelled(name)
	}
	// The secretariat's console at the real award's size (51 entries, 15
	// jurors): its overview and the assignment matrix, which scrolls
	// inside its own container, not the page.
	importScale(t, s.App, 51, 15)
	if _, err := s.App.CreateUser(context.Background(), app.System, app.NewUser{Email: "sekretariat@root.go.id", Name: "Sekretariat Pusat",
		OrgCode: km.RootOrgCode, Password: demoPassword, Roles: []km.Role{km.RoleSecretariat}}); err != nil {
		t.Fatal(err)
	}
	signIn("sekretariat@root.go.id")
	for _, p := range []string{"/award/skala/console", "/award/skala/console/jury", "/award/skala/console/entries",
		"/award/skala/console/progress", "/award/skala/console/confirm/publish", "/award/skala/console/results"} {
		name := "award" + strings.ReplaceAll(strings.TrimPrefix(p, "/award"), "/", "_") + "-390"
		shoot(name, s.URL+p)
		do(name+" tabs", chromedp.WaitVisible(css(`nav.console-tabs a[aria-current="page"]`)))
		labelled(name)
	}
	signIn(contributorDinkes)

	// More pages and a desktop width, for a person reviewing the design.
	if os.Getenv("LUMBUNG_SHOTS_ALL") != "" {
		shootAt("form-1280", s.URL+"/practices/new", 1280)
		shootAt("demo-practice-1280", s.URL+"/practices/1", 1280)
		shootAt("list-1280", s.URL+"/practices", 1280)
		for _, p := range []string{"/orgs", "/orgs/pasarjaya", "/me/drafts"} {
			shootAt("page"+strings.ReplaceAll(p, "/", "_")+"-390", s.URL+p, 390)
		}
		signIn("koordinator.dinkes@demo.lumbung.id")
		shootAt("review-queue-390", s.URL+"/review", 390)
		shootAt("practice-as-coordinator-390", location, 390)
		shootAt("practice-as-coordinator-1280", location, 1280)
		shootAt("revisions-390", location+"/revisions", 390)
		do("submit for review",
			chromedp.Navigate(location),
			chromedp.WaitVisible(css("form.wf-submit button")),
			chromedp.Click(css("form.wf-submit button")),
			chromedp.WaitVisible(css("form.wf-return")),
		)
		shootAt("practice-in-review-390", location, 390)
		shootAt("diff-390", location+"/diff?from=1&to=2", 390)
		shootAt("due-390", s.URL+"/review/due", 390)
		shootAt("login-390", s.URL+"/login", 390)
		shootAt("notfound-390", s.URL+"/nope", 390)
		signIn(adminEmail)
		shootAt("audit-390", s.URL+"/admin/audit", 390)
		shootAt("audit-1280", s.URL+"/admin/audit", 1280)
	}

	// The dictionary, with root words to remove, and the search analytics.
	signIn(adminEmail)
	admin := app.Actor{User: ptrUser(s.user(t, adminEmail))}
	for _, w := range []string{"jakpreneur", "jaklingko", "kolaboraksi"} {
		if err := s.App.AddRootWord(context.Background(), admin, w); err != nil {
			t.Fatal(err)
		}
	}
	shoot("lexicon-390", s.URL+"/admin/lexicon")
	labelled("lexicon")
	shoot("search-analytics-390", s.URL+"/admin/search")
	labelled("search analytics")
}

const secretariatDemo = "sekretariat@demo.lumbung.id"

// awardEditions sets up, as the demo secretariat, edition kma-2026 open
// for entries (call published) and kma-2027 still a draft, both with a
// category, a criterion with anchors and a round.
func awardEditions(t *testing.T, s *testSite) {
	t.Helper()
	ctx := context.Background()
	sec := app.Actor{User: ptrUser(s.user(t, secretariatDemo))}
	for _, code := range []string{"kma-2026", "kma-2027"} {
		steps := []func() error{
			func() error {
				_, err := s.App.CreateEdition(ctx, sec, app.EditionInput{Code: code, Name: "KM Award " + code, Year: 2026,
					RegistrationOpens: inWIB(-time.Hour), SubmissionDeadline: inWIB(480 * time.Hour), AnnouncementAt: inWIB(960 * time.Hour), Winners: 3})
				return err
			},
			func() error {
				_, err := s.App.SaveCategory(ctx, sec, code, "", app.CategoryInput{Code: "opd", Name: "Perangkat Daerah"})
				return err
			},
			func() error {
				_, err := s.App.SaveCriterion(ctx, sec, code, "", app.CriterionInput{Code: "dampak", Name: "Dampak terukur bagi warga",
					Description: "Perubahan yang dirasakan warga, dengan data sebelum dan sesudah.", Weight: 2, Min: 1, Max: 5,
					Anchors: map[string]string{"1": "Belum ada bukti dampak", "3": "Dampak ada tetapi belum diukur", "5": "Dampak terukur dan berkelanjutan"}})
				return err
			},
			func() error {
				_, err := s.App.SaveRound(ctx, sec, code, "", app.RoundInput{Code: "desk", Name: "Penilaian dokumen", Kind: "desk", Order: 1, Advance: 10, Weight: 1})
				return err
			},
		}
		if code == "kma-2026" {
			steps = append(steps, func() error { return s.App.PublishCall(ctx, sec, code) })
		}
		for i, step := range steps {
			if err := step(); err != nil {
				t.Fatalf("edition %s, step %d: %v", code, i, err)
			}
		}
	}
}
