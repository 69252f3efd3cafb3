package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/km"
	"lumbung/internal/server"
	"lumbung/internal/store/storetest"
)

// testSite is a running Lumbung with its app, for arranging data directly.
type testSite struct {
	*httptest.Server
	App *app.App
	srv *server.Server
}

// startJobs works the site's job queue, as Serve does, until the test
// ends. Other tests leave it stopped: jobs are inserted, not worked, and
// the award's periodic freeze does not run behind their backs.
func (s *testSite) startJobs(t testing.TB) {
	t.Helper()
	if err := s.srv.StartJobs(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.srv.StopJobs(ctx)
	})
}

// newSite starts the full handler (server.New) on a fresh store, with the
// demo data when demo is set.
func newSite(t testing.TB, demo bool, tweak ...func(*config.Config)) *testSite {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.DatabaseURL = storetest.SchemaURL(t)
	cfg.Demo = demo
	cfg.InsecureCookies = true
	for _, f := range tweak {
		f(&cfg)
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("LUMBUNG_TEST_LOG") != "" {
		logOut = os.Stderr
	}
	srv, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(logOut, nil)))
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler)
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	return &testSite{Server: ts, App: srv.App, srv: srv}
}

// client is a browser stand-in: a cookie jar, and redirects not followed
// so that tests can check them.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
}

func (s *testSite) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &client{t: t, base: s.URL, hc: hc}
}

// response is a read response.
type response struct {
	*http.Response
	Body string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return response{Response: res, Body: string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// login signs in and fails the test if that does not work.
func (c *client) login(email, password string) {
	c.t.Helper()
	res := c.post("/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: got status %d, want 303; body:\n%s", email, res.StatusCode, res.Body)
	}
}

// wantStatus fails unless res has status code want.
func wantStatus(t testing.TB, res response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s %s: got status %d, want %d; body:\n%s", res.Request.Method, res.Request.URL.Path, res.StatusCode, want, excerpt(res.Body))
	}
}

// wantBody fails unless the body holds every one of subs, as written or
// once character references are decoded (html/template writes + as &#43;).
func wantBody(t testing.TB, res response, subs ...string) {
	t.Helper()
	decoded := html.UnescapeString(res.Body)
	for _, s := range subs {
		if !strings.Contains(res.Body, s) && !strings.Contains(decoded, s) {
			t.Errorf("%s %s: body lacks %q; body:\n%s", res.Request.Method, res.Request.URL.Path, s, excerpt(res.Body))
		}
	}
}

// notBody fails if the body holds any of subs.
func notBody(t testing.TB, res response, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(res.Body, s) {
			t.Errorf("%s %s: body holds %q, want it absent", res.Request.Method, res.Request.URL.Path, s)
		}
	}
}

// excerpt keeps failure messages readable: the <main> element if present.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
		if j := strings.Index(body, "</main>"); j >= 0 {
			body = body[:j+7]
		}
	}
	if len(body) > 4000 {
		body = body[:4000] + "…"
	}
	return body
}

const demoPassword = "lumbung-demo"

// user returns a demo account by e-mail.
func (s *testSite) user(t testing.TB, email string) km.User {
	t.Helper()
	u, err := s.App.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

// practice creates a practice as the given user, straight through the app.
func (s *testSite) practice(t testing.TB, as km.User, p km.Practice, orgCode string) km.Practice {
	t.Helper()
	got, err := s.App.CreatePractice(context.Background(), app.Actor{User: &as}, app.PracticeInput{Practice: p, OrgCode: orgCode})
	if err != nil {
		t.Fatalf("create practice %q: %v", p.Title, err)
	}
	return got
}

var controlRE = regexp.MustCompile(`<(input|select|textarea)\b([^>]*)>`)
var idRE = regexp.MustCompile(`\bid="([^"]+)"`)

// wantLabels fails for a form control with no label: either a <label
// for=…> naming its id, or a <label> around it.
func wantLabels(t testing.TB, res response) {
	t.Helper()
	body := res.Body
	n := 0
	for _, loc := range controlRE.FindAllStringSubmatchIndex(body, -1) {
		attrs := body[loc[4]:loc[5]]
		if strings.Contains(attrs, `type="hidden"`) {
			continue
		}
		n++
		if m := idRE.FindStringSubmatch(attrs); m != nil {
			if !strings.Contains(body, `for="`+m[1]+`"`) {
				t.Errorf("%s: control #%s has no label", res.Request.URL.Path, m[1])
			}
			continue
		}
		before := body[:loc[0]]
		if strings.LastIndex(before, "<label") <= strings.LastIndex(before, "</label>") {
			t.Errorf("%s: control %q has neither an id with a label nor a label around it", res.Request.URL.Path, body[loc[0]:loc[1]])
		}
	}
	if n == 0 {
		t.Errorf("%s: no form controls found", res.Request.URL.Path)
	}
}
