package upload_test

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"lumbung/internal/km"
	"lumbung/internal/upload"
)

// body builds a multipart body from fields in order; a field named with a
// "@" prefix is a file part ("@file=name.pdf:content").
func body(t *testing.T, fields ...string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		k, v, _ := strings.Cut(f, "=")
		if name, ok := strings.CutPrefix(k, "@"); ok {
			file, content, _ := strings.Cut(v, ":")
			w, _ := mw.CreateFormFile(name, file)
			io.WriteString(w, content)
			continue
		}
		mw.WriteField(k, v)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func TestFile(t *testing.T) {
	big := strings.Repeat("x", 2<<20)
	for _, tc := range []struct {
		name     string
		fields   []string
		ctype    string // overrides the multipart type
		wantErr  error
		wantName string
		wantBody string
	}{
		{"the file after another field", []string{"note=hai", "@file=laporan.pdf:isi"}, "", nil, "laporan.pdf", "isi"},
		{"no file part", []string{"note=hai"}, "", upload.ErrNoFile, "", ""},
		{"no file chosen", []string{"@file=:"}, "", upload.ErrNoFile, "", ""},
		{"not multipart", []string{"@file=a.pdf:x"}, "application/x-www-form-urlencoded", upload.ErrNoFile, "", ""},
		{"a field over the bound before the file", []string{"note=" + big, "@file=a.pdf:x"}, "", km.ErrTooLarge, "", ""},
		{"a file over the bound", []string{"@file=a.pdf:" + big}, "", km.ErrTooLarge, "a.pdf", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, ctype := body(t, tc.fields...)
			if tc.ctype != "" {
				ctype = tc.ctype
			}
			r := httptest.NewRequest(http.MethodPost, "/", b)
			r.Header.Set("Content-Type", ctype)
			part, err := upload.File(httptest.NewRecorder(), r, 1<<10)
			if err == nil {
				defer part.Close()
				var got []byte
				got, err = io.ReadAll(part)
				if part.Name != tc.wantName || (err == nil && string(got) != tc.wantBody) {
					t.Errorf("got %q with %q, want %q with %q", part.Name, got, tc.wantName, tc.wantBody)
				}
			}
			if !errors.Is(err, tc.wantErr) && !(tc.wantErr == nil && err == nil) {
				t.Errorf("got error %v, want %v", err, tc.wantErr)
			}
		})
	}
	// A body that is not valid multipart past its first part.
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b\r\ngarbage"))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	if _, err := upload.File(httptest.NewRecorder(), r, 1<<10); !errors.Is(err, upload.ErrMalformed) {
		t.Errorf("malformed body: %v, want ErrMalformed", err)
	}
	// A body that breaks off inside the file: reading it is ErrMalformed,
	// which is km.ErrUnreadable (a 400), not an internal error.
	r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 and then noth"))
	r.Header.Set("Content-Type", "multipart/form-data; boundary=b")
	part, err := upload.File(httptest.NewRecorder(), r, 1<<10)
	if err != nil {
		t.Fatalf("truncated body: File: %v", err)
	}
	if _, err := io.ReadAll(part); !errors.Is(err, upload.ErrMalformed) || !errors.Is(err, km.ErrUnreadable) {
		t.Errorf("reading a truncated file: %v, want ErrMalformed (km.ErrUnreadable)", err)
	}
}
