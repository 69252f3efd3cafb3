package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// awardSetupRoutes are the secretariat's set-up of an edition and the
// entrants' registration, changes and evidence.
func (h *API) awardSetupRoutes() []route {
	const ed = "/api/v1/award/editions/{code}"
	saveCategory := saveItem(h, "cat", h.app.SaveCategory, showCategory)
	saveCriterion := saveItem(h, "crit", h.app.SaveCriterion, showCriterion)
	saveRound := saveItem(h, "round", h.app.SaveRound, showRound)
	return []route{
		{"POST /api/v1/award/editions", h.awardCreateEdition, "Create an edition (secretariat; body: code, name, year, registration_opens, submission_deadline, announcement_at, objection_until, winners, method, organiser)"},
		{"PUT " + ed, h.awardUpdateEdition, "Change an edition's name, year, schedule, winners and method (secretariat)"},
		{"POST " + ed + "/call", h.awardPublishCall(), "Publish the call for entries: registration opens, criteria weights and scales lock (secretariat)"},
		{"POST " + ed + "/categories", saveCategory, "Add a category {code, name} (secretariat)"},
		{"PUT " + ed + "/categories/{cat}", saveCategory, "Change a category (secretariat; only its name once entries are frozen)"},
		{"DELETE " + ed + "/categories/{cat}", itemAction(h, "cat", h.app.DeleteCategory), "Remove a category no entry belongs to (secretariat)"},
		{"POST " + ed + "/criteria", saveCriterion, "Add a criterion {code, name, description, anchors, weight, min, max} (secretariat; 409 once the call is published)"},
		{"PUT " + ed + "/criteria/{crit}", saveCriterion, "Change a criterion (secretariat; weight, scale and code 409 once the call is published)"},
		{"DELETE " + ed + "/criteria/{crit}", itemAction(h, "crit", h.app.DeleteCriterion), "Remove a criterion (secretariat; 409 once the call is published)"},
		{"POST " + ed + "/rounds", saveRound, "Add a round {code, name, kind, order, advance, weight} (secretariat)"},
		{"PUT " + ed + "/rounds/{round}", saveRound, "Change a round (secretariat)"},
		{"DELETE " + ed + "/rounds/{round}", itemAction(h, "round", h.app.DeleteRound), "Remove a round without assignments (secretariat)"},
		{"POST " + ed + "/jurors", h.awardSaveJuror, "Put a person on the jury, or change their organisation {email, name, org} (secretariat; org null or \"\" for an external juror). A person without an account gets one and an invitation: invitation_url and invitation_expires_at, in this answer only"},
		{"POST " + ed + "/jurors/{email}/invitation", h.awardReissueInvitation, "Make a new invitation for a juror who has not set a password yet; earlier links stop working (secretariat; answers invitation_url and invitation_expires_at once)"},
		{"DELETE " + ed + "/jurors/{email}", itemAction(h, "email", h.app.RemoveJuror), "Take a juror without assignments off the jury (secretariat)"},
		{"POST " + ed + "/entries", h.awardRegister, "Register an entry of the caller's agency {org, category, title, summary, practices} while registration is open"},
		{"POST " + ed + "/entries/{entry}/evidence", h.awardAddEvidence, "Upload an evidence file (multipart field \"file\") before the deadline (entrant)"},
		{"GET " + ed + "/entries/{entry}/evidence/{id}", h.awardEvidence, "Download an evidence file (entrant, secretariat, the entry's jurors)"},
		{"DELETE " + ed + "/entries/{entry}/evidence/{id}", h.awardRemoveEvidence, "Remove an evidence file before the deadline (entrant)"},
	}
}

// needUser answers 401 to an anonymous caller and reports whether it did.
func (h *API) needUser(w http.ResponseWriter, r *http.Request) bool {
	if actor(r).User != nil {
		return false
	}
	h.error(w, r, km.ErrUnauthorized)
	return true
}

// saved answers a create (201, when the path names no existing item) or
// an update (200) with v, or the error.
func (h *API) saved(w http.ResponseWriter, r *http.Request, created bool, v any, err error) {
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	h.writeJSON(w, status, v)
}

func (h *API) awardPublishCall() http.HandlerFunc {
	return itemAction(h, "", func(ctx context.Context, a app.Actor, code, _ string) error { return h.app.PublishCall(ctx, a, code) })
}

func (h *API) awardCreateEdition(w http.ResponseWriter, r *http.Request) {
	var in app.EditionInput
	if h.needUser(w, r) || !h.decode(w, r, &in) {
		return
	}
	ed, err := h.app.CreateEdition(r.Context(), actor(r), in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/award/editions/"+ed.Code)
	}
	h.saved(w, r, true, toEditionJSON(ed), err)
}

func (h *API) awardUpdateEdition(w http.ResponseWriter, r *http.Request) {
	var in app.EditionInput
	if h.needUser(w, r) || !h.decode(w, r, &in) {
		return
	}
	ed, err := h.app.UpdateEdition(r.Context(), actor(r), r.PathValue("code"), in)
	h.saved(w, r, false, toEditionJSON(ed), err)
}

