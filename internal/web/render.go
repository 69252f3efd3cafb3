package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
)

type pageTemplate = template.Template

// parseTemplates parses the layout, the shared partials and every page,
// once per language so that each page's t function speaks that language.
func parseTemplates(st *assets) (map[string]map[string]*pageTemplate, error) {
	pageFiles, err := fs.Glob(embedded, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*pageTemplate{}
	for _, lang := range i18n.Languages {
		base, err := template.New("").Funcs(funcs(lang, st)).ParseFS(embedded, "templates/_*.html")
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		out[lang] = map[string]*pageTemplate{}
		for _, f := range pageFiles {
			name := strings.TrimSuffix(path.Base(f), ".html")
			if strings.HasPrefix(name, "_") {
				continue
			}
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if t, err = t.ParseFS(embedded, f); err != nil {
				return nil, fmt.Errorf("web: template %s: %w", name, err)
			}
			if t.Lookup("main") == nil || t.Lookup("title") == nil {
				return nil, fmt.Errorf("web: template %s must define \"title\" and \"main\"", name)
			}
			out[lang][name] = t
		}
	}
	return out, nil
}

func funcs(lang string, st *assets) template.FuncMap {
	return template.FuncMap{
		"t":      func(key string, args ...any) string { return i18n.T(lang, key, args...) },
		"asset":  st.URL,
		"num":    func(f float64) string { return formatNumber(lang, f) },
		"signed": func(f float64) string { return formatSigned(lang, f) },
		"count":  func(n int) string { return formatNumber(lang, float64(n)) },
		"pct": func(m km.Metric) string {
			p, ok := m.Percent()
			if !ok {
				return "–"
			}
			return formatPercent(lang, p)
		},
		"date":     func(t time.Time) string { return formatDate(lang, t) },
		"datetime": func(t time.Time) string { return formatDateTime(lang, t) },
		"day":      func(s string) string { return formatDay(lang, s) },
		"shortdt":  func(t time.Time) string { return formatShortDateTime(lang, t) },
		"size":     func(n int64) string { return formatSize(lang, n) },
		"affair":   func(code string) string { return affairLabel(lang, code) },
		"kind":     func(k km.Kind) string { return i18n.T(lang, "kind."+string(k)) },
		"status":   func(s km.Status) string { return i18n.T(lang, "status."+string(s)) },
		"access":   func(a km.Access) string { return i18n.T(lang, "access."+string(a)) },
		"action":   func(a km.Action) string { return i18n.T(lang, "action."+string(a)) },
		"field":    func(f string) string { return fieldLabel(lang, f) },
		"depth":    orgDepth,
		"isoTime":  func(t time.Time) string { return t.In(wib).Format(time.RFC3339) },
		"add":      func(a, b int) int { return a + b },
		"join":     strings.Join,
		"errFor":   func(errs map[string]string, f string) string { return errs[f] },
		"jsonish":  detailText,
		"revnote":  func(note string) string { return revisionNote(lang, note) },
	}
}

func affairLabel(lang, code string) string {
	a, ok := km.AffairByCode(code)
	if !ok {
		return code
	}
	if lang == "en" {
		return a.En
	}
	return a.Name
}

// fieldLabel names a practice field ("metrics.2.value" included) for error
// summaries and diffs.
func fieldLabel(lang, f string) string {
	if rest, ok := strings.CutPrefix(f, "metrics."); ok {
		i, sub, _ := strings.Cut(rest, ".")
		n := 0
		fmt.Sscan(i, &n)
		return i18n.T(lang, "web.metric_n", n+1) + ": " + i18n.T(lang, "field.metric_"+sub)
	}
	return i18n.T(lang, "field."+f)
}

// revisionNote translates the store's note for a save ("created",
// "status: published"); a note it does not know is shown as written.
func revisionNote(lang, note string) string {
	if s, ok := strings.CutPrefix(note, "status: "); ok && km.Status(s).Valid() {
		return i18n.T(lang, "web.revnote.status", i18n.T(lang, "status."+s))
	}
	if key := "web.revnote." + note; i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return note
}

// orgDepth is how deep an organisation sits in the tree (0 for the top).
func orgDepth(p string) int { return max(strings.Count(p, "/")-2, 0) }

// view is what every page template gets: the layout's needs plus the
// page's own data in D.
type view struct {
	Lang   string
	User   *km.User
	Path   string // this page, for the language switch to come back to
	Nav    string // the active navigation entry
	Flash  string
	Can    navRights
	D      any
	Status int
	// NoStore keeps the page out of every cache, signed in or not: it
	// shows a one-time link or sits at one.
	NoStore bool
	// Feeds are the Atom feeds the page announces (see view.announce).
	Feeds []feedLink
}

// navRights decide which navigation entries a person sees.
type navRights struct {
	Write, Review, Admin, Analytics bool
	// Dictionary: the search dictionary, which serves every agency, is
	// for admins over the root only (app.CanEditDictionary).
	Dictionary bool
	// Jobs: the background job list, for admins over the root too
	// (app.Jobs).
	Jobs bool
}

func rightsOf(u *km.User) navRights {
	if u == nil {
		return navRights{}
	}
	var n navRights
	for _, g := range u.Grants {
		switch g.Role {
		case km.RoleContributor:
			n.Write = true
		case km.RoleCoordinator:
			n.Write, n.Review, n.Analytics = true, true, true // their agency's searches
		case km.RoleAdmin:
			n.Write, n.Review, n.Admin, n.Analytics = true, true, true, true
		case km.RoleSecretariat, km.RoleLeader:
			n.Analytics = true
		}
	}
	return n
}

const flashKey = "flash"

// newView fills the layout's part of a page.
func (w *Web) newView(r *http.Request, nav string, d any) *view {
	lang := i18n.FromRequest(r)
	actor := auth.Actor(r)
	v := &view{Lang: lang, User: actor.User, Path: r.URL.RequestURI(), Nav: nav, Can: rightsOf(actor.User), D: d}
	v.Can.Dictionary = v.Can.Admin && w.App.CanEditDictionary(r.Context(), actor)
	v.Can.Jobs = v.Can.Dictionary // the same people: admins over the root
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		// A page rendered in answer to a POST has no address of its own to
		// come back to; the page the form was on does.
		v.Path = refererPath(r)
	}
	if w.Auth != nil && w.Auth.Sessions != nil {
		v.Flash = w.popFlash(r)
	}
	return v
}

