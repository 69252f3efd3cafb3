// Package auth finds out who is making a request — a browser session or an
// API bearer token — and puts that actor in the request's context.
package auth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

type ctxKey struct{}

// Actor returns the actor the middleware found (anonymous if none).
func Actor(r *http.Request) app.Actor {
	if a, ok := r.Context().Value(ctxKey{}).(app.Actor); ok {
		return a
	}
	return app.Actor{IP: ClientIP(r)}
}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a app.Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// trustedProxies are the addresses whose X-Forwarded-For and Forwarded
// headers are believed (LUMBUNG_TRUSTED_PROXIES); set once at start.
var trustedProxies atomic.Pointer[[]netip.Prefix]

// SetTrustedProxies sets the reverse proxies whose forwarding headers name
// the client. Without any, the headers are ignored: anyone can write them.
func SetTrustedProxies(ps []netip.Prefix) { trustedProxies.Store(&ps) }

func trusted(a netip.Addr) bool {
	ps := trustedProxies.Load()
	if ps == nil {
		return false
	}
	for _, p := range *ps {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// ClientIP is the client's address: the peer's, or, when the peer is a
// trusted proxy, the nearest address in X-Forwarded-For (or Forwarded)
// that is not itself a trusted proxy. A header from anyone else is
// ignored, so a client cannot choose the address its failures count
// against.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !trusted(peer) {
		return host
	}
	hops := forwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(hops[i])
		if err != nil {
			return host // a malformed chain: believe only the peer
		}
		if !trusted(a) {
			return a.Unmap().String()
		}
	}
	return host
}

// forwardedFor lists the addresses a request went through, client first:
// from Forwarded (RFC 7239) when present, else X-Forwarded-For.
func forwardedFor(r *http.Request) []string {
	var out []string
	if fw := r.Header.Values("Forwarded"); len(fw) > 0 {
		for _, line := range fw {
			for _, elem := range strings.Split(line, ",") {
				for _, pair := range strings.Split(elem, ";") {
					k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
					if !ok || !strings.EqualFold(k, "for") {
						continue
					}
					v = strings.Trim(v, `"`)
					if h, _, err := net.SplitHostPort(v); err == nil {
						v = h
					}
					out = append(out, strings.Trim(v, "[]"))
				}
			}
		}
		return out
	}
	for _, line := range r.Header.Values("X-Forwarded-For") {
		for _, a := range strings.Split(line, ",") {
			if a = strings.TrimSpace(a); a != "" {
				out = append(out, a)
			}
		}
	}
	return out
}

// Auth resolves sessions and tokens.
type Auth struct {
	App      *app.App
	Sessions *scs.SessionManager
}

const sessionUser = "user_id"

// Middleware puts the request's actor in its context. A bearer token wins
// over a session; a bad token is refused outright rather than silently
// treated as anonymous.
func (a *Auth) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		actor := app.Actor{IP: ClientIP(r)}
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				unauthorized(w)
				return
			}
			u, err := a.App.UserForToken(r.Context(), strings.TrimSpace(tok))
			if err != nil {
				unauthorized(w)
				return
			}
			actor.User = &u
		} else if id := a.Sessions.GetInt64(r.Context(), sessionUser); id != 0 {
			u, err := a.App.Store.UserByID(r.Context(), id)
			switch {
			case err == nil && !u.Disabled:
				actor.User = &u
			case err == nil || errors.Is(err, km.ErrNotFound):
				a.Sessions.Remove(r.Context(), sessionUser)
			default:
				http.Error(w, "service unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(WithActor(r.Context(), actor)))
	})
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer realm="lumbung"`)
	w.WriteHeader(http.StatusUnauthorized)
	w.Write([]byte(`{"error":{"code":"unauthorized","message":"Token tidak valid atau telah dicabut. / Invalid or revoked token."}}` + "\n"))
}

// SignIn starts a session for u, with a fresh token against fixation.
func (a *Auth) SignIn(r *http.Request, u km.User) error {
	if err := a.Sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	a.Sessions.Put(r.Context(), sessionUser, u.ID)
	return nil
}

// SignOut ends the session.
func (a *Auth) SignOut(r *http.Request) error {
	return a.Sessions.Destroy(r.Context())
}

// NewSessions configures the session manager: server-side data in store,
// HttpOnly, SameSite=Lax, Secure unless insecure is set (plain-HTTP
// development), 12 hours idle and 7 days at most.
func NewSessions(store scs.Store, insecure bool) *scs.SessionManager {
	s := scs.New()
	s.Store = store
	s.Lifetime = 7 * 24 * time.Hour
	s.IdleTimeout = 12 * time.Hour
	s.Cookie.Name = "lumbung_session"
	s.Cookie.HttpOnly = true
	s.Cookie.SameSite = http.SameSiteLaxMode
	s.Cookie.Secure = !insecure
	s.Cookie.Path = "/"
	return s
}
