package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

// searchRoutes lists the search pages.
func (w *Web) searchRoutes() []route {
	return []route{
		{"GET /search", w.searchPage},
		{"GET /admin/search", w.searchAnalytics},
		{"GET /admin/search/export.xlsx", w.searchAnalyticsExport},
		{"GET /admin/lexicon", w.lexiconPage},
		{"POST /admin/lexicon/words", w.addRootWord},
		{"POST /admin/lexicon/words/remove", w.removeRootWord},
		{"POST /admin/lexicon/synonyms", w.setSynonym},
	}
}

type searchHit struct {
	P       km.Practice
	Snippet template.HTML // escaped by the highlighter, with <mark>
	Title   template.HTML
}

type facetLink struct {
	Label, URL string
	Count      int
	Active     bool
}

type facetView struct {
	Name  string
	Links []facetLink
}

type searchData struct {
	Q, Org, Kind, Affair, Year, Status string
	Newest                             bool // sort=newest: newest first
	Sorts                              []facetLink
	Searched                           bool
	Total                              uint64
	Hits                               []searchHit
	Facets                             []facetView
	Suggestion, SuggestionURL          string
	Fuzzy                              bool
	Pager                              pager
	Error                              string
	Today                              string
}

func (w *Web) searchPage(rw http.ResponseWriter, r *http.Request) {
	actor := auth.Actor(r)
	lang := i18n.FromRequest(r)
	q := r.URL.Query()
	d := searchData{Q: strings.TrimSpace(q.Get("q")), Org: q.Get("org"), Kind: q.Get("kind"), Affair: q.Get("affair"),
		Year: q.Get("year"), Status: q.Get("status"), Newest: q.Get("sort") == "newest", Today: app.Today()}
	page := pageParam(r)
	d.Searched = d.Q != "" || d.Org != "" || d.Kind != "" || d.Affair != "" || d.Year != ""
	if !d.Searched {
		w.render(rw, r, http.StatusOK, "search", w.newView(r, "search", d))
		return
	}
	res, err := w.App.Search(r.Context(), actor, app.SearchQuery{Text: d.Q, Org: d.Org, Kind: d.Kind, Affair: d.Affair,
		Year: d.Year, Status: d.Status, Limit: pageSize, Offset: (page - 1) * pageSize, Newest: d.Newest, Surface: "web"})
	var ve *km.ValidationError
	switch {
	case errors.As(err, &ve):
		d.Error = i18n.T(lang, "web.search.bad_query")
		w.render(rw, r, http.StatusBadRequest, "search", w.newView(r, "search", d))
		return
	case err != nil:
		w.fail(rw, r, err)
		return
	}
	d.Total, d.Fuzzy = res.Total, res.Fuzzy
	for _, h := range res.Hits {
		p, ok := res.Practices[h.ID]
		if !ok {
			continue
		}
		sh := searchHit{P: p, Title: template.HTML(template.HTMLEscapeString(p.Title))}
		if t := h.Fragments["title"]; len(t) > 0 {
			sh.Title = template.HTML(t[0]) // bleve's html highlighter escapes the text
		}
		for _, f := range []string{"summary", "body"} {
			if frs := h.Fragments[f]; len(frs) > 0 {
				sh.Snippet = template.HTML(frs[0])
				break
			}
		}
		d.Hits = append(d.Hits, sh)
	}
	if res.Suggestion != "" {
		d.Suggestion = res.Suggestion
		d.SuggestionURL = withParam(r, "q", res.Suggestion, "page")
	}
	d.Facets = w.facetViews(r, lang, res.Facets)
	if d.Q != "" {
		// Without words the list is always newest first: nothing to choose.
		d.Sorts = []facetLink{
			{Label: i18n.T(lang, "web.search.sort.relevance"), URL: withParam(r, "sort", "", "page"), Active: !d.Newest},
			{Label: i18n.T(lang, "web.search.sort.newest"), URL: withParam(r, "sort", "newest", "page"), Active: d.Newest},
		}
	}
	d.Pager = newPager(r, page, int(min(res.Total, 1000)))
	v := w.newView(r, "search", d)
	if qs := searchFeedQuery(q); qs != "" {
		title := d.Q
		if title == "" {
			title = i18n.T(lang, "feed.filtered")
		}
		v.announce(feedLink{Title: i18n.T(lang, "feed.title.search", title), URL: "/search/feed.atom?" + qs})
	}
	w.render(rw, r, http.StatusOK, "search", v)
}

