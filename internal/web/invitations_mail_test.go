package web_test

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"lumbung/internal/app/awardtest"
	"lumbung/internal/award"
	"lumbung/internal/config"
	"lumbung/internal/mail/mailtest"
)

// TestInvitationEmailed: with SMTP configured, adding an external juror
// e-mails the invitation (plain text and HTML) to a real SMTP server in
// the test; the link in the mail, on the configured base URL, sets the
// password and the juror signs in.
func TestInvitationEmailed(t *testing.T) {
	smtp := mailtest.Start(t)
	const base = "https://km.jakarta.example"
	s := newSite(t, false, func(c *config.Config) {
		c.SMTPURL, c.MailFrom, c.BaseURL = smtp.URL, "Lumbung <lumbung@jakarta.go.id>", base
	})
	s.startJobs(t) // a job mails the link
	awardtest.Build(t, s.App, "km", award.PhaseJudging, false)
	sec := s.client(t)
	sec.login(awardtest.Secretariat, awardtest.Password)
	res := sec.post("/award/km/setup/juror", url.Values{"email": {"pakar.surel@univ.ac.id"}, "name": {"Dr. Pakar"}})
	wantStatus(t, res, http.StatusOK)

	got := smtp.WaitFor(t, "pakar.surel@univ.ac.id")
	msg, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	if subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); !strings.Contains(subj, "Undangan") {
		t.Errorf("subject %q", subj)
	}
	_, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	bodies := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		bodies[ct] = string(b)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(base) + `/undangan/[A-Za-z0-9_-]+`).FindString(bodies["text/plain"])
	if link == "" || !strings.Contains(bodies["text/html"], link) || !strings.Contains(bodies["text/plain"], "Dr. Pakar") {
		t.Fatalf("no link on the base URL in the mail: %q", bodies)
	}
	path := strings.TrimPrefix(link, base)
	anon := s.client(t)
	wantStatus(t, anon.post(path, url.Values{"password": {"sandi-juri-surel"}, "password2": {"sandi-juri-surel"}}), http.StatusSeeOther)
	anon.login("pakar.surel@univ.ac.id", "sandi-juri-surel")
	// Used once: the mailed link is dead now.
	if res := s.client(t).get(path); res.StatusCode == http.StatusOK {
		t.Errorf("the used link still opens: %d", res.StatusCode)
	}
}
