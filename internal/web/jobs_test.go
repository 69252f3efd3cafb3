package web_test

import (
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lumbung/internal/config"
)

// TestJobsPage: the admins' job list answers the root admin, in either
// language, and refuses everyone else. A link mail that fails (the SMTP
// server is down) waits for another attempt, and the list shows why it
// failed, never the link itself.
func TestJobsPage(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "smtp://" + l.Addr().String() // nobody answers there
	l.Close()
	s := newSite(t, true, func(c *config.Config) { c.SMTPURL, c.MailFrom = down, "Lumbung <lumbung@demo.lumbung.id>" })
	s.startJobs(t)

	wantStatus(t, s.client(t).get("/admin/jobs"), http.StatusSeeOther) // to the login page
	for _, who := range []string{contributorPasar, coordinatorPasar} {
		c := s.client(t)
		c.login(who, demoPassword)
		wantStatus(t, c.get("/admin/jobs"), http.StatusForbidden)
	}
	admin := s.client(t)
	admin.login(adminEmail, demoPassword)
	res := admin.get("/admin/jobs")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Pekerjaan latar", `<option value="retryable"`, "akan dicoba lagi")
	wantStatus(t, admin.post("/admin/users/reset-link", url.Values{"email": {contributorPasar}}), http.StatusOK)

	// River's backoff: a second attempt about a second after the first,
	// the third some 16 s later, so the job is listed as retryable.
	errCell := regexp.MustCompile(`data-state="retryable">[^<]*</td>\s*<td>2 / 10</td>\s*<td class="detail">([^<]+)</td>`)
	deadline := time.Now().Add(20 * time.Second)
	for {
		res = admin.get("/admin/jobs?state=retryable")
		wantStatus(t, res, http.StatusOK)
		if m := errCell.FindStringSubmatch(res.Body); m != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no retryable link mail with its error listed; body:\n%s", excerpt(res.Body))
		}
		time.Sleep(100 * time.Millisecond)
	}
	wantBody(t, res, "Surel tautan sekali pakai", "link_mail")
	notBody(t, res, "/undangan/")

	// The freeze job ran at start, once this node was elected leader.
	for deadline = time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/admin/jobs?state=completed", nil)
		req.Header.Set("Accept-Language", "en")
		res = admin.do(req)
		wantStatus(t, res, http.StatusOK)
		if strings.Contains(res.Body, "Freeze entries at the deadline") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no completed freeze job listed; body:\n%s", excerpt(res.Body))
		}
	}
	wantStatus(t, admin.get("/admin/jobs?state=bogus"), http.StatusOK)
}
