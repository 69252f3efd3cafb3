package mail_test

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"

	lmail "lumbung/internal/mail"
	"lumbung/internal/mail/mailtest"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		url, from string
		ok        bool
	}{
		{"smtp://mail.jakarta.go.id:587", "Lumbung <lumbung@jakarta.go.id>", true},
		{"smtps://user:rahasia@mail.jakarta.go.id", "lumbung@jakarta.go.id", true},
		{"smtp://mail.jakarta.go.id", "bukan alamat", false},
		{"http://mail.jakarta.go.id", "lumbung@jakarta.go.id", false},
		{"smtp://", "lumbung@jakarta.go.id", false},
		{"smtp://mail.jakarta.go.id:99999", "lumbung@jakarta.go.id", false},
		{"smtp://mail.jakarta.go.id/path", "lumbung@jakarta.go.id", false},
	} {
		_, err := lmail.Parse(tt.url, tt.from)
		if (err == nil) != tt.ok {
			t.Errorf("Parse(%q, %q) = %v, want ok %t", tt.url, tt.from, err, tt.ok)
		}
	}
}

// TestSendPlainAndHTML sends to a real SMTP server in the test and reads
// the message back: sender, recipient, subject, both bodies and headers.
func TestSendPlainAndHTML(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := lmail.Parse(srv.URL, "Lumbung <lumbung@jakarta.go.id>")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), lmail.Message{To: "juri@univ.ac.id", Subject: "Undangan juri KM Award",
		Text: "Atur kata sandi Anda: https://km.example/undangan/abc", HTML: "<p>Atur kata sandi Anda</p>",
		Headers: map[string]string{"List-Unsubscribe": "<https://km.example/berhenti/xyz>"}})
	if err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "juri@univ.ac.id")
	if got.From != "lumbung@jakarta.go.id" {
		t.Errorf("envelope from %q", got.From)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	if subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); subj != "Undangan juri KM Award" {
		t.Errorf("subject %q", subj)
	}
	if msg.Header.Get("List-Unsubscribe") != "<https://km.example/berhenti/xyz>" {
		t.Errorf("List-Unsubscribe %q", msg.Header.Get("List-Unsubscribe"))
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q %v", mt, err)
	}
	parts := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(b)
	}
	if !strings.Contains(parts["text/plain"], "https://km.example/undangan/abc") || !strings.Contains(parts["text/html"], "<p>Atur kata sandi") {
		t.Errorf("parts: %q", parts)
	}
}
