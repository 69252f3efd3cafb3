package ratelimit

import (
	"sync"
	"time"
)

// Backoff slows down guessing at one account from many addresses without
// ever locking its owner out. Guessing from one address is the per-address
// limiter's business; once failures at an account come from Spread or
// more addresses, and there are more than Free of them, each attempt waits
// twice as long as the one before (Base, 2·Base, … up to Max), whoever
// makes it and from wherever, and a success clears the count. An attacker
// who spreads guesses over many addresses gets one guess per Max; the
// owner, typing the right password, waits at most Max once.
type Backoff struct {
	Free      int           // failures without delay
	Spread    int           // distinct failing addresses before any delay
	Base, Max time.Duration // the first delay and the cap
	Forget    time.Duration // a count idle this long starts over

	mu sync.Mutex
	m  map[string]*failures
}

type failures struct {
	n     int
	last  time.Time
	addrs map[string]bool // failing addresses, up to maxAddrs
}

const maxAddrs = 64

// NewBackoff returns a Backoff with these settings.
func NewBackoff(free, spread int, base, max, forget time.Duration) *Backoff {
	return &Backoff{Free: free, Spread: spread, Base: base, Max: max, Forget: forget, m: map[string]*failures{}}
}

// Delay is how long the next attempt at key waits.
func (b *Backoff) Delay(key string) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := b.m[key]
	if f == nil || time.Since(f.last) > b.Forget || f.n < b.Free || len(f.addrs) < b.Spread {
		return 0
	}
	d := b.Base
	for i := b.Free; i < f.n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// Fail counts a failed attempt at key from addr.
func (b *Backoff) Fail(key, addr string) {
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
		f = &failures{addrs: map[string]bool{}}
		b.m[key] = f
	}
	f.n++
	f.last = now
	if len(f.addrs) < maxAddrs {
		f.addrs[addr] = true
	}
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
