package web

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"lumbung/internal/i18n"
)

// pageCache keeps the rendered HTML of public pages for anonymous visitors,
// who are most of the traffic of a public portal and all see the same page.
// An entry is valid while no write has been committed in this process since
// it was rendered (store.Generation) and for at most pageTTL, which bounds
// how stale a page can be after a write on another node. Signed-in people
// (any session cookie) and API clients never go through it.
type pageCache struct {
	mu    sync.RWMutex
	m     map[string]*cachedPage
	gen   func() uint64
	onHit func(*http.Request)
}

type cachedPage struct {
	gen    uint64
	at     time.Time
	header http.Header
	body   []byte
	length []string // Content-Length: a known length spares chunked encoding
}

const (
	pageTTL      = 5 * time.Second
	pageCacheMax = 4096      // entries; the map is emptied when full
	pageMaxBytes = 512 << 10 // larger pages are not kept
)

func newPageCache(gen func() uint64) *pageCache {
	return &pageCache{m: map[string]*cachedPage{}, gen: gen}
}

// anonymous reports whether a request may be answered from the cache.
func anonymous(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Authorization") == "" && !hasSession(r)
}

func cacheKey(r *http.Request) string { return i18n.FromRequest(r) + "|" + r.URL.RequestURI() }

// serve answers r from the cache if it holds a valid copy.
func (c *pageCache) serve(rw http.ResponseWriter, r *http.Request) bool {
	c.mu.RLock()
	p := c.m[cacheKey(r)]
	c.mu.RUnlock()
	if p == nil || p.gen != c.gen() || time.Since(p.at) >= pageTTL {
		return false
	}
	dst := rw.Header()
	for k, v := range p.header {
		dst[k] = v
	}
	dst["Content-Length"] = p.length
	rw.WriteHeader(http.StatusOK)
	rw.Write(p.body)
	if c.onHit != nil {
		c.onHit(r)
	}
	return true
}

// fill runs h for r, answers with its response, and keeps it when it is a
// plain 200 rendered for an anonymous visitor ("no-cache" is what render
// sets for them; "private" for others).
func (c *pageCache) fill(rw http.ResponseWriter, r *http.Request, h http.HandlerFunc) {
	gen := c.gen() // before rendering: a write during it invalidates the copy
	rec := &recorder{header: http.Header{}}
	h(rec, r)
	dst := rw.Header()
	for k, v := range rec.header {
		dst[k] = v
	}
	dst.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	status := rec.status
	if status == 0 {
		status = http.StatusOK
	}
	rw.WriteHeader(status)
	rw.Write(rec.body.Bytes())
	if status == http.StatusOK && rec.header.Get("Cache-Control") == "no-cache" && rec.body.Len() <= pageMaxBytes && rec.header.Get("Set-Cookie") == "" {
		c.mu.Lock()
		if len(c.m) >= pageCacheMax {
			clear(c.m)
		}
		c.m[cacheKey(r)] = &cachedPage{gen: gen, at: time.Now(), header: rec.header.Clone(), body: bytes.Clone(rec.body.Bytes()),
			length: []string{strconv.Itoa(rec.body.Len())}}
		c.mu.Unlock()
	}
}

func hasSession(r *http.Request) bool {
	_, err := r.Cookie("lumbung_session")
	return err == nil
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
