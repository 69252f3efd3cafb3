package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/demo"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

// switchLang remembers the chosen language in a cookie and goes back to
// the page the person was on.
func (w *Web) switchLang(rw http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if !i18n.Valid(to) {
		to = i18n.Default
	}
	http.SetCookie(rw, &http.Cookie{
		Name: "lang", Value: to, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
	redirect(rw, r, safeNext(r.URL.Query().Get("next")))
}

type loginData struct {
	Email    string
	Next     string
	Error    string
	Demo     []demo.Account
	Password string
}

func (w *Web) loginForm(rw http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if auth.Actor(r).User != nil {
		redirect(rw, r, next)
		return
	}
	w.renderLogin(rw, r, http.StatusOK, loginData{Next: next})
}

func (w *Web) renderLogin(rw http.ResponseWriter, r *http.Request, status int, d loginData) {
	if w.demoLoaded(r.Context()) {
		d.Demo, d.Password = demo.Accounts, demo.Password
	}
	w.render(rw, r, status, "login", w.newView(r, "login", d))
}

func (w *Web) login(rw http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	if err := r.ParseForm(); err != nil {
		w.errorPage(rw, r, http.StatusBadRequest, i18n.T(lang, "err.bad_request"))
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	d := loginData{Email: email, Next: safeNext(r.PostForm.Get("next"))}
	ip := auth.ClientIP(r)
	// Only failed attempts count, so an office behind one address is not
	// locked out by its colleagues signing in at nine. Failures block the
	// address that makes them (for this account, and over all accounts at
	// a higher rate), never the account: ten wrong passwords from
	// anywhere must not lock its owner out. Guesses at an account from
	// several addresses only slow every attempt at it (LoginBackoff), the
	// owner's included, which a right password then clears.
	mail := km.NormalizeEmail(email)
	pairKey, ipKey := "pair:"+ip+"|"+mail, "ip:"+ip
	if (w.LoginLimiter != nil && w.LoginLimiter.Blocked(pairKey)) || (w.LoginIPLimiter != nil && w.LoginIPLimiter.Blocked(ipKey)) {
		rw.Header().Set("Retry-After", "60")
		d.Error = i18n.T(lang, "err.rate_limited")
		w.renderLogin(rw, r, http.StatusTooManyRequests, d)
		return
	}
	if w.LoginBackoff != nil {
		if wait := w.LoginBackoff.Delay(mail); wait > 0 {
			select {
			case <-time.After(wait):
			case <-r.Context().Done():
				return
			}
		}
	}
	u, err := w.App.Login(r.Context(), email, r.PostForm.Get("password"), ip)
	if errors.Is(err, km.ErrUnauthorized) {
		if w.LoginLimiter != nil {
			w.LoginLimiter.Allow(pairKey)
		}
		if w.LoginIPLimiter != nil {
			w.LoginIPLimiter.Allow(ipKey)
		}
		if w.LoginBackoff != nil {
			w.LoginBackoff.Fail(mail, ip)
		}
		d.Error = i18n.T(lang, "err.login_failed")
		w.renderLogin(rw, r, http.StatusUnauthorized, d)
		return
	}
	if err == nil && w.LoginBackoff != nil {
		w.LoginBackoff.Reset(mail)
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.Auth.SignIn(r, u); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.flash(r, "web.flash.signed_in")
	redirect(rw, r, d.Next)
}

func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	if err := w.App.Logout(r.Context(), actor); err != nil {
		w.fail(rw, r, err)
		return
	}
	if err := w.Auth.SignOut(r); err != nil {
		w.fail(rw, r, err)
		return
	}
	// A form may say where to go next: the one-time link page asks the
	// person signed in to sign out and come back.
	redirect(rw, r, safeNext(r.PostFormValue("next")))
}

// demoLoaded reports whether the database holds demonstration data; the
// demo loader marks every organisation it creates.
func (w *Web) demoLoaded(ctx context.Context) bool {
	orgs, err := w.App.Store.Orgs(ctx)
	if err != nil {
		w.Log.Warn("web: list organisations", "err", err)
		return false
	}
	for _, o := range orgs {
		if o.Demo {
			return true
		}
	}
	return false
}

// requireUser sends an anonymous visitor to the login page and reports
// whether the handler may go on.
func (w *Web) requireUser(rw http.ResponseWriter, r *http.Request) (app.Actor, bool) {
	actor := auth.Actor(r)
	if actor.User == nil {
		if r.Method == http.MethodGet {
			redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
		} else {
			lang := i18n.FromRequest(r)
			w.errorPage(rw, r, http.StatusUnauthorized, httperr.From(km.ErrUnauthorized, lang, nil).Message)
		}
		return actor, false
	}
	return actor, true
}

// refererPath is the local page a form was posted from, for coming back.
func refererPath(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host {
		return "/"
	}
	return safeNext(u.RequestURI())
}
