package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

// searchRoutes lists the search API.
func (h *API) searchRoutes() []route {
	return []route{
		{"GET /api/v1/search", h.search, "Full-text search (q, org, kind, affair, year, status, sort, limit, offset)"},
		{"GET /api/v1/search/analytics", h.searchAnalytics, "Top queries and queries without results (secretariat, leaders, admins)"},
		{"GET /api/v1/practices/{id}/related", h.related, "Practices related to one"},
	}
}

func init() {
	queryParams["GET /api/v1/search"] = []any{
		q("q", "string", "query: words, \"phrases\", prefix*, -excluded"), q("org", "string", "organisation code (with its units)"),
		q("kind", "string", "good, bad or ordinary"), q("affair", "string", "government affair code"), q("year", "string", "year"),
		q("status", "string", "workflow status"), q("sort", "string", "relevance (default) or newest; without q, always newest"),
		q("limit", "integer", "1 to 100 (default 20)"), q("offset", "integer", "results to skip (at most 1000)"),
	}
	queryParams["GET /api/v1/search/analytics"] = []any{q("from", "string", "YYYY-MM-DD"), q("to", "string", "YYYY-MM-DD (inclusive)"), q("limit", "integer", "1 to 500")}
}

type searchHitJSON struct {
	practiceJSON
	Score     float64             `json:"score"`
	Fragments map[string][]string `json:"highlights,omitempty"`
}

func (h *API) search(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	lang := i18n.FromRequest(r)
	sq := app.SearchQuery{Text: qs.Get("q"), Org: qs.Get("org"), Kind: qs.Get("kind"), Affair: qs.Get("affair"),
		Year: qs.Get("year"), Status: qs.Get("status"), Limit: 20, Surface: "api"}
	for name, dst := range map[string]*int{"limit": &sq.Limit, "offset": &sq.Offset} {
		if v := qs.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || (name == "limit" && (n < 1 || n > 100)) || (name == "offset" && n > search.MaxOffset) {
				h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", name))
				return
			}
			*dst = n
		}
	}
	switch qs.Get("sort") {
	case "", "relevance":
	case "newest":
		sq.Newest = true
	default:
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", "sort"))
		return
	}
	if sq.Kind != "" && !km.Kind(sq.Kind).Valid() {
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", "kind"))
		return
	}
	res, err := h.app.Search(r.Context(), actor(r), sq)
	var ve *km.ValidationError
	if errors.As(err, &ve) {
		p := httperr.From(err, lang, h.log)
		p.Status, p.Code = http.StatusBadRequest, "bad_query"
		h.fail(w, r, p)
		return
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	hits := make([]searchHitJSON, 0, len(res.Hits))
	for _, hit := range res.Hits {
		p, ok := res.Practices[hit.ID]
		if !ok {
			continue
		}
		hits = append(hits, searchHitJSON{practiceJSON: toPracticeJSON(p, actor(r)), Score: hit.Score, Fragments: hit.Fragments})
	}
	facets := map[string][]map[string]any{}
	for _, f := range res.Facets {
		for _, v := range f.Values {
			facets[f.Field] = append(facets[f.Field], map[string]any{"value": v.Value, "count": v.Count})
		}
	}
	out := map[string]any{"total": res.Total, "results": hits, "facets": facets, "fuzzy": res.Fuzzy}
	if res.Suggestion != "" {
		out["suggestion"] = res.Suggestion
	}
	h.writeJSON(w, http.StatusOK, out)
}

func (h *API) related(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	p, err := h.app.Practice(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	rel, err := h.app.Related(r.Context(), actor(r), p, 10)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]practiceJSON, len(rel))
	for i, rp := range rel {
		out[i] = toPracticeJSON(rp, actor(r))
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"related": out})
}

func (h *API) searchAnalytics(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	lang := i18n.FromRequest(r)
	to := time.Now().UTC().AddDate(0, 0, 1)
	from := to.AddDate(0, 0, -30)
	for name, dst := range map[string]*time.Time{"from": &from, "to": &to} {
		if v := qs.Get(name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", name))
				return
			}
			if name == "to" {
				t = t.AddDate(0, 0, 1)
			}
			*dst = t
		}
	}
	limit := 50
	if v := qs.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", "limit"))
			return
		}
		limit = n
	}
	a := actor(r)
	if a.User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	top, missing, scope, err := h.app.SearchAnalytics(r.Context(), a, from, to, limit)
	if err != nil {
		h.error(w, r, err)
		return
	}
	conv := func(qs []store.QueryStat) []map[string]any {
		out := make([]map[string]any, 0, len(qs))
		for _, s := range qs {
			out = append(out, map[string]any{"query": s.Query, "count": s.Count, "zero_results": s.Zero, "last_seen": s.LastSeen})
		}
		return out
	}
	orgs := []string{} // the organisations whose people's searches are counted; empty with "all"
	for _, g := range scope.Orgs {
		orgs = append(orgs, g.OrgCode)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"from": from.Format(time.DateOnly), "to": to.AddDate(0, 0, -1).Format(time.DateOnly),
		"scope": map[string]any{"all": scope.All, "orgs": orgs}, "top": conv(top), "no_results": conv(missing)})
}
