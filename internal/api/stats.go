package api

import (
	"net/http"

	"lumbung/internal/i18n"
)

func (h *API) statsRoutes() []route {
	return []route{
		{"GET /api/v1/stats/readership", h.readership,
			"Readers of published practices against headcount per OPD (from, to: YYYY-MM-DD in WIB, inclusive; org: under this organisation); leaders, secretariat, admins over the root see all, a coordinator their own"},
	}
}

func init() {
	queryParams["GET /api/v1/stats/readership"] = []any{q("from", "string", "YYYY-MM-DD (WIB)"), q("to", "string", "YYYY-MM-DD (WIB, inclusive)"),
		q("org", "string", "organisation code: the OPD under it")}
	i18n.Add("id", map[string]string{
		"stats.to_before_from":  "tanggal akhir tidak boleh sebelum tanggal awal",
		"stats.period_too_long": "periode paling panjang tiga tahun",
	})
	i18n.Add("en", map[string]string{
		"stats.to_before_from":  "the end date cannot be before the start date",
		"stats.period_too_long": "the period is at most three years",
	})
}

func (h *API) readership(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rep, err := h.app.Readership(r.Context(), actor(r), q.Get("from"), q.Get("to"), q.Get("org"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, rep)
}