// popFlash takes the one-time message left by the previous POST, if any.
// The session may not be loaded (a request outside the session
// middleware), so a panic from the session manager is not fatal here.
func (w *Web) popFlash(r *http.Request) (msg string) {
	defer func() {
		if recover() != nil {
			msg = ""
		}
	}()
	return w.Auth.Sessions.PopString(r.Context(), flashKey)
}

// flash leaves a message key for the next page to show.
func (w *Web) flash(r *http.Request, key string) {
	defer func() { recover() }()
	w.Auth.Sessions.Put(r.Context(), flashKey, key)
}

// render executes a page into a buffer and only then writes it, so a
// template error becomes a clean error page instead of half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	t := w.pages[v.Lang][name]
	if t == nil {
		w.Log.Error("web: no such page template", "name", name)
		w.plainError(rw, v.Lang)
		return
	}
	v.Status = status
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		w.Log.Error("web: render", "page", name, "err", err)
		w.plainError(rw, v.Lang)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", v.Lang)
	h.Add("Vary", "Accept-Language") // the session middleware adds "Vary: Cookie"
	if v.User != nil || v.NoStore {
		h.Set("Cache-Control", "private, no-store")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	rw.WriteHeader(status)
	rw.Write(buf.Bytes())
}

// plainError is the last resort when even the error page fails to render.
func (w *Web) plainError(rw http.ResponseWriter, lang string) {
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.Header().Set("Cache-Control", "no-store")
	rw.WriteHeader(http.StatusInternalServerError)
	fmt.Fprintf(rw, "<!doctype html><html lang=%q><meta charset=utf-8><title>Lumbung</title><main><h1>Lumbung</h1><p>%s</p><p><a href=\"/\">Lumbung</a></p></main></html>",
		lang, template.HTMLEscapeString(i18n.T(lang, "err.internal")))
}

// errorData is what the error page shows.
type errorData struct {
	Title, Message string
	Status         int
	LoginNext      string // offer to sign in and come back here
}

// fail turns an error from a use case into a page with the right status. A
// request that needs a signed-in person is sent to the login page instead.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	lang := i18n.FromRequest(r)
	p := httperr.From(err, lang, w.Log)
	if p.Status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(rw, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	w.errorPage(rw, r, p.Status, p.Message)
}

// errorPage renders a friendly error page with status.
func (w *Web) errorPage(rw http.ResponseWriter, r *http.Request, status int, msg string) {
	v := w.newView(r, "", nil)
	d := errorData{Status: status, Message: msg}
	switch status {
	case http.StatusNotFound:
		d.Title = i18n.T(v.Lang, "web.err_title.404")
		if v.User == nil {
			d.LoginNext = r.URL.RequestURI()
		}
	case http.StatusForbidden:
		d.Title = i18n.T(v.Lang, "web.err_title.403")
	case http.StatusUnauthorized:
		d.Title = i18n.T(v.Lang, "web.err_title.401")
		d.LoginNext = r.URL.RequestURI()
		if r.Method != http.MethodGet {
			d.LoginNext = refererPath(r)
		}
	case http.StatusTooManyRequests:
		d.Title = i18n.T(v.Lang, "web.err_title.429")
	default:
		if status >= 500 {
			d.Title = i18n.T(v.Lang, "web.err_title.500")
		} else {
			d.Title = i18n.T(v.Lang, "web.err_title.400")
		}
	}
	v.D = d
	w.render(rw, r, status, "error", v)
}

func (w *Web) notFound(rw http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		rw.Header().Set("Content-Type", "application/json; charset=utf-8")
		rw.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(rw, `{"error":{"code":"not_found","message":%q}}`+"\n", i18n.T(i18n.FromRequest(r), "err.not_found"))
		return
	}
	w.errorPage(rw, r, http.StatusNotFound, i18n.T(i18n.FromRequest(r), "err.not_found"))
}

// safeNext returns target if it is a path on this site, and "/" otherwise,
// so that the login and language redirects cannot send anyone elsewhere.
func safeNext(target string) string {
	if target == "" || !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		return "/"
	}
	if strings.ContainsAny(target, "\\\r\n\t") || strings.ContainsRune(target, 0) {
		return "/"
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return target
}

// redirect sends the browser on after a successful POST.
func redirect(rw http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(rw, r, to, http.StatusSeeOther)
}
