package web_test

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/pdftest"
	"lumbung/internal/store"
)

const certBaseURL = "https://km.jakarta.example"

// postFile posts a multipart form with file as its field "file".
func (c *client) postFile(path, name string, file []byte) response {
	c.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &b)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// getForged asks for path with a Host header and forwarding headers a
// client chose.
func (c *client) getForged(path string) response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-Host", "evil.example")
	return c.do(req)
}

// TestAwardCertificateDesignForm: the secretariat sets the place, the
// signatory and the logo in the console; a bad NIP, a file that is not an
// image and one too large are refused with a message in Indonesian.
func TestAwardCertificateDesignForm(t *testing.T) {
	f := newAwardFixture(t, true, true)
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	res := sec.get("/award/kma/console")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Desain sertifikat", `name="signatory_nip"`, `action="/award/kma/console/logo"`)
	wantLabels(t, res)

	res = sec.post("/award/kma/console/settings", url.Values{"place": {"Jakarta"}, "signatory_name": {"Dra. Siti Aminah"},
		"signatory_title": {"Kepala Biro"}, "signatory_nip": {"1970010119950320"}})
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "NIP harus 18 angka.", `value="1970010119950320"`, `value="Dra. Siti Aminah"`)
	res = sec.post("/award/kma/console/settings", url.Values{"place": {"Jakarta"}, "signatory_name": {"Dra. Siti Aminah"},
		"signatory_title": {"Kepala Biro"}, "signatory_nip": {"19700101 199503 2 001"}})
	wantStatus(t, res, http.StatusSeeOther)
	es, err := f.site.App.AwardSettings(context.Background(), f.secretariat, "kma")
	if err != nil || es.SignatoryNIP != "197001011995032001" || es.Place != "Jakarta" {
		t.Errorf("settings: %+v, %v", es, err)
	}

	res = sec.postFile("/award/kma/console/logo", "logo.png", []byte("bukan gambar, hanya teks"))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "Logo harus berkas gambar PNG atau JPEG.")
	res = sec.postFile("/award/kma/console/logo", "logo.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	wantStatus(t, res, http.StatusUnprocessableEntity)
	wantBody(t, res, "Logo harus berkas gambar PNG atau JPEG.")
	big := append(pngBytes(t), make([]byte, app.MaxLogoBytes)...)
	res = sec.postFile("/award/kma/console/logo", "logo.png", big)
	if res.StatusCode < 400 || res.StatusCode > 499 {
		t.Errorf("oversized logo: status %d, want 4xx", res.StatusCode)
	}
	wantBody(t, res, "Logo terlalu besar")
	res = sec.postFile("/award/kma/console/logo", "logo.png", bytes.Repeat([]byte("x"), 3*app.MaxLogoBytes))
	if res.StatusCode < 400 || res.StatusCode > 499 {
		t.Errorf("logo far over the limit: status %d, want 4xx", res.StatusCode)
	}
	wantBody(t, res, "Logo terlalu besar")
	if es, _ := f.site.App.AwardSettings(context.Background(), f.secretariat, "kma"); es.LogoSHA256 != "" {
		t.Errorf("a refused logo was kept: %s", es.LogoSHA256)
	}
	// Only the secretariat.
	res = f.entrant.postFile("/award/kma/console/logo", "logo.png", pngBytes(t))
	wantStatus(t, res, http.StatusForbidden)

	res = sec.postFile("/award/kma/console/logo", "logo.png", pngBytes(t))
	wantStatus(t, res, http.StatusSeeOther)
	res = f.site.client(t).get("/award/kma/logo")
	wantStatus(t, res, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "image/png" || res.Body != string(pngBytes(t)) {
		t.Errorf("logo: %s, %d bytes", ct, len(res.Body))
	}
	res = sec.get("/award/kma/console")
	wantBody(t, res, `src="/award/kma/logo"`, `action="/award/kma/console/logo-remove"`)
	wantStatus(t, sec.post("/award/kma/console/logo-remove", nil), http.StatusSeeOther)
	wantStatus(t, f.site.client(t).get("/award/kma/logo"), http.StatusNotFound)
}

// TestAwardCertificatePublicDownload: a winner's certificate is refused
// to the public before the results are final and served after, with the
// verification address (text and QR code) on the configured base URL
// whatever Host header the request carried; a participation certificate
// stays with its agency.
func TestAwardCertificatePublicDownload(t *testing.T) {
	f := newAwardFixture(t, true, true, func(c *config.Config) { c.BaseURL = certBaseURL + "/" })
	ctx := context.Background()
	a := f.site.App
	err := a.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.Winners = 2
		return tx.UpdateEditionSchedule(&ed)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetAwardSettings(ctx, f.secretariat, "kma", store.EditionSettings{ParticipantCertificates: true, Place: "Jakarta",
		SignatoryName: "Dra. Siti Aminah", SignatoryTitle: "Kepala Biro", SignatoryNIP: "197001011995032001"}); err != nil {
		t.Fatal(err)
	}
	pub := f.site.client(t)
	// Before the final no certificate exists, and the edition page lists none.
	if _, err := a.IssueCertificates(ctx, f.secretariat, "kma"); !errors.Is(err, app.ErrResultsNotFinal) {
		t.Fatalf("certificates before the final: %v", err)
	}
	notBody(t, pub.get("/award/kma"), "/award/certificates/")
	if err := a.FinaliseResults(ctx, f.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	certs, err := a.AwardCertificates(ctx, f.secretariat, "kma")
	if err != nil {
		t.Fatal(err)
	}
	var winner, otherPart store.Certificate
	for _, c := range certs {
		switch {
		case c.Kind == store.CertificateWinner && winner.Code == "":
			winner = c
		case c.Kind == store.CertificateParticipant && c.OrgCode != "dinas-a" && otherPart.Code == "":
			otherPart = c
		}
	}
	if winner.Code == "" || otherPart.Code == "" {
		t.Fatalf("certificates issued: %+v", certs)
	}

	// The public edition page offers the winners' certificates, only them.
	res := pub.get("/award/kma")
	wantStatus(t, res, http.StatusOK)
	wantBody(t, res, "Sertifikat pemenang", `href="/award/certificates/`+winner.Code+`"`, winner.OrgName)
	notBody(t, res, otherPart.Code)
	wantURL := certBaseURL + "/award/verify/" + winner.Code
	for _, path := range []string{"/award/certificates/" + winner.Code, "/api/v1/award/certificates/" + winner.Code + ".pdf"} {
		res = pub.getForged(path)
		wantStatus(t, res, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("%s: Content-Type %q", path, ct)
		}
		text := pdftest.Text(t, []byte(res.Body))
		if !strings.Contains(text, wantURL) || strings.Contains(text, "evil.example") {
			t.Errorf("%s: the certificate's text does not carry %s only:\n%s", path, wantURL, text)
		}
		for _, want := range []string{winner.OrgName, "Juara 1", "Dra. Siti Aminah", "Kepala Biro", "NIP 19700101 199503 2 001",
			"Jakarta, " + app.IndonesianDate(winner.IssuedAt.In(time.FixedZone("WIB", 7*3600)))} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the certificate's text lacks %q", path, want)
			}
		}
		if got := pdftest.QR(t, []byte(res.Body)); got != wantURL {
			t.Errorf("%s: QR code %q, want %q", path, got, wantURL)
		}
	}

	// A participation certificate: its agency's members and the
	// secretariat only.
	res = pub.get("/award/certificates/" + otherPart.Code)
	wantStatus(t, res, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
		t.Errorf("anonymous participation certificate: Location %q", loc)
	}
	wantStatus(t, f.entrant.get("/award/certificates/"+otherPart.Code), http.StatusNotFound)
	wantStatus(t, f.entrant.get("/api/v1/award/certificates/"+otherPart.Code), http.StatusNotFound)
	wantStatus(t, pub.get("/api/v1/award/certificates/"+otherPart.Code), http.StatusUnauthorized)
	sec := f.site.client(t)
	sec.login("sekretariat@root.go.id", "rahasia-sekali")
	wantStatus(t, sec.get("/award/certificates/"+otherPart.Code), http.StatusOK)
}
