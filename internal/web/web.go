package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/km"
	"lumbung/internal/markdown"
	"lumbung/internal/ratelimit"
)

// Deps are what the pages need.
type Deps struct {
	App          *app.App
	Auth         *auth.Auth
	Markdown     *markdown.Renderer
	Log          *slog.Logger
	LoginLimiter *ratelimit.Limiter
}

// Web is the set of page handlers.
type Web struct {
	Deps
	pages  map[string]map[string]*pageTemplate // language → page name → template
	static *assets
}

// New parses the templates (failing fast on an error) and returns the pages.
func New(d Deps) (*Web, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.App == nil || d.Auth == nil || d.Markdown == nil {
		return nil, fmt.Errorf("web: App, Auth and Markdown are required")
	}
	st, err := loadAssets()
	if err != nil {
		return nil, err
	}
	w := &Web{Deps: d, static: st}
	if w.pages, err = parseTemplates(st); err != nil {
		return nil, err
	}
	return w, nil
}

// Register mounts every page on mux.
func (w *Web) Register(mux *http.ServeMux) {
	for _, r := range w.routes() {
		mux.HandleFunc(r.pattern, r.handler)
	}
}

// CacheAnonymous serves the cacheable pages (see pageCache) to anonymous
// visitors from the cache. It goes outside the session and auth middleware,
// which a visitor without a session cookie does not need.
//
// onHit, if set, is called for every page answered from the cache. A
// practice page answered from the cache is still a read (a usage event):
// only a published public practice's page is ever cached for the
// anonymous.
func (w *Web) CacheAnonymous(mux *http.ServeMux, next http.Handler, onHit func()) http.Handler {
	cache := newPageCache(w.App.Store.Generation)
	cache.onHit = func(r *http.Request) {
		if onHit != nil {
			onHit()
		}
		if id, ok := strings.CutPrefix(r.URL.Path, "/practices/"); ok {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > 0 {
				w.App.RecordView(auth.Actor(r), km.Practice{ID: n, Status: km.StatusPublished}, r.UserAgent())
			}
		}
	}
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if cacheablePath(r.URL.Path) && anonymous(r) {
			// Only cacheable routes are ever stored, so a hit needs no
			// route lookup.
			if cache.serve(rw, r) {
				return
			}
			if _, pattern := mux.Handler(r); cacheable[pattern] {
				cache.fill(rw, r, next.ServeHTTP)
				return
			}
		}
		next.ServeHTTP(rw, r)
	})
}

// cacheablePath is a cheap first check of the path (most requests are not
// for cacheable pages), before the mux confirms the route.
func cacheablePath(p string) bool {
	switch p {
	case "/", "/practices", "/orgs":
		return true
	}
	return strings.HasPrefix(p, "/practices/") || strings.HasPrefix(p, "/orgs/")
}

// cacheable are the public pages whose anonymous rendering is shared (see
// pageCache). Search is left out so that every query is counted.
var cacheable = map[string]bool{
	"GET /{$}": true, "GET /practices": true, "GET /practices/{id}": true,
	"GET /orgs": true, "GET /orgs/{code}": true,
}