// withParam is the current URL with one parameter set (or removed when
// value is empty) and the others named in drop removed.
func withParam(r *http.Request, key, value string, drop ...string) string {
	q := r.URL.Query()
	if value == "" {
		q.Del(key)
	} else {
		q.Set(key, value)
	}
	for _, k := range drop {
		q.Del(k)
	}
	return r.URL.Path + "?" + q.Encode()
}

var facetParam = map[string]string{"agency": "org", "kind": "kind", "affair": "affair", "year": "year", "status": "status"}

func (w *Web) facetViews(r *http.Request, lang string, facets []search.Facet) []facetView {
	orgs, _ := w.App.Store.Orgs(r.Context())
	byPath := map[string]km.Org{}
	for _, o := range orgs {
		byPath[o.Path] = o
	}
	var out []facetView
	for _, f := range facets {
		param := facetParam[f.Field]
		if len(f.Values) == 0 || (f.Field == "status" && auth.Actor(r).User == nil) {
			continue
		}
		fv := facetView{Name: i18n.T(lang, "web.search.facet."+f.Field)}
		cur := r.URL.Query().Get(param)
		for _, v := range f.Values {
			label, value := v.Value, v.Value
			switch f.Field {
			case "agency":
				o, ok := byPath[v.Value]
				if !ok {
					continue
				}
				label, value = o.Label(), o.Code
			case "kind":
				label = i18n.T(lang, "kind."+v.Value)
			case "affair":
				label = affairLabel(lang, v.Value)
			case "status":
				label = i18n.T(lang, "status."+v.Value)
			}
			active := cur == value
			link := withParam(r, param, value, "page")
			if active {
				link = withParam(r, param, "", "page")
			}
			fv.Links = append(fv.Links, facetLink{Label: label, URL: link, Count: v.Count, Active: active})
		}
		out = append(out, fv)
	}
	return out
}

type analyticsData struct {
	From, To     string
	Top, Missing []store.QueryStat
	Error        string
	Scope        app.AnalyticsScope
	ScopeNames   string // the organisations of a partial scope, by name
	ExportURL    string // the same period as a spreadsheet
}

// analyticsPeriod reads the from and to dates of the analytics pages (to
// inclusive; the last 30 days by default) as [from, to), and a message
// when a date cannot be read.
func analyticsPeriod(r *http.Request) (from, to time.Time, msg string) {
	q := r.URL.Query()
	to = time.Now().In(wib).AddDate(0, 0, 1)
	from = to.AddDate(0, 0, -30)
	if v := q.Get("from"); v != "" {
		if t, err := time.ParseInLocation(time.DateOnly, v, wib); err == nil {
			from = t
		} else {
			msg = i18n.T(i18n.FromRequest(r), "invalid_date")
		}
	}
	if v := q.Get("to"); v != "" {
		if t, err := time.ParseInLocation(time.DateOnly, v, wib); err == nil {
			to = t.AddDate(0, 0, 1)
		} else {
			msg = i18n.T(i18n.FromRequest(r), "invalid_date")
		}
	}
	return from, to, msg
}

func (w *Web) searchAnalytics(rw http.ResponseWriter, r *http.Request) {
	actor, ok := w.requireUser(rw, r)
	if !ok {
		return
	}
	from, to, msg := analyticsPeriod(r)
	d := analyticsData{Error: msg}
	d.From, d.To = from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly)
	d.ExportURL = "/admin/search/export.xlsx?" + url.Values{"from": {d.From}, "to": {d.To}}.Encode()
	top, missing, scope, err := w.App.SearchAnalytics(r.Context(), actor, from, to, 50)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Top, d.Missing, d.Scope = top, missing, scope
	if len(scope.Orgs) > 0 {
		if d.ScopeNames, err = w.scopeNames(r, scope); err != nil {
			w.fail(rw, r, err)
			return
		}
	}
	status := http.StatusOK
	if d.Error != "" {
		status = http.StatusBadRequest
	}
	w.render(rw, r, status, "search_analytics", w.newView(r, "search_analytics", d))
}

