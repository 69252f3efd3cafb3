package web

import (
	"math"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		lang string
		in   float64
		want string
	}{
		{"id", 1234.5, "1.234,5"},
		{"en", 1234.5, "1,234.5"},
		{"id", 1234567, "1.234.567"},
		{"id", 0, "0"},
		{"id", -47.25, "−47,25"},
		{"id", 0.004, "0"},
		{"id", 100, "100"},
		{"id", math.NaN(), "–"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.lang, tt.in); got != tt.want {
			t.Errorf("formatNumber(%s, %v) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
	if got := formatSigned("id", 47); got != "+47" {
		t.Errorf("formatSigned = %q", got)
	}
	for in, want := range map[float64]string{47: "+47%", 47.4: "+47%", -12.6: "−13%", 4.56: "+4,6%", 0: "0%"} {
		if got := formatPercent("id", in); got != want {
			t.Errorf("formatPercent(%v) = %q, want %q", in, got, want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		lang, in string
		want     float64
		ok       bool
	}{
		{"id", "1234,5", 1234.5, true},
		{"id", "1.234,5", 1234.5, true},
		{"id", "1.500", 1500, true},
		{"id", "1.5", 1.5, true},
		{"id", "12,5", 12.5, true},
		{"id", "1.234.567", 1234567, true},
		{"en", "1,234.5", 1234.5, true},
		{"en", "1,500", 1500, true},
		{"en", "1.500", 1.5, true},
		{"id", " −3 ", -3, true},
		{"id", "1 234", 1234, true},
		{"id", "enam", 0, false},
		{"id", "", 0, false},
		{"id", "NaN", 0, false},
		{"id", "Inf", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.lang, tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseNumber(%s, %q) = %v, %t; want %v, %t", tt.lang, tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// What the form writes, it reads back.
	for _, f := range []float64{1234.5, 0.25, 1e6, -7} {
		for _, lang := range []string{"id", "en"} {
			if got, ok := parseNumber(lang, plainNumber(lang, f)); !ok || got != f {
				t.Errorf("round trip %s %v: got %v, %t", lang, f, got, ok)
			}
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/practices?kind=bad":   "/practices?kind=bad",
		"/":                     "/",
		"":                      "/",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"https://evil.example/": "/",
		"javascript:alert(1)":   "/",
		"practices":             "/",
		"/a\r\nSet-Cookie: x":   "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	got := contentDisposition(`Laporan "akhir" ü;x.pdf`)
	want := `attachment; filename="Laporan _akhir_ __x.pdf"; filename*=UTF-8''Laporan%20%22akhir%22%20%C3%BC%3Bx.pdf`
	if got != want {
		t.Errorf("contentDisposition = %q\nwant %q", got, want)
	}
}
