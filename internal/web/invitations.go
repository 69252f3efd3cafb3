package web

// One-time links (see package app): the page where an invited juror or a
// person whose password was reset sets a new password, the "forgot your
// password?" page, and the user list where admins and agency coordinators
// make reset links. A link is shown once, on the page answering the form
// that made it, and never stored in a session or a flash message.

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

func (w *Web) linkRoutes() []route {
	return []route{
		{"GET /undangan/{token}", w.linkForm},
		{"POST /undangan/{token}", w.linkUse},
		{"GET /lupa-sandi", w.forgotPassword},
		{"GET /admin/users", w.usersPage},
		{"POST /admin/users/reset-link", w.resetLink},
	}
}

// maxLinkForm bounds the password form: two passwords and little else.
const maxLinkForm = 4 << 10

// linkData is the page of a one-time link: the form, or why the link
// cannot be used.
type linkData struct {
	Token    string
	Target   app.LinkTarget
	Refused  string // why the link cannot be used; no form then
	SignedIn string // the e-mail of the person signed in, who must sign out first
	Error    string
	Errors   map[string]string
}

// Invite reports whether the link is an invitation (else a reset).
func (d linkData) Invite() bool { return d.Target.Purpose == store.LinkInvite }

// linkStatus is the status of a refused link's page: an unknown link was
// never there, a used, replaced or expired one is gone for good.
func linkStatus(lr *app.LinkRefusal) int {
	switch lr.Reason {
	case "unknown":
		return http.StatusNotFound
	case "disabled":
		return http.StatusForbidden
	}
	return http.StatusGone
}

func (w *Web) renderLink(rw http.ResponseWriter, r *http.Request, status int, d linkData) {
	// The address holds the token: keep it out of caches and of the
	// Referer header of any link followed from the page.
	rw.Header().Set("Referrer-Policy", "no-referrer")
	v := w.newView(r, "", d)
	v.NoStore = true
	w.render(rw, r, status, "link", v)
}

// linkKey is the rate limit's key for the requests of one address with
// unknown or dead links.
func linkKey(r *http.Request) string { return "link:" + auth.ClientIP(r) }

// linkPrologue does what both the form and the post start with: refuse
// an address that tried too many dead links, and someone signed in (the
// link may be another person's: it must not change whose password is set
// behind their back). ok is false when the page has been answered.
func (w *Web) linkPrologue(rw http.ResponseWriter, r *http.Request, d *linkData) bool {
	lang := i18n.FromRequest(r)
	if w.LoginLimiter != nil && w.LoginLimiter.Blocked(linkKey(r)) {
		rw.Header().Set("Retry-After", "60")
		d.Refused = i18n.T(lang, "err.rate_limited")
		w.renderLink(rw, r, http.StatusTooManyRequests, *d)
		return false
	}
	if u := auth.Actor(r).User; u != nil {
		d.SignedIn = u.Email
		w.renderLink(rw, r, http.StatusConflict, *d)
		return false
	}
	return true
}

// linkRefused answers a link that cannot be used, and counts it against
// the address.
func (w *Web) linkRefused(rw http.ResponseWriter, r *http.Request, d linkData, err error) {
	var lr *app.LinkRefusal
	if !errors.As(err, &lr) {
		w.fail(rw, r, err)
		return
	}
	if w.LoginLimiter != nil {
		w.LoginLimiter.Allow(linkKey(r))
	}
	d.Refused = i18n.T(i18n.FromRequest(r), lr.Key)
	w.renderLink(rw, r, linkStatus(lr), d)
}

func (w *Web) linkForm(rw http.ResponseWriter, r *http.Request) {
	d := linkData{Token: r.PathValue("token")}
	if !w.linkPrologue(rw, r, &d) {
		return
	}
	target, err := w.App.CheckLink(r.Context(), d.Token)
	if err != nil {
		w.linkRefused(rw, r, d, err)
		return
	}
	d.Target = target
	w.renderLink(rw, r, http.StatusOK, d)
}

func (w *Web) linkUse(rw http.ResponseWriter, r *http.Request) {
	d := linkData{Token: r.PathValue("token")}
	if !w.parsedForm(rw, r, maxLinkForm) || !w.linkPrologue(rw, r, &d) {
		return
	}
	lang := i18n.FromRequest(r)
	ctx := r.Context()
	target, err := w.App.CheckLink(ctx, d.Token)
	if err != nil {
		w.linkRefused(rw, r, d, err)
		return
	}
	d.Target = target
	pw := r.PostForm.Get("password")
	if pw != r.PostForm.Get("password2") {
		d.Error, d.Errors = i18n.T(lang, "err.validation"), map[string]string{"password2": i18n.T(lang, "link.password_mismatch")}
		w.renderLink(rw, r, http.StatusUnprocessableEntity, d)
		return
	}
	_, err = w.App.UseLink(ctx, d.Token, pw, auth.ClientIP(r))
	var ve *km.ValidationError
	switch {
	case errors.As(err, &ve):
		d.Error, d.Errors = i18n.T(lang, "err.validation"), map[string]string{}
		for f, k := range ve.Fields {
			d.Errors[f] = i18n.T(lang, k)
		}
		w.renderLink(rw, r, http.StatusUnprocessableEntity, d)
		return
	case err != nil:
		w.linkRefused(rw, r, d, err)
		return
	}
	w.flash(r, "link.flash.password_set")
	redirect(rw, r, "/login")
}

// forgotPassword explains how to get a new password. It says the same to
// everyone: nothing here tells whether an address has an account.
func (w *Web) forgotPassword(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusOK, "forgot", w.newView(r, "login", nil))
}

// usersData is the user list: the people whose reset links the reader
// may make, and the link just made, shown once.
type usersData struct {
	Users []app.ResettableUser
	Link  *app.Link
	For   string // the name of whom Link is for
}

func (w *Web) usersPage(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	w.renderUsers(rw, r, actor, usersData{})
}

func (w *Web) renderUsers(rw http.ResponseWriter, r *http.Request, actor app.Actor, d usersData) {
	users, err := w.App.ResettableUsers(r.Context(), actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Users = users
	v := w.newView(r, "users", d)
	v.NoStore = true
	w.render(rw, r, http.StatusOK, "users", v)
}

func (w *Web) resetLink(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok || !w.parsedForm(rw, r, maxLinkForm) {
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	l, err := w.App.ResetLink(r.Context(), actor, email)
	var lr *app.LinkRefusal
	switch {
	case errors.As(err, &lr):
		w.errorPage(rw, r, http.StatusConflict, i18n.T(i18n.FromRequest(r), lr.Key))
		return
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	w.renderUsers(rw, r, actor, usersData{Link: &l, For: l.Email})
}

// Action is the page's own path, for the forms that post back to it.
func (d linkData) Action() string { return app.LinkPath + url.PathEscape(d.Token) }