type lexiconData struct {
	Words    []string
	Stale    bool // root words added since the index was built: a rebuild is due
	Synonyms []synonymRow
	Errors   map[string]string
	Word     string
	Term     string
	Expands  string
}

type synonymRow struct {
	Term    string
	Expands string
}

func (w *Web) lexiconPage(rw http.ResponseWriter, r *http.Request) {
	w.showLexicon(rw, r, http.StatusOK, lexiconData{})
}

func (w *Web) showLexicon(rw http.ResponseWriter, r *http.Request, status int, d lexiconData) {
	actor := auth.Actor(r)
	if actor.User == nil {
		redirect(rw, r, "/login?next=/admin/lexicon")
		return
	}
	if !w.App.CanEditDictionary(r.Context(), actor) {
		w.fail(rw, r, km.ErrForbidden)
		return
	}
	words, err := w.App.Store.LexiconWords(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	syn, err := w.App.Store.Synonyms(r.Context())
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	d.Words = words
	d.Stale = w.App.IndexStale()
	for t, e := range syn {
		d.Synonyms = append(d.Synonyms, synonymRow{Term: t, Expands: strings.Join(e, ", ")})
	}
	w.render(rw, r, status, "lexicon", w.newView(r, "lexicon", d))
}

func (w *Web) addRootWord(rw http.ResponseWriter, r *http.Request) {
	word := r.PostFormValue("word")
	err := w.App.AddRootWord(r.Context(), auth.Actor(r), word)
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		w.lexiconAnswer(rw, r, nil, http.StatusUnprocessableEntity, lexiconData{Word: word, Errors: map[string]string{"word": i18n.T(i18n.FromRequest(r), "web.lexicon.bad_word")}})
		return
	}
	w.lexiconAnswer(rw, r, err, 0, lexiconData{})
}

func (w *Web) removeRootWord(rw http.ResponseWriter, r *http.Request) {
	err := w.App.RemoveRootWord(r.Context(), auth.Actor(r), r.PostFormValue("word"))
	if errors.Is(err, km.ErrNotFound) {
		w.lexiconAnswer(rw, r, nil, http.StatusNotFound, lexiconData{Errors: map[string]string{"word": i18n.T(i18n.FromRequest(r), "web.lexicon.not_found")}})
		return
	}
	w.lexiconAnswer(rw, r, err, 0, lexiconData{})
}

// lexiconAnswer ends a change on the lexicon page: the page again with d's
// message when refused (refusal is its status), an error page when err is
// set, else back to the page with "saved".
func (w *Web) lexiconAnswer(rw http.ResponseWriter, r *http.Request, err error, refusal int, d lexiconData) {
	switch {
	case refusal != 0:
		w.showLexicon(rw, r, refusal, d)
	case err != nil:
		w.fail(rw, r, err)
	default:
		w.flash(r, "web.lexicon.saved")
		redirect(rw, r, "/admin/lexicon")
	}
}

func (w *Web) setSynonym(rw http.ResponseWriter, r *http.Request) {
	term, expands := r.PostFormValue("term"), r.PostFormValue("expands")
	var list []string
	for _, e := range strings.Split(expands, ",") {
		if e = strings.TrimSpace(e); e != "" {
			list = append(list, e)
		}
	}
	err := w.App.SetSynonym(r.Context(), auth.Actor(r), term, list)
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		w.lexiconAnswer(rw, r, nil, http.StatusUnprocessableEntity, lexiconData{Term: term, Expands: expands, Errors: map[string]string{"term": i18n.T(i18n.FromRequest(r), "web.lexicon.bad_term")}})
		return
	}
	w.lexiconAnswer(rw, r, err, 0, lexiconData{})
}
