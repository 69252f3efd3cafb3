package app_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/pdftest"
	"lumbung/internal/store"
)

// logoPNG is a small two-colour PNG, a stand-in for an organiser's logo.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		for y := range 20 {
			img.Set(x, y, color.RGBA{uint8(x * 6), 80, 40, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fieldOf returns the message key a validation error gives field.
func fieldOf(err error, field string) string {
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		return ve.Fields[field]
	}
	return ""
}

func TestCertificateSettingsValidation(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		nip, want, field string
	}{
		{"", "", ""},
		{"197001011995032001", "197001011995032001", ""},
		{" 19700101 199503 2 001 ", "197001011995032001", ""},
		{"19700101199503200", "", "award.err.nip"},   // 17 digits
		{"1970010119950320011", "", "award.err.nip"}, // 19
		{"19700101199503200X", "", "award.err.nip"},
	} {
		err := e.a.SetAwardSettings(ctx, e.secretariat, "kma", store.EditionSettings{Place: " Jakarta ", SignatoryName: "Dra. Siti",
			SignatoryTitle: "Kepala Biro", SignatoryNIP: c.nip})
		if got := fieldOf(err, "signatory_nip"); got != c.field || (c.field == "") != (err == nil) {
			t.Errorf("NIP %q: %v, want field error %q", c.nip, err, c.field)
			continue
		}
		if err != nil {
			continue
		}
		es, err := e.a.AwardSettings(ctx, e.secretariat, "kma")
		if err != nil || es.SignatoryNIP != c.want || es.Place != "Jakarta" {
			t.Errorf("NIP %q stored as %q, place %q (%v); want %q", c.nip, es.SignatoryNIP, es.Place, err, c.want)
		}
	}
	err := e.a.SetAwardSettings(ctx, e.secretariat, "kma", store.EditionSettings{SignatoryTitle: strings.Repeat("x", 201)})
	if fieldOf(err, "signatory_title") != "too_long" {
		t.Errorf("long title: %v", err)
	}
	if err := e.a.SetAwardSettings(ctx, e.entrantA, "kma", store.EditionSettings{}); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("entrant changes the settings: %v, want ErrForbidden", err)
	}
}

func TestCertificateLogo(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	logo := logoPNG(t)
	big := append(bytes.Clone(logo), make([]byte, app.MaxLogoBytes)...)
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"a PDF", []byte("%PDF-1.4\n%%EOF\n"), "award.err.logo_type"},
		{"text", []byte("bukan gambar"), "award.err.logo_type"},
		{"empty", nil, "award.err.logo_type"},
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "award.err.logo_type"},
		{"a broken PNG", logo[:40], "award.err.logo_unreadable"},
		{"too large", big, "award.err.logo_too_large"},
	} {
		if err := e.a.SetCertificateLogo(ctx, e.secretariat, "kma", bytes.NewReader(c.b)); fieldOf(err, "logo") != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	if _, _, err := e.a.CertificateLogo(ctx, e.secretariat, "kma"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("logo before any upload: %v, want ErrNotFound", err)
	}
	if err := e.a.SetCertificateLogo(ctx, e.entrantA, "kma", bytes.NewReader(logo)); !errors.Is(err, km.ErrForbidden) {
		t.Errorf("entrant uploads a logo: %v, want ErrForbidden", err)
	}
	if err := e.a.SetCertificateLogo(ctx, e.secretariat, "kma", bytes.NewReader(logo)); err != nil {
		t.Fatal(err)
	}
	b, typ, err := e.a.CertificateLogo(ctx, e.entrantA, "kma")
	if err != nil || typ != "image/png" || !bytes.Equal(b, logo) {
		t.Errorf("logo: %d bytes of %s, %v; want the PNG uploaded", len(b), typ, err)
	}
	// Settings leave the logo alone; removing it does not.
	if err := e.a.SetAwardSettings(ctx, e.secretariat, "kma", store.EditionSettings{Place: "Bandung"}); err != nil {
		t.Fatal(err)
	}
	if es, _ := e.a.AwardSettings(ctx, e.secretariat, "kma"); es.LogoMIME != "image/png" {
		t.Errorf("after the settings, logo %q", es.LogoMIME)
	}
	if err := e.a.RemoveCertificateLogo(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.a.CertificateLogo(ctx, e.secretariat, "kma"); !errors.Is(err, km.ErrNotFound) {
		t.Errorf("removed logo: %v, want ErrNotFound", err)
	}
}

// TestCertificateDownloadRules walks a winner's and a participation
// certificate through publication and finalisation.
func TestCertificateDownloadRules(t *testing.T) {
	e := newAwardEnv(t)
	ctx := context.Background()
	if err := e.a.PublishResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	announce(t, e, 2, true)
	// Certificates wait for the final: an objection may still reopen the
	// results, and a certificate must never name a rank that moves.
	if _, err := e.a.IssueCertificates(ctx, e.secretariat, "kma"); !errors.Is(err, app.ErrResultsNotFinal) {
		t.Fatalf("certificates before the final: %v, want ErrResultsNotFinal", err)
	}
	if err := e.a.FinaliseResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	certs, err := e.a.AwardCertificates(ctx, e.secretariat, "kma")
	if err != nil {
		t.Fatal(err)
	}
	pick := func(kind, org string, other bool) store.Certificate {
		for _, c := range certs {
			if c.Kind == kind && (c.OrgCode == org) != other {
				return c
			}
		}
		t.Fatalf("no %s certificate (org %s, other %t)", kind, org, other)
		return store.Certificate{}
	}
	winner := pick(store.CertificateWinner, "dinas-a", true)
	otherPart := pick(store.CertificateParticipant, "dinas-a", true)
	ownPart := pick(store.CertificateParticipant, "dinas-a", false)
	anon := app.Actor{}
	check := func(when, who string, actor app.Actor, c store.Certificate, want error) {
		t.Helper()
		_, _, err := e.a.CertificatePDF(ctx, actor, c.Code)
		if want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("%s: %s downloads %s's %s certificate: %v, want %v", when, who, c.OrgCode, c.Kind, err, want)
		}
	}
	check("final", "anonymous", anon, ownPart, km.ErrUnauthorized)
	check("final", "anonymous", anon, winner, nil)
	check("final", "juror", e.juror1, winner, nil)
	check("final", "anonymous", anon, otherPart, km.ErrUnauthorized)
	check("final", "entrant of dinas-a", e.entrantA, otherPart, km.ErrNotFound)
	check("final", "entrant of dinas-a", e.entrantA, ownPart, nil)
	check("final", "secretariat", e.secretariat, otherPart, nil)
}

