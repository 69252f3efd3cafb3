package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// feedRoutes lists the Atom feeds (RFC 4287) and the page for a private
// feed address. The public feeds are read as the anonymous public whoever
// asks: a feed reader has no session, and one answer then suits every
// cache.
func (w *Web) feedRoutes() []route {
	return []route{
		{"GET /feed.atom", w.feedAll},
		{"GET /orgs/{code}/feed.atom", w.feedOrg},
		{"GET /affairs/{code}/feed.atom", w.feedAffair},
		{"GET /tags/{tag}/feed.atom", w.feedTag},
		{"GET /search/feed.atom", w.feedSearch},
		{"GET /feeds/{token}/feed.atom", w.feedPrivate},
		{"GET /me/feeds", w.feedTokenPage},
		{"POST /me/feeds", w.createFeedToken},
		{"POST /me/feeds/revoke", w.revokeFeedToken},
	}
}

// feedLink is a feed a page announces, in its head and visibly.
type feedLink struct {
	Title, URL string
}

// tagIDDate is the date in every feed and entry id (tag: URIs, RFC 4151):
// fixed, so that an id never changes.
const tagIDDate = "2025"

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator atomGen     `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomGen struct {
	URI  string `xml:"uri,attr,omitempty"`
	Name string `xml:",chardata"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Authors    []atomPerson   `xml:"author"`
	Summary    atomText       `xml:"summary"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
}

// feedSpec is one feed: what it is called, where it sits (a path with
// its query, relative to App.BaseURL), the page it mirrors and the part
// of its id that tells it from the others.
type feedSpec struct {
	Title     string
	Self      string
	Alternate string
	ID        string
	Private   bool
}

// base is the site's configured address: every absolute URL in a feed
// starts with it, never with the Host a request named.
func (w *Web) base() string { return strings.TrimRight(w.App.BaseURL, "/") }

// tagURI is a stable id (RFC 4151) for what specific names on this site.
func (w *Web) tagURI(specific string) string {
	host := "localhost"
	if u, err := url.Parse(w.base()); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + "," + tagIDDate + ":" + specific
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeFeed renders ps as an Atom feed and serves it with an ETag and
// Last-Modified, answering conditional requests with 304.
func (w *Web) writeFeed(rw http.ResponseWriter, r *http.Request, spec feedSpec, ps []km.Practice) {
	lang := i18n.FromRequest(r)
	base := w.base()
	f := atomFeed{
		Lang: lang, ID: w.tagURI(spec.ID), Title: spec.Title, Subtitle: i18n.T(lang, "web.tagline_long"),
		Author: atomPerson{Name: "Lumbung", URI: base + "/"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + spec.Self},
			{Rel: "alternate", Type: "text/html", Href: base + spec.Alternate},
		},
		Generator: atomGen{URI: base + "/", Name: "Lumbung"},
	}
	var updated time.Time
	if len(ps) > app.FeedLimit {
		ps = ps[:app.FeedLimit]
	}
	for _, p := range ps {
		if p.UpdatedAt.After(updated) {
			updated = p.UpdatedAt
		}
		f.Entries = append(f.Entries, w.atomEntry(lang, p))
	}
	if updated.IsZero() {
		// An empty feed still needs an updated time; a fixed one keeps its
		// ETag stable.
		updated = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		w.fail(rw, r, err)
		return
	}
	buf.WriteByte('\n')
	sum := sha256.Sum256(buf.Bytes())
	h := rw.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	h.Add("Vary", "Accept-Language")
	if spec.Private {
		// The address is a secret: no shared cache keeps the answer.
		h.Set("Cache-Control", "private, no-cache")
		h.Set("X-Robots-Tag", "noindex")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(rw, r, "", updated, bytes.NewReader(buf.Bytes()))
}

func (w *Web) atomEntry(lang string, p km.Practice) atomEntry {
	base := w.base()
	published := p.CreatedAt
	if p.PublishedAt != nil {
		published = *p.PublishedAt
	}
	e := atomEntry{
		ID:        w.tagURI("practice/" + strconv.FormatInt(p.ID, 10)),
		Title:     atomText{Type: "text", Text: p.Title},
		Updated:   atomTime(p.UpdatedAt),
		Published: atomTime(published),
		Summary:   atomText{Type: "text", Text: p.Summary},
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/practices/" + strconv.FormatInt(p.ID, 10)}},
	}
	if e.Summary.Text == "" {
		e.Summary.Text = p.Title
	}
	for _, a := range p.Authors {
		e.Authors = append(e.Authors, atomPerson{Name: a})
	}
	if len(e.Authors) == 0 {
		name := p.OrgName
		if name == "" {
			name = "Lumbung"
		}
		e.Authors = append(e.Authors, atomPerson{Name: name})
	}
	if p.Affair != "" {
		e.Categories = append(e.Categories, atomCategory{Term: p.Affair, Scheme: base + "/affairs/", Label: affairLabel(lang, p.Affair)})
	}
	e.Categories = append(e.Categories, atomCategory{Term: string(p.Kind), Scheme: base + "/kinds/", Label: i18n.T(lang, "kind."+string(p.Kind))})
	if p.OrgCode != "" {
		e.Categories = append(e.Categories, atomCategory{Term: p.OrgCode, Scheme: base + "/orgs/", Label: p.OrgName})
	}
	for _, t := range p.Tags {
		e.Categories = append(e.Categories, atomCategory{Term: t, Scheme: base + "/tags/"})
	}
	return e
}

// anonymousFeed serves the newest public practices f selects.
func (w *Web) anonymousFeed(rw http.ResponseWriter, r *http.Request, spec feedSpec, f store.PracticeFilter) {
	ps, err := w.App.FeedPractices(r.Context(), app.Actor{}, f)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.writeFeed(rw, r, spec, ps)
}

// The addresses of the feeds, relative to the site.
func feedAllURL() string               { return "/feed.atom" }
func orgFeedURL(code string) string    { return "/orgs/" + url.PathEscape(code) + "/feed.atom" }
func affairFeedURL(code string) string { return "/affairs/" + url.PathEscape(code) + "/feed.atom" }
func tagFeedURL(tag string) string     { return "/tags/" + url.PathEscape(tag) + "/feed.atom" }

func (w *Web) feedAll(rw http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	w.anonymousFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.all"), Self: feedAllURL(), Alternate: "/practices", ID: "feed/all"},
		store.PracticeFilter{})
}

func (w *Web) feedOrg(rw http.ResponseWriter, r *http.Request) {
	org, err := w.App.Store.OrgByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	w.anonymousFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.org", org.Name), Self: orgFeedURL(org.Code),
		Alternate: "/orgs/" + url.PathEscape(org.Code), ID: "feed/org/" + org.Code}, store.PracticeFilter{OrgPath: org.Path})
}

func (w *Web) feedAffair(rw http.ResponseWriter, r *http.Request) {
	a, ok := km.AffairByCode(r.PathValue("code"))
	if !ok {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	lang := i18n.FromRequest(r)
	w.anonymousFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.affair", affairLabel(lang, a.Code)), Self: affairFeedURL(a.Code),
		Alternate: "/practices?" + url.Values{"affair": {a.Code}}.Encode(), ID: "feed/affair/" + a.Code}, store.PracticeFilter{Affair: a.Code})
}

// maxTag bounds a tag asked for in an address.
const maxTag = 100

func (w *Web) feedTag(rw http.ResponseWriter, r *http.Request) {
	tag := strings.ToLower(strings.TrimSpace(r.PathValue("tag")))
	if tag == "" || len(tag) > maxTag || strings.ContainsAny(tag, "\x00/") {
		w.fail(rw, r, km.ErrNotFound)
		return
	}
	lang := i18n.FromRequest(r)
	w.anonymousFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.tag", tag), Self: tagFeedURL(tag),
		Alternate: "/practices?" + url.Values{"tag": {tag}}.Encode(), ID: "feed/tag/" + url.PathEscape(tag)}, store.PracticeFilter{Tag: tag})
}

// searchFeedParams are the search page's parameters a search feed keeps.
var searchFeedParams = []string{"q", "org", "kind", "affair", "year"}

// searchFeedQuery is the search page's query as a search feed's query
// string ("" when the page has not searched).
func searchFeedQuery(q url.Values) string {
	out := url.Values{}
	for _, k := range searchFeedParams {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out.Encode()
}

// feedSearch runs the search page's search, as the anonymous public and
// newest first, and serves its published results. Polling it is not
// counted as searching.
func (w *Web) feedSearch(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	qs := searchFeedQuery(q)
	if qs == "" {
		redirect(rw, r, feedAllURL())
		return
	}
	lang := i18n.FromRequest(r)
	res, err := w.App.Search(r.Context(), app.Actor{}, app.SearchQuery{Text: strings.TrimSpace(q.Get("q")), Org: q.Get("org"),
		Kind: q.Get("kind"), Affair: q.Get("affair"), Year: q.Get("year"), Status: string(km.StatusPublished),
		Limit: app.FeedLimit, Newest: true, Surface: "web", Unlogged: true})
	var ve *km.ValidationError
	switch {
	case errors.As(err, &ve):
		w.errorPage(rw, r, http.StatusBadRequest, i18n.T(lang, "web.search.bad_query"))
		return
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	var ps []km.Practice
	for _, h := range res.Hits {
		if p, ok := res.Practices[h.ID]; ok && p.Status == km.StatusPublished {
			ps = append(ps, p)
		}
	}
	title := strings.TrimSpace(q.Get("q"))
	if title == "" {
		title = i18n.T(lang, "feed.filtered")
	}
	w.writeFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.search", title), Self: "/search/feed.atom?" + qs,
		Alternate: "/search?" + qs, ID: "feed/search?" + qs}, ps)
}

// feedPrivate serves what the owner of a private feed token may read.
// An unknown or revoked token is a plain 404.
func (w *Web) feedPrivate(rw http.ResponseWriter, r *http.Request) {
	actor, err := w.App.FeedActor(r.Context(), r.PathValue("token"))
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	ps, err := w.App.FeedPractices(r.Context(), actor, store.PracticeFilter{})
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	lang := i18n.FromRequest(r)
	w.writeFeed(rw, r, feedSpec{Title: i18n.T(lang, "feed.title.private", actor.User.Name),
		Self: "/feeds/" + url.PathEscape(r.PathValue("token")) + "/feed.atom", Alternate: "/practices",
		ID: "feed/user/" + strconv.FormatInt(actor.User.ID, 10), Private: true}, ps)
}

// feedTokenData feeds the private feed page.
type feedTokenData struct {
	Active    bool
	CreatedAt time.Time
	NewURL    string // the address just made, shown once
}

func (w *Web) feedTokenPage(rw http.ResponseWriter, r *http.Request) {
	w.showFeedTokens(rw, r, "")
}

func (w *Web) showFeedTokens(rw http.ResponseWriter, r *http.Request, newURL string) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	ft, active, err := w.App.FeedToken(r.Context(), actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	v := w.newView(r, "feeds", feedTokenData{Active: active, CreatedAt: ft.CreatedAt, NewURL: newURL})
	v.NoStore = true
	w.render(rw, r, http.StatusOK, "feeds", v)
}

func (w *Web) createFeedToken(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	token, err := w.App.CreateFeedToken(r.Context(), actor)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	w.showFeedTokens(rw, r, w.base()+"/feeds/"+token+"/feed.atom")
}

func (w *Web) revokeFeedToken(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	switch err := w.App.RevokeFeedToken(r.Context(), actor); {
	case errors.Is(err, km.ErrNotFound):
		w.flash(r, "feed.none")
	case err != nil:
		w.fail(rw, r, err)
		return
	default:
		w.flash(r, "feed.revoked")
	}
	redirect(rw, r, "/me/feeds")
}

// announce adds feeds to a page's head and its visible feed links.
func (v *view) announce(fs ...feedLink) { v.Feeds = append(v.Feeds, fs...) }
