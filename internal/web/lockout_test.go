package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"lumbung/internal/app/awardtest"
	"lumbung/internal/config"
)

// TestNoLockoutOfTheOwner: an attacker behind the trusted reverse proxy
// fails thirty times at the owner's account; the attacker's address is
// refused, and the owner, from another address, still signs in. Without
// the proxy being trusted, a forged X-Forwarded-For changes nothing.
func TestNoLockoutOfTheOwner(t *testing.T) {
	s := newSite(t, false, func(c *config.Config) { c.TrustedProxies = []string{"127.0.0.1"} })
	awardtest.People(t, s.App)
	owner := awardtest.EntrantA
	post := func(from, password string) response {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/login", strings.NewReader(url.Values{"email": {owner}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", from) // what the trusted proxy says
		return s.client(t).do(req)
	}
	var last response
	for range 30 {
		last = post("198.51.100.66", "tebakan-salah")
	}
	wantStatus(t, last, http.StatusTooManyRequests)
	start := time.Now()
	res := post("203.0.113.10", awardtest.Password)
	wantStatus(t, res, http.StatusSeeOther)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the owner waited %v", d)
	}
	// Guessing spread over many addresses slows every attempt at the
	// account, the owner's included, but never refuses the owner.
	for i := range 8 {
		wantStatus(t, post(fmt.Sprintf("198.51.100.%d", 100+i), "tebakan-salah"), http.StatusUnauthorized)
	}
	start = time.Now()
	wantStatus(t, post("203.0.113.10", awardtest.Password), http.StatusSeeOther)
	if d := time.Since(start); d < 700*time.Millisecond || d > 5*time.Second {
		t.Errorf("after guesses from 8 addresses the owner waited %v, want the backoff (0.8 s)", d)
	}
	// The owner's success cleared the slowdown: the next attempt is prompt.
	start = time.Now()
	wantStatus(t, post("203.0.113.10", awardtest.Password), http.StatusSeeOther)
	if d := time.Since(start); d > time.Second {
		t.Errorf("after a success the owner still waits %v", d)
	}
}
