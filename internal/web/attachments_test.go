package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strings"
	"testing"

	"lumbung/internal/config"
	"lumbung/internal/km"
)

// upload posts one file in the multipart field "file".
func (c *client) upload(path, name, ctype string, data []byte) response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", ctype)
	part, err := mw.CreatePart(h)
	if err != nil {
		c.t.Fatal(err)
	}
	part.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func pngBytes(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestAttachmentUploadAndDownload(t *testing.T) {
	s := newSite(t, true)
	author := s.user(t, contributorPasar)
	p := s.practice(t, author, km.Practice{Title: "Praktik berlampiran", Summary: "isi", Access: km.AccessPublic}, "pasarjaya")
	page := fmt.Sprintf("/practices/%d", p.ID)
	c := s.client(t)
	c.login(contributorPasar, demoPassword)
	wantBody(t, c.get(page), `enctype="multipart/form-data"`, `name="file"`, `for="file"`)

	data := pngBytes(t)
	res := c.upload(page+"/attachments", "Bagan alur ü.txt", "text/plain", data)
	wantStatus(t, res, http.StatusSeeOther)
	res = c.get(page)
	wantBody(t, res, "Lampiran diunggah.", "Bagan alur ü.png")
	m := regexp.MustCompile(`href="(/attachments/\d+)"`).FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatalf("no download link on the practice page")
	}
	dl := c.get(m[1])
	wantStatus(t, dl, http.StatusOK)
	if got := dl.Header.Get("Content-Type"); got != "image/png" {
		t.Errorf("Content-Type = %q, want image/png (the sniffed type)", got)
	}
	if got := dl.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", got)
	}
	cd := dl.Header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''Bagan%20alur%20%C3%BC.png") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if dl.Body != string(data) {
		t.Errorf("downloaded %d bytes, want the %d uploaded", len(dl.Body), len(data))
	}

	// The public may download attachments of a practice it may read;
	// this one is a draft, so it may not.
	wantStatus(t, s.client(t).get(m[1]), http.StatusNotFound)
}

func TestUploadRefusals(t *testing.T) {
	s := newSite(t, true, func(c *config.Config) { c.MaxUploadMB = 1 })
	author := s.user(t, contributorPasar)
	p := s.practice(t, author, km.Practice{Title: "Praktik lampiran salah", Summary: "isi", Access: km.AccessPublic}, "pasarjaya")
	path := fmt.Sprintf("/practices/%d/attachments", p.ID)
	c := s.client(t)
	c.login(contributorPasar, demoPassword)

	res := c.upload(path, "catatan.txt", "text/plain", []byte("hanya teks biasa, bukan dokumen"))
	wantStatus(t, res, http.StatusUnsupportedMediaType)
	wantBody(t, res, "Jenis berkas tidak diizinkan", `id="file-err"`, `aria-invalid="true"`, "Praktik lampiran salah")

	big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("0"), 1<<20+100)...)
	res = c.upload(path, "besar.pdf", "application/pdf", big)
	wantStatus(t, res, http.StatusRequestEntityTooLarge)
	wantBody(t, res, "Berkas terlalu besar (maksimum 1 MiB).", `id="file-err"`)

	req, _ := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader("bukan multipart"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res = c.do(req)
	wantStatus(t, res, http.StatusBadRequest)
	wantBody(t, res, "Pilih berkas")

	// Someone who may not edit the practice may not attach to it.
	other := s.client(t)
	other.login(contributorDinkes, demoPassword)
	wantStatus(t, other.upload(path, "a.png", "image/png", pngBytes(t)), http.StatusNotFound)
	atts, _ := s.App.Store.Attachments(t.Context(), p.ID)
	if len(atts) != 0 {
		t.Errorf("refused uploads left %d attachments", len(atts))
	}
}
