package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

var linkRE = regexp.MustCompile(`https?://[^"<\s]+/undangan/[A-Za-z0-9_-]{43}`)

// linkIn is the one one-time link a page shows, as a path.
func linkIn(t testing.TB, res response) string {
	t.Helper()
	ms := linkRE.FindAllString(res.Body, -1)
	if len(ms) != 1 {
		t.Fatalf("%s %s: %d one-time links on the page, want 1; body:\n%s", res.Request.Method, res.Request.URL.Path, len(ms), excerpt(res.Body))
	}
	u, err := url.Parse(ms[0])
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// noTokens fails if a table of the database holds one of the links' tokens:
// the invitations, the audit log or the sessions (where a flash message
// would have put it).
func noTokens(t testing.TB, s *testSite, links ...string) {
	t.Helper()
	for _, q := range []string{`SELECT token_hash FROM invitations`, `SELECT detail FROM audit_events`, `SELECT data FROM sessions`} {
		rows, err := s.App.Store.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var b []byte
			rows.Scan(&b)
			for _, l := range links {
				if tok := strings.TrimPrefix(l, app.LinkPath); strings.Contains(string(b), tok) {
					t.Errorf("%s holds the token of %s", q, l)
				}
			}
		}
		rows.Close()
	}
}

// TestInvitationPages: the secretariat puts an external juror on the jury
// and sees the invitation link once; the juror sets a password through it
// and signs in. A re-issued, reused, expired or unknown link shows a
// refusal and changes nothing; a signed-in visitor must sign out first.
func TestInvitationPages(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	res := s.sec.post("/award/new", url.Values{"code": {"kma"}, "name": {"KM Award 2026"}, "year": {"2026"}, "organiser": {km.RootOrgCode},
		"registration_opens": {inWIB(-time.Hour)}, "submission_deadline": {inWIB(48 * time.Hour)}, "announcement_at": {inWIB(480 * time.Hour)},
		"winners": {"3"}, "method": {"zscore"}})
	wantStatus(t, res, http.StatusSeeOther)

	res = s.sec.post("/award/kma/setup/juror", url.Values{"orig": {""}, "email": {"pakar@univ.ac.id"}, "name": {"Dr. Pakar"}, "org": {""}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "hanya ditampilkan sekali", "pakar@univ.ac.id")
	wantLabels(t, res)
	first := linkIn(t, res)
	res = s.sec.get("/award/kma/setup")
	if linkRE.MatchString(res.Body) {
		t.Error("the setup page shows the invitation again")
	}
	wantBody(t, res, "Belum mengatur kata sandi", `action="/award/kma/setup/juror-invite"`)
	// A juror who has an account gets no link.
	res = s.sec.post("/award/kma/setup/juror", url.Values{"orig": {""}, "email": {"kontributor@b.go.id"}, "org": {"dinas-b"}})
	wantStatus(t, res, http.StatusSeeOther)

	anon := s.client(t)
	res = anon.get(first)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Atur kata sandi Anda", "Dr. Pakar", "pakar@univ.ac.id", `autocomplete="new-password"`)
	wantLabels(t, res)
	if res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("link page headers: Cache-Control %q, Referrer-Policy %q", res.Header.Get("Cache-Control"), res.Header.Get("Referrer-Policy"))
	}

	// Someone signed in may not set this password, nor see the form.
	res = s.entA.get(first)
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "Anda sedang masuk sebagai kontributor@a.go.id", `name="next" value="`+first+`"`)
	notBody(t, res, `name="password"`)
	wantStatus(t, s.entA.post(first, url.Values{"password": {"sandi-curian-1"}, "password2": {"sandi-curian-1"}}), http.StatusConflict)
	res = s.client(t).post("/login", url.Values{"email": {"pakar@univ.ac.id"}, "password": {"sandi-curian-1"}})
	wantStatus(t, res, http.StatusUnauthorized)

	wantStatus(t, anon.post(first, url.Values{"password": {"sandi-juri-satu"}, "password2": {"sandi-juri-dua"}}), http.StatusUnprocessableEntity)
	res = anon.post(first, url.Values{"password": {"pendek"}, "password2": {"pendek"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "kata sandi minimal 8 karakter")

	// Re-issued: the first link is dead.
	res = s.sec.post("/award/kma/setup/juror-invite", url.Values{"orig": {"pakar@univ.ac.id"}})
	wantStatus(t, res, http.StatusOK)
	second := linkIn(t, res)
	res = anon.get(first)
	wantStatus(t, res, http.StatusGone)
	wantBody(t, res, "sudah diganti dengan tautan yang lebih baru")
	wantStatus(t, anon.post(first, url.Values{"password": {"sandi-juri-satu"}, "password2": {"sandi-juri-satu"}}), http.StatusGone)

	res = anon.post(second, url.Values{"password": {"sandi-juri-satu"}, "password2": {"sandi-juri-satu"}})
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != "/login" {
		t.Errorf("after setting the password: redirected to %q, want /login", loc)
	}
	wantBody(t, anon.get("/login"), "Kata sandi tersimpan")
	anon.login("pakar@univ.ac.id", "sandi-juri-satu")

	// Used: a second use is refused and the password stays.
	other := s.client(t)
	res = other.post(second, url.Values{"password": {"sandi-juri-dua"}, "password2": {"sandi-juri-dua"}})
	wantStatus(t, res, http.StatusGone)
	wantBody(t, res, "sudah dipakai", "Tidak ada yang berubah")
	other.login("pakar@univ.ac.id", "sandi-juri-satu")
	res = s.sec.post("/award/kma/setup/juror-invite", url.Values{"orig": {"pakar@univ.ac.id"}})
	wantStatus(t, res, http.StatusConflict)
	wantBody(t, res, "sudah mengatur kata sandinya")

	// Expired.
	res = s.sec.post("/award/kma/setup/juror", url.Values{"orig": {""}, "email": {"lama@univ.ac.id"}, "name": {"Lama"}, "org": {""}})
	old := linkIn(t, res)
	if _, err := s.App.Store.DB().Exec(`UPDATE invitations SET expires_at = $1 WHERE user_id = (SELECT id FROM users WHERE email = $2)`,
		time.Now().Add(-time.Minute).UTC(), "lama@univ.ac.id"); err != nil {
		t.Fatal(err)
	}
	res = s.client(t).get(old)
	wantStatus(t, res, http.StatusGone)
	wantBody(t, res, "kedaluwarsa")
	wantStatus(t, s.client(t).post(old, url.Values{"password": {"sandi-lama-1"}, "password2": {"sandi-lama-1"}}), http.StatusGone)
	res = s.client(t).post("/login", url.Values{"email": {"lama@univ.ac.id"}, "password": {"sandi-lama-1"}})
	wantStatus(t, res, http.StatusUnauthorized)

	for _, bad := range []string{"/undangan/x", "/undangan/" + strings.Repeat("A", 43), "/undangan/%00"} {
		res := s.client(t).get(bad)
		wantStatus(t, res, http.StatusNotFound)
		wantBody(t, res, "Tautan tidak dapat dipakai")
	}
	noTokens(t, s.testSite, first, second, old)
	if evs, err := s.App.AuditLog(ctx, app.System, km.AuditFilter{Action: "user.link.use"}); err != nil || len(evs) != 1 {
		t.Errorf("use events: %d, %v; want 1", len(evs), err)
	}
}

// TestResetLinkPages: an agency coordinator lists the people of their
// agency and makes a reset link, shown once; it sets a new password once,
// and the old one stops working. Others cannot make one; the login page
// points to the "forgot your password?" page, which tells nothing about
// any account.
func TestResetLinkPages(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	if _, err := s.App.CreateUser(ctx, app.System, app.NewUser{Email: "koordinator@a.go.id", Name: "Koordinator A", OrgCode: "dinas-a",
		Password: setupPassword, Roles: []km.Role{km.RoleCoordinator}}); err != nil {
		t.Fatal(err)
	}
	coord := s.client(t)
	coord.login("koordinator@a.go.id", setupPassword)

	res := coord.get("/admin/users")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "kontributor@a.go.id", `action="/admin/users/reset-link"`)
	notBody(t, res, "kontributor@b.go.id", "sekretariat@root.go.id")
	wantStatus(t, s.entA.get("/admin/users"), http.StatusForbidden)
	wantStatus(t, s.entA.post("/admin/users/reset-link", url.Values{"email": {"kontributor@b.go.id"}}), http.StatusForbidden)
	wantStatus(t, coord.post("/admin/users/reset-link", url.Values{"email": {"kontributor@b.go.id"}}), http.StatusForbidden)
	wantStatus(t, coord.post("/admin/users/reset-link", url.Values{"email": {"sekretariat@root.go.id"}}), http.StatusForbidden)

	res = coord.post("/admin/users/reset-link", url.Values{"email": {"kontributor@a.go.id"}})
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Tautan untuk kontributor@a.go.id", "hanya ditampilkan sekali")
	wantLabels(t, res)
	first := linkIn(t, res)
	res = coord.post("/admin/users/reset-link", url.Values{"email": {"kontributor@a.go.id"}})
	link := linkIn(t, res)
	if linkRE.MatchString(coord.get("/admin/users").Body) {
		t.Error("the user list shows the link again")
	}

	anon := s.client(t)
	res = anon.get(first)
	wantStatus(t, res, http.StatusGone)
	res = anon.get(link)
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Atur ulang kata sandi", "kontributor@a.go.id")
	wantStatus(t, anon.post(link, url.Values{"password": {"sandi-baru-ani"}, "password2": {"sandi-baru-ani"}}), http.StatusSeeOther)
	anon.login("kontributor@a.go.id", "sandi-baru-ani")
	wantStatus(t, s.client(t).post("/login", url.Values{"email": {"kontributor@a.go.id"}, "password": {setupPassword}}), http.StatusUnauthorized)
	wantStatus(t, s.client(t).post(link, url.Values{"password": {"sandi-ketiga"}, "password2": {"sandi-ketiga"}}), http.StatusGone)

	res = s.client(t).get("/login")
	wantBody(t, res, `href="/lupa-sandi"`, "Lupa kata sandi?")
	res = s.client(t).get("/lupa-sandi")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "koordinator KM")
	noTokens(t, s.testSite, first, link)
}

// TestLinkRateLimit: an address that keeps trying dead links is refused
// for a while, even with a good one, and the good one still works later
// from elsewhere (here: it is not used up by the refusal).
func TestLinkRateLimit(t *testing.T) {
	s := newSetupSite(t)
	ctx := context.Background()
	l, err := s.App.ResetLink(ctx, app.System, "kontributor@a.go.id")
	if err != nil {
		t.Fatal(err)
	}
	c := s.client(t)
	for i := 0; i < 10; i++ {
		wantStatus(t, c.get("/undangan/"+strings.Repeat("A", 42)+string(rune('A'+i))), http.StatusNotFound)
	}
	path := l.URL[strings.Index(l.URL, app.LinkPath):]
	res := c.get(path)
	wantStatus(t, res, http.StatusTooManyRequests)
	notBody(t, res, `name="password"`)
	wantStatus(t, c.post(path, url.Values{"password": {"sandi-baru-ani"}, "password2": {"sandi-baru-ani"}}), http.StatusTooManyRequests)
	if _, err := s.App.CheckLink(ctx, path[len(app.LinkPath):]); err != nil {
		t.Errorf("the link after refused requests: %v", err)
	}
}