// saveItem decodes a set-up item, adds it (no {key} in the path: 201) or
// changes the one named by {key} (200), and answers with the stored item.
func saveItem[In, Out, View any](h *API, key string, save func(context.Context, app.Actor, string, string, In) (Out, error), show func(Out) View) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var in In
		if h.needUser(w, r) || !h.decode(w, r, &in) {
			return
		}
		x, err := save(r.Context(), actor(r), r.PathValue("code"), r.PathValue(key), in)
		h.saved(w, r, r.PathValue(key) == "", show(x), err)
	}
}

// itemAction runs a write on the set-up item named by {key} ("" for the
// edition itself) and answers 204.
func itemAction(h *API, key string, del func(context.Context, app.Actor, string, string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.needUser(w, r) {
			return
		}
		h.done(w, r, del(r.Context(), actor(r), r.PathValue("code"), r.PathValue(key)))
	}
}

func showCategory(c award.Category) app.CategoryInput {
	return app.CategoryInput{Code: c.Code, Name: c.Name}
}

func showCriterion(c award.CriterionDef) app.CriterionInput {
	return app.CriterionInput{Code: c.Code, Name: c.Name, Description: c.Description, Anchors: c.Anchors, Weight: c.Weight, Min: c.Min, Max: c.Max}
}

func showRound(x award.RoundDef) app.RoundInput {
	return app.RoundInput{Code: x.Code, Name: x.Name, Kind: string(x.Kind), Order: x.Order, Advance: x.Advance, Weight: x.Weight}
}

func (h *API) awardSaveJuror(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string  `json:"email"`
		Name  string  `json:"name"`
		Org   *string `json:"org"`
	}
	if h.needUser(w, r) || !h.decode(w, r, &in) {
		return
	}
	ji := app.JurorInput{Email: in.Email, Name: in.Name}
	if in.Org != nil {
		ji.Org = *in.Org
	}
	j, err := h.app.SaveJuror(r.Context(), actor(r), r.PathValue("code"), ji)
	out := map[string]any{"email": j.Email, "name": j.Name, "org": nil}
	if j.OrgCode != "" {
		out["org"] = j.OrgCode
	}
	if l := j.Invitation; l != nil {
		out["invitation_url"], out["invitation_expires_at"] = l.URL, l.ExpiresAt.UTC().Format(time.RFC3339)
	}
	h.saved(w, r, false, out, err)
}

// awardReissueInvitation makes a juror's invitation again; the link is in
// this answer only.
func (h *API) awardReissueInvitation(w http.ResponseWriter, r *http.Request) {
	if h.needUser(w, r) {
		return
	}
	l, err := h.app.ReissueInvitation(r.Context(), actor(r), r.PathValue("code"), r.PathValue("email"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusCreated, map[string]any{"email": l.Email, "invitation_url": l.URL,
		"invitation_expires_at": l.ExpiresAt.UTC().Format(time.RFC3339)})
}

func (h *API) awardRegister(w http.ResponseWriter, r *http.Request) {
	var in app.EntryInput
	if h.needUser(w, r) || !h.decode(w, r, &in) {
		return
	}
	e, err := h.app.RegisterEntry(r.Context(), actor(r), r.PathValue("code"), in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/award/editions/"+r.PathValue("code")+"/my-entries")
	}
	h.saved(w, r, true, withEvidence(e), err)
}

// evidenceID reads the {id} of an evidence file; a malformed one is not found.
func (h *API) evidenceID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, httperr.New(http.StatusNotFound, "not_found", i18n.FromRequest(r), "err.invalid_id"))
		return 0, false
	}
	return id, true
}

// awardAddEvidence streams the multipart field "file" into the file store;
// the size limit is enforced while reading.
func (h *API) awardAddEvidence(w http.ResponseWriter, r *http.Request) {
	if h.needUser(w, r) {
		return
	}
	part, ok := h.uploaded(w, r)
	if !ok {
		return
	}
	defer part.Close()
	ev, err := h.app.AddEvidence(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), part.Name, part)
	h.saved(w, r, true, evidenceJSON{ev.ID, ev.Name, ev.MIME, ev.Size, ev.SHA256}, err)
}

func (h *API) awardEvidence(w http.ResponseWriter, r *http.Request) {
	id, ok := h.evidenceID(w, r)
	if !ok {
		return
	}
	ev, f, err := h.app.EvidenceFile(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), id)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	defer f.Close()
	ServeAttachment(w, r, evidenceAttachment(ev), f)
}

// evidenceAttachment describes an evidence file as a download.
func evidenceAttachment(ev award.Evidence) store.Attachment {
	return store.Attachment{ID: ev.ID, SHA256: ev.SHA256, Name: ev.Name, MIME: ev.MIME, Size: ev.Size, CreatedAt: ev.UploadedAt}
}

func (h *API) awardRemoveEvidence(w http.ResponseWriter, r *http.Request) {
	id, ok := h.evidenceID(w, r)
	if !ok || h.needUser(w, r) {
		return
	}
	h.done(w, r, h.app.RemoveEvidence(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), id))
}
