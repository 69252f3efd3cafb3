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