// TestCertificatePDFDesign reads a certificate back: the text carries the
// agency's name, the award, the signatory and the place and date in
// Indonesian, and the QR code is the verification address on BaseURL.
func TestCertificatePDFDesign(t *testing.T) {
	e := newAwardEnv(t)
	e.a.BaseURL = "https://km.jakarta.example"
	ctx := context.Background()
	if err := e.a.PublishResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	announce(t, e, 2, false)
	if err := e.a.SetAwardSettings(ctx, e.secretariat, "kma", store.EditionSettings{Place: "Jakarta",
		SignatoryName: "Dra. Siti Aminah, M.Si.", SignatoryTitle: "Kepala Biro Organisasi", SignatoryNIP: "197001011995032001"}); err != nil {
		t.Fatal(err)
	}
	if err := e.a.SetCertificateLogo(ctx, e.secretariat, "kma", bytes.NewReader(logoPNG(t))); err != nil {
		t.Fatal(err)
	}
	if err := e.a.FinaliseResults(ctx, e.secretariat, "kma"); err != nil {
		t.Fatal(err)
	}
	certs, err := e.a.AwardCertificates(ctx, e.secretariat, "kma")
	if err != nil || len(certs) == 0 {
		t.Fatalf("certificates: %d, %v", len(certs), err)
	}
	c := certs[0]
	pdf, _, err := e.a.CertificatePDF(ctx, app.Actor{}, c.Code)
	if err != nil {
		t.Fatal(err)
	}
	wantURL := "https://km.jakarta.example/award/verify/" + c.Code
	text := pdftest.Text(t, pdf)
	for _, want := range []string{c.OrgName, "Juara 1", "KM Award 2025", "Dra. Siti Aminah, M.Si.", "Kepala Biro Organisasi",
		"NIP 19700101 199503 2 001", "Jakarta, " + app.IndonesianDate(c.IssuedAt.In(time.FixedZone("WIB", 7*3600))), c.Code, wantURL} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate's text lacks %q:\n%s", want, text)
		}
	}
	if got := pdftest.QR(t, pdf); got != wantURL {
		t.Errorf("QR code: got %q, want %q", got, wantURL)
	}
}
