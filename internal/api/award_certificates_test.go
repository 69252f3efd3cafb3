package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/config"
	"lumbung/internal/pdftest"
	"lumbung/internal/store"
)

// putLogo uploads file as the certificates' logo of an edition (kma
// unless named).
func putLogo(t *testing.T, e *env, as string, file []byte, edition ...string) (int, apiError) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", "logo.png")
	fw.Write(file)
	mw.Close()
	code := "kma"
	if len(edition) > 0 {
		code = edition[0]
	}
	req, _ := http.NewRequest(http.MethodPut, e.srv.URL+"/api/v1/award/editions/"+code+"/logo", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out apiError
	raw, _ := io.ReadAll(resp.Body)
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("logo answer %q: %v", raw, err)
		}
	}
	return resp.StatusCode, out
}

func logoPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 30, 12))
	for x := range 30 {
		img.Set(x, x%12, color.RGBA{20, 90, 50, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAwardAPICertificateSettings: the settings carry the certificate
// design, a PUT without the design fields leaves them, a bad NIP and a
// logo that is not a PNG or JPEG, or too large, are 422 in Indonesian.
func TestAwardAPICertificateSettings(t *testing.T) {
	e := awardSetup(t)
	const sec, base = "sekretariat@root.go.id", "/api/v1/award/editions/kma"
	design := map[string]any{"description": "Edisi uji", "participant_certificates": true, "place": "Jakarta",
		"signatory_name": "Dra. Siti Aminah", "signatory_title": "Kepala Biro", "signatory_nip": "19700101 199503 2 001"}
	if resp := e.do("PUT", base+"/settings", sec, design, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT settings: %d", resp.StatusCode)
	}
	// An older client's body: the design stays.
	if resp := e.do("PUT", base+"/settings", sec, map[string]any{"description": "Edisi uji 2", "participant_certificates": false}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("PUT settings without the design: %d", resp.StatusCode)
	}
	var got map[string]any
	e.do("GET", base+"/settings", sec, nil, &got)
	want := map[string]any{"description": "Edisi uji 2", "participant_certificates": false, "place": "Jakarta",
		"signatory_name": "Dra. Siti Aminah", "signatory_title": "Kepala Biro", "signatory_nip": "197001011995032001"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("settings %s: got %v, want %v", k, got[k], v)
		}
	}
	var ae apiError
	if resp := e.do("PUT", base+"/settings", sec, map[string]any{"signatory_nip": "12345"}, &ae); resp.StatusCode != http.StatusUnprocessableEntity ||
		ae.Error.Fields["signatory_nip"] != "NIP harus 18 angka." {
		t.Errorf("bad NIP: %d %+v", resp.StatusCode, ae)
	}

	for _, c := range []struct {
		name string
		file []byte
		msg  string
	}{
		{"text", []byte("bukan gambar"), "Logo harus berkas gambar PNG atau JPEG."},
		{"PDF", []byte("%PDF-1.4\n%%EOF\n"), "Logo harus berkas gambar PNG atau JPEG."},
		{"too large", append(logoPNG(t), make([]byte, app.MaxLogoBytes)...), "Logo terlalu besar; paling besar 1 MiB."},
		{"far too large", bytes.Repeat([]byte{0}, 3*app.MaxLogoBytes), "Logo terlalu besar; paling besar 1 MiB."},
	} {
		status, ae := putLogo(t, e, sec, c.file)
		if status != http.StatusUnprocessableEntity || ae.Error.Fields["logo"] != c.msg {
			t.Errorf("logo %s: %d %+v, want 422 %q", c.name, status, ae, c.msg)
		}
	}
	if status, _ := putLogo(t, e, "kontributor@a.go.id", logoPNG(t)); status != http.StatusForbidden {
		t.Errorf("entrant uploads a logo: %d, want 403", status)
	}
	if status, ae := putLogo(t, e, sec, logoPNG(t)); status != http.StatusNoContent {
		t.Fatalf("logo: %d %+v", status, ae)
	}
	got = nil
	e.do("GET", base+"/settings", sec, nil, &got)
	if logo, _ := got["logo"].(map[string]any); logo["mime"] != "image/png" {
		t.Errorf("settings logo: %v", got["logo"])
	}
	if resp := e.do("GET", base+"/logo", sec, nil, nil); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET logo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp := e.do("DELETE", base+"/logo", sec, nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE logo: %d", resp.StatusCode)
	}
	if resp := e.do("GET", base+"/logo", sec, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET removed logo: %d", resp.StatusCode)
	}
}

// TestAwardAPICertificateDownload: a winner's certificate is 409 to an
// anonymous caller until the results are final and then served with the
// verification address on the configured base URL, whatever the Host
// header; a participation certificate is refused to another agency.
func TestAwardAPICertificateDownload(t *testing.T) {
	const baseURL = "https://km.example.go.id"
	e := awardSetup(t, func(c *config.Config) { c.BaseURL = baseURL })
	ctx := context.Background()
	const sec, base = "sekretariat@root.go.id", "/api/v1/award/editions/kma"
	err := e.app.Store.Write(ctx, func(tx *store.Tx) error {
		ed, err := tx.EditionByCode("kma")
		if err != nil {
			return err
		}
		ed.Winners = 1
		if err := tx.UpdateEditionSchedule(&ed); err != nil {
			return err
		}
		return announceNow(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp := e.do("PUT", base+"/settings", sec, map[string]any{"participant_certificates": true}, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("settings: %d", resp.StatusCode)
	}
	// j-a never scored B2: confirmed with a reason.
	confirm := map[string]any{"unfinished": []map[string]string{{"round": "desk", "juror": "j-a@a.go.id", "entry": "B2"}}, "reason": "Juri berhalangan"}
	if resp := e.do("POST", base+"/publish", sec, confirm, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("publish: %d", resp.StatusCode)
	}
	// Certificates wait for the final, which issues them.
	var ae apiError
	if resp := e.do("POST", base+"/certificates", sec, nil, &ae); resp.StatusCode != http.StatusConflict || ae.Error.Code != "not_final" {
		t.Errorf("issue before the final: %d %+v", resp.StatusCode, ae)
	}
	if resp := e.do("POST", base+"/finalise", sec, nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("finalise: %d", resp.StatusCode)
	}
	var issued struct {
		Certificates []struct{ Code, Kind, Org string }
	}
	if resp := e.do("GET", base+"/certificates", sec, nil, &issued); resp.StatusCode != http.StatusOK {
		t.Fatalf("certificates: %d", resp.StatusCode)
	}
	var winner, partA string
	for _, c := range issued.Certificates {
		switch {
		case c.Kind == store.CertificateWinner:
			winner = c.Code
		case c.Org == "dinas-a":
			partA = c.Code
		}
	}
	if winner == "" || partA == "" {
		t.Fatalf("issued: %+v", issued)
	}

	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/award/certificates/"+strings.ToLower(winner)+".pdf", nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("anonymous after final: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	wantURL := baseURL + "/award/verify/" + winner
	if text := pdftest.Text(t, pdf); !strings.Contains(text, wantURL) || strings.Contains(text, "evil.example") {
		t.Errorf("certificate text lacks %s or names the forged host:\n%s", wantURL, text)
	}
	if got := pdftest.QR(t, pdf); got != wantURL {
		t.Errorf("QR code %q, want %q", got, wantURL)
	}
	if resp := e.do("GET", "/api/v1/award/certificates/"+partA, "kontributor@b.go.id", nil, &ae); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's participation certificate: %d", resp.StatusCode)
	}
	if resp := e.do("GET", "/api/v1/award/certificates/"+partA, "", nil, &ae); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous participation certificate: %d", resp.StatusCode)
	}
	if resp := e.do("GET", "/api/v1/award/certificates/"+partA, "kontributor@a.go.id", nil, nil); resp.StatusCode != http.StatusOK {
		t.Errorf("its agency's participation certificate: %d", resp.StatusCode)
	}
}
