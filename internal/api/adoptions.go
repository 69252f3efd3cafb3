package api

import (
	"net/http"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
)

// adoptionRoutes lists the API routes of adoption lineage (replikasi).
func (h *API) adoptionRoutes() []route {
	return []route{
		{"GET /api/v1/practices/{id}/adoptions", h.listAdoptions, "Adoptions of a practice by other agencies"},
		{"POST /api/v1/practices/{id}/adoptions", h.createAdoption, "Record that an organisation adopts a published practice (its coordinators)"},
		{"PATCH /api/v1/adoptions/{id}", h.updateAdoption, "Change an adoption's status or fields (partial)"},
	}
}

func init() {
	input := map[string]any{
		"org":    str("adopting organisation code"),
		"status": enum("planned", "running", "stopped", "institutionalised"), "started": str("YYYY-MM-DD"),
		"adapted": str("what was adapted"), "reason": str("required when stopped"),
		"regulation":       str("required when institutionalised: the Pergub, Perbup or SK that made it permanent"),
		"derived_practice": map[string]any{"type": []any{"integer", "null"}, "description": "the adopter's own practice documenting its version"},
		"metrics":          map[string]any{"type": "array", "items": metricSchema},
	}
	schemas["AdoptionInput"] = map[string]any{"type": "object", "required": []any{"org", "started"}, "properties": input}
	schemas["Adoption"] = map[string]any{"type": "object", "properties": merge(input, map[string]any{
		"id": map[string]any{"type": "integer"}, "practice": map[string]any{"type": "integer"},
		"org_name": str(""), "created_at": str("RFC 3339"), "updated_at": str("RFC 3339"),
		"next": map[string]any{"type": "array", "items": enum("planned", "running", "stopped", "institutionalised")},
		"url":  str("page URL")})}
	requestBodies["POST /api/v1/practices/{id}/adoptions"] = map[string]any{"required": true, "content": jsonContent(ref("AdoptionInput"))}
	requestBodies["PATCH /api/v1/adoptions/{id}"] = map[string]any{"required": true, "content": jsonContent(ref("AdoptionInput"))}
}

// adoptionJSON is an adoption as the API shows it.
type adoptionJSON struct {
	ID              int64               `json:"id"`
	Practice        int64               `json:"practice"`
	Org             string              `json:"org"`
	OrgName         string              `json:"org_name"`
	Status          km.AdoptionStatus   `json:"status"`
	Started         string              `json:"started"`
	Adapted         string              `json:"adapted"`
	Reason          string              `json:"reason"`
	Regulation      string              `json:"regulation"`
	DerivedPractice *int64              `json:"derived_practice"`
	Metrics         []metricJSON        `json:"metrics"`
	Next            []km.AdoptionStatus `json:"next"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	URL             string              `json:"url"`
}

func toAdoptionJSON(a km.Adoption) adoptionJSON {
	ms := make([]metricJSON, len(a.Metrics))
	for i, m := range a.Metrics {
		ms[i] = metricJSON{Metric: m, Change: m.Change()}
		if pct, ok := m.Percent(); ok {
			ms[i].Percent = &pct
		}
	}
	j := adoptionJSON{ID: a.ID, Practice: a.PracticeID, Org: a.OrgCode, OrgName: a.OrgName, Status: a.Status, Started: a.Started,
		Adapted: a.Adapted, Reason: a.Reason, Regulation: a.Regulation, Metrics: ms, Next: nonNil(km.AdoptionNext(a.Status)),
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, URL: "/adoptions/" + itoa(a.ID)}
	if a.DerivedPracticeID != 0 {
		d := a.DerivedPracticeID
		j.DerivedPractice = &d
	}
	return j
}

// adoptionInput is the body of a create, and (every field optional) of a
// change.
type adoptionInput struct {
	Org             *string            `json:"org"`
	Status          *km.AdoptionStatus `json:"status"`
	Started         *string            `json:"started"`
	Adapted         *string            `json:"adapted"`
	Reason          *string            `json:"reason"`
	Regulation      *string            `json:"regulation"`
	DerivedPractice *int64             `json:"derived_practice"`
	Metrics         *[]km.Metric       `json:"metrics"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (h *API) listAdoptions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	as, err := h.app.Adoptions(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]adoptionJSON, len(as))
	for i, a := range as {
		out[i] = toAdoptionJSON(a)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"adoptions": out})
}

func (h *API) createAdoption(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in adoptionInput
	if !h.decode(w, r, &in) {
		return
	}
	ad, err := h.app.CreateAdoption(r.Context(), actor(r), id, app.AdoptionInput{OrgCode: deref(in.Org), Status: deref(in.Status),
		Started: deref(in.Started), Adapted: deref(in.Adapted), Reason: deref(in.Reason), Regulation: deref(in.Regulation),
		DerivedPracticeID: deref(in.DerivedPractice), Metrics: deref(in.Metrics)})
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/adoptions/"+itoa(ad.ID))
	h.writeJSON(w, http.StatusCreated, toAdoptionJSON(ad))
}

func (h *API) updateAdoption(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in adoptionInput
	if !h.decode(w, r, &in) {
		return
	}
	if in.Org != nil {
		// The adopter is fixed: another organisation records its own.
		cur, err := h.app.Adoption(r.Context(), actor(r), id)
		switch {
		case err != nil:
			h.error(w, r, err)
			return
		case *in.Org != cur.OrgCode && h.app.CanManageAdoption(actor(r), cur):
			h.error(w, r, &km.ValidationError{Fields: map[string]string{"org": "adoption.org_fixed"}})
			return
		}
	}
	ad, err := h.app.UpdateAdoption(r.Context(), actor(r), id, app.AdoptionPatch{Status: in.Status, Started: in.Started,
		Adapted: in.Adapted, Reason: in.Reason, Regulation: in.Regulation, DerivedPracticeID: in.DerivedPractice, Metrics: in.Metrics})
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, toAdoptionJSON(ad))
}
