package ratelimit

import (
	"sync"
	"time"
)

// Backoff slows down guessing at one account without ever locking its
// owner out: after Free failures each attempt waits twice as long as the
// one before (Base, 2·Base, … up to Max), whoever makes it and from
// wherever, and a success clears the count. An attacker who spreads
// guesses over many addresses gets one guess per Max; the owner, typing
// the right password from their own address, waits at most Max once.
type Backoff struct {
	Free      int           // failures without delay
	Base, Max time.Duration // the first delay and the cap
	Forget    time.Duration // a count idle this long starts over

	mu sync.Mutex
	m  map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

// NewBackoff returns a Backoff with these settings.
func NewBackoff(free int, base, max, forget time.Duration) *Backoff {
	return &Backoff{Free: free, Base: base, Max: max, Forget: forget, m: map[string]*failures{}}
}

// Delay is how long the next attempt at key waits.
func (b *Backoff) Delay(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := b.m[key]
	if f == nil || time.Since(f.last) > b.Forget || f.n < b.Free {
		return 0
	}
	d := b.Base
	for i := b.Free; i < f.n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Fail counts a failed attempt at key.
func (b *Backoff) Fail(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	f := b.m[key]
	if f == nil || now.Sub(f.last) > b.Forget {
		if len(b.m) >= 100000 {
			for k, x := range b.m {
				if now.Sub(x.last) > b.Forget {
					delete(b.m, k)
				}
			}
		}
		f = &failures{}
		b.m[key] = f
	}
	f.n++
	f.last = now
}

// Reset forgets key's failures, after a success.
func (b *Backoff) Reset(key string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, key)
}

// Failures is key's current count.
func (b *Backoff) Failures(key string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f := b.m[key]; f != nil && time.Since(f.last) <= b.Forget {
		return f.n
	}
	return 0
}
