package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
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

	const title = "Kotak saran digital di loket puskesmas"
	do("sign in",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.URL+"/lang?to=id&next=/login"),
		chromedp.WaitVisible(css("#email")),
		chromedp.SendKeys(css("#email"), contributorDinkes),
		chromedp.SendKeys(css("#password"), demoPassword),
		chromedp.Click(css("form.login button[type=submit]")),
		chromedp.WaitVisible(css("form.signout")),
	)
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
	shoot("home-390", s.URL+"/")
	shoot("new-practice-390", location)
	shoot("demo-practice-390", s.URL+"/practices/1")
	shoot("form-390", s.URL+"/practices/new")
	shoot("list-390", s.URL+"/practices")

	// More pages and a desktop width, for a person reviewing the design.
	if os.Getenv("LUMBUNG_SHOTS_ALL") != "" {
		shootAt("form-1280", s.URL+"/practices/new", 1280)
		shootAt("demo-practice-1280", s.URL+"/practices/1", 1280)
		shootAt("list-1280", s.URL+"/practices", 1280)
		for _, p := range []string{"/orgs", "/orgs/pasarjaya", "/me/drafts"} {
			shootAt("page"+strings.ReplaceAll(p, "/", "_")+"-390", s.URL+p, 390)
		}
		do("sign in as coordinator",
			chromedp.Navigate(s.URL+"/practices/new"),
			chromedp.WaitVisible(css("form.signout button")),
			chromedp.Click(css("form.signout button")),
			chromedp.WaitVisible(css("a.signin")),
			chromedp.Navigate(s.URL+"/login"),
			chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), "koordinator.dinkes@demo.lumbung.id"),
			chromedp.SendKeys(css("#password"), demoPassword),
			chromedp.Click(css("form.login button[type=submit]")),
			chromedp.WaitVisible(css("form.signout")),
			chromedp.Navigate(location),
			chromedp.WaitVisible(css("main")),
		)
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
		do("sign in as admin",
			chromedp.Click(css("form.signout button")),
			chromedp.WaitVisible(css("a.signin")),
			chromedp.Navigate(s.URL+"/login"),
			chromedp.WaitVisible(css("#email")),
			chromedp.SendKeys(css("#email"), adminEmail),
			chromedp.SendKeys(css("#password"), demoPassword),
			chromedp.Click(css("form.login button[type=submit]")),
			chromedp.WaitVisible(css("form.signout")),
		)
		shootAt("audit-390", s.URL+"/admin/audit", 390)
		shootAt("audit-1280", s.URL+"/admin/audit", 1280)
	}
}
