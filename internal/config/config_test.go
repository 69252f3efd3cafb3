package config

import (
	"strings"
	"testing"
)

func TestBaseURL(t *testing.T) {
	for _, c := range []struct {
		in, public string // public "" when the value is refused
	}{
		{"", "http://127.0.0.1:8080"},
		{"https://km.jakarta.go.id", "https://km.jakarta.go.id"},
		{"https://km.jakarta.go.id/", "https://km.jakarta.go.id"},
		{"http://localhost:8080", "http://localhost:8080"},
		{"https://[::1]:8443", "https://[::1]:8443"},
		{"ftp://km.jakarta.go.id", ""},
		{"km.jakarta.go.id", ""},
		{"//km.jakarta.go.id", ""},
		{"https://", ""},
		{"https://:8080", ""},
		{"https://km.jakarta.go.id/lumbung", ""},
		{"https://km.jakarta.go.id/?a=1", ""},
		{"https://km.jakarta.go.id?", ""},
		{"https://km.jakarta.go.id#bagian", ""},
		{"https://user:pw@km.jakarta.go.id", ""},
		{"https:km.jakarta.go.id", ""},
		{"https://km jakarta", ""},
	} {
		cfg := Defaults()
		if err := cfg.FromEnv(func(k string) string {
			if k == "LUMBUNG_BASE_URL" {
				return c.in
			}
			return ""
		}); err != nil {
			t.Fatal(err)
		}
		err := cfg.Validate()
		switch {
		case c.public == "" && (err == nil || !strings.Contains(err.Error(), "LUMBUNG_BASE_URL")):
			t.Errorf("%q: accepted (%v), want refused", c.in, err)
		case c.public != "" && err != nil:
			t.Errorf("%q: %v, want accepted", c.in, err)
		case c.public != "" && cfg.PublicURL() != c.public:
			t.Errorf("%q: PublicURL %q, want %q", c.in, cfg.PublicURL(), c.public)
		}
	}
}

func TestSMTP(t *testing.T) {
	for _, tt := range []struct {
		url, from string
		ok        bool
	}{
		{"", "", true},
		{"smtp://mail.jakarta.go.id:587", "lumbung@jakarta.go.id", true},
		{"smtps://u:p@mail.jakarta.go.id", "Lumbung <lumbung@jakarta.go.id>", true},
		{"smtp://mail.jakarta.go.id", "", false},
		{"", "lumbung@jakarta.go.id", false},
		{"mail.jakarta.go.id:25", "lumbung@jakarta.go.id", false},
	} {
		c := Defaults()
		c.SMTPURL, c.MailFrom = tt.url, tt.from
		if err := c.Validate(); (err == nil) != tt.ok {
			t.Errorf("SMTP %q from %q: %v, want ok %t", tt.url, tt.from, err, tt.ok)
		}
	}
	c := Defaults()
	c.SMTPURL = "smtp://user:rahasia@mail.jakarta.go.id"
	if s := c.String(); strings.Contains(s, "rahasia") {
		t.Errorf("String shows the SMTP password: %s", s)
	}
}
