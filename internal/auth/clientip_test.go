package auth

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	defer SetTrustedProxies(nil)
	req := func(peer string, headers ...string) string {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		for i := 0; i+1 < len(headers); i += 2 {
			r.Header.Add(headers[i], headers[i+1])
		}
		return ClientIP(r)
	}
	SetTrustedProxies(nil)
	if got := req("203.0.113.9:5000", "X-Forwarded-For", "10.9.9.9"); got != "203.0.113.9" {
		t.Errorf("no trusted proxy: %s, want the peer (headers ignored)", got)
	}
	SetTrustedProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("10.0.0.0/8")})
	for _, tt := range []struct {
		name, peer string
		headers    []string
		want       string
	}{
		{"untrusted peer's header ignored", "203.0.113.9:1", []string{"X-Forwarded-For", "198.51.100.7"}, "203.0.113.9"},
		{"trusted proxy", "127.0.0.1:1", []string{"X-Forwarded-For", "198.51.100.7"}, "198.51.100.7"},
		{"a client cannot prepend", "127.0.0.1:1", []string{"X-Forwarded-For", "1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"chain of trusted proxies", "127.0.0.1:1", []string{"X-Forwarded-For", "198.51.100.7, 10.1.1.1"}, "198.51.100.7"},
		{"Forwarded", "127.0.0.1:1", []string{"Forwarded", `for="[2001:db8::1]:443";proto=https, for=10.2.2.2`}, "2001:db8::1"},
		{"malformed", "127.0.0.1:1", []string{"X-Forwarded-For", "bukan-alamat"}, "127.0.0.1"},
		{"no header", "127.0.0.1:1", nil, "127.0.0.1"},
	} {
		if got := req(tt.peer, tt.headers...); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
