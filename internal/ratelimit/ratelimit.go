// Package ratelimit limits how often one client (by key: an address, an
// e-mail) may do something, with a token bucket per key from
// golang.org/x/time/rate. Idle buckets are forgotten so memory stays bounded.
package ratelimit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter holds one bucket per key.
type Limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	buckets map[string]*bucket
	maxKeys int
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// New allows burst events at once and then one every interval, per key.
func New(interval time.Duration, burst int) *Limiter {
	return &Limiter{every: rate.Every(interval), burst: burst, buckets: map[string]*bucket{}, maxKeys: 100000}
}

// Allow reports whether key may act now, and spends a token if so.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.sweep(now)
		}
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// Blocked reports whether key has no token left, without spending one:
// for limits that count only failures (check first, spend on failure).
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	return ok && b.lim.TokensAt(time.Now()) < 1
}

// sweep forgets buckets idle long enough to have refilled.
func (l *Limiter) sweep(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.every) * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.seen) > full {
			delete(l.buckets, k)
		}
	}
}
