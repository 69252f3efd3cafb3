package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/award"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// awardRoutes lists the API routes of this capability. Everything that
// carries a score, rank or shortlist answers 404 to anyone but the
// secretariat until the results are published and announced.
func (h *API) awardRoutes() []route {
	const ed = "/api/v1/award/editions/{code}"
	rs := []route{
		{"GET /api/v1/award/editions", h.awardEditions, "KM Award editions"},
		{"GET " + ed, h.awardEdition, "One edition: schedule, criteria, rounds, entries (no scores before the announcement); for the secretariat also the jurors and, per round, connected and the groups of jurors sharing entries"},
		{"GET " + ed + "/results", h.awardResults, "Ranking of a round (?round=CODE) or the final ranking; ?method=zscore|raw|fitted"},
		{"GET " + ed + "/workspace", h.awardWorkspace, "The signed-in juror's assignments and own score sheets"},
		{"PUT " + ed + "/rounds/{round}/entries/{entry}/sheet", h.awardSaveSheet, "Save or submit the signed-in juror's sheet (403 on a conflict of interest)"},
		{"POST " + ed + "/rounds/{round}/entries/{entry}/reopen", h.awardReopen, "Reopen a juror's submitted sheet (secretariat; body {juror})"},
		{"POST " + ed + "/assignments", h.awardAssign, "Assign a juror to an entry in a round (secretariat; 403 on a conflict of interest)"},
		{"POST " + ed + "/rounds/{round}/auto-assign", h.awardAutoAssign, "Assign N jurors per entry automatically (secretariat)"},
		{"POST " + ed + "/rounds/{round}/shortlist", h.awardShortlist, "Confirm who advances from a round (secretariat)"},
		{"POST " + ed + "/conflicts", h.awardDeclareConflict, "Declare a conflict of interest (the signed-in juror)"},
		{"GET " + ed + "/my-entries", h.awardMyEntries, "The signed-in entrant's entries, with scores and comments once announced"},
		{"PUT " + ed + "/entries/{entry}", h.awardUpdateEntry, "Change an entry before the submission deadline (409 after)"},
		{"POST " + ed + "/entries/{entry}/screening", h.awardScreen, "Record the screening outcome (secretariat)"},
		{"POST " + ed + "/entries/{entry}/objections", h.awardObject, "File an objection during the objection window (entrant)"},
		{"POST " + ed + "/objections/{id}/answer", h.awardAnswer, "Answer an objection (secretariat)"},
		{"POST " + ed + "/freeze", h.awardStep("freeze"), "Freeze the entries after the deadline (secretariat; also automatic)"},
		{"POST " + ed + "/publish", h.awardStep("publish"), "Publish the provisional results, visible from the announcement time (secretariat)"},
		{"POST " + ed + "/finalise", h.awardStep("finalise"), "Make the results final once every objection is answered (secretariat); issues the certificates once announced"},
		{"GET " + ed + "/certificates", h.awardCertificates, "Certificates the caller may download: all for the secretariat, an entrant's own after the announcement"},
		{"POST " + ed + "/certificates", h.awardIssueCertificates, "Issue the missing certificates after the announcement (secretariat)"},
		{"GET /api/v1/award/certificates/{cert}", h.awardCertificatePDF, "Download a certificate as PDF: a winner's by anyone once the results are final (409 before), a participation certificate by its agency and the secretariat"},
		{"GET /api/v1/award/verify/{cert}", h.awardVerify, "Verify a certificate by its code (public)"},
	}
	rs = append(rs, h.awardSnapshotRoutes()...)
	return append(rs, h.awardSetupRoutes()...)
}

type editionJSON struct {
	Code               string     `json:"code"`
	Name               string     `json:"name"`
	Year               int        `json:"year"`
	RegistrationOpens  *time.Time `json:"registration_opens,omitempty"`
	SubmissionDeadline time.Time  `json:"submission_deadline"`
	AnnouncementAt     time.Time  `json:"announcement_at"`
	ObjectionUntil     *time.Time `json:"objection_until,omitempty"`
	Winners            int        `json:"winners"`
	CallPublished      bool       `json:"call_published"`
	RegistrationOpen   bool       `json:"registration_open"`
	Frozen             bool       `json:"frozen"`
	ResultsVisible     bool       `json:"results_visible"`
	Final              bool       `json:"final"`
}

func toEditionJSON(e award.Edition) editionJSON {
	now := time.Now()
	j := editionJSON{Code: e.Code, Name: e.Name, Year: e.Year, SubmissionDeadline: e.SubmissionDeadline, AnnouncementAt: e.AnnouncementAt,
		Winners: e.Winners, CallPublished: !e.CallPublishedAt.IsZero(), RegistrationOpen: e.RegistrationOpen(now),
		Frozen: !e.FrozenAt.IsZero(), ResultsVisible: e.ResultsVisible(now), Final: !e.FinalisedAt.IsZero()}
	if !e.RegistrationOpens.IsZero() {
		t := e.RegistrationOpens
		j.RegistrationOpens = &t
	}
	if !e.ObjectionUntil.IsZero() {
		t := e.ObjectionUntil
		j.ObjectionUntil = &t
	}
	return j
}

func (h *API) awardEditions(w http.ResponseWriter, r *http.Request) {
	eds, err := h.app.AwardEditions(r.Context(), actor(r))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	out := []editionJSON{}
	for _, e := range eds {
		out = append(out, toEditionJSON(e))
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"editions": out})
}

type entryJSON struct {
	Code            string            `json:"code"`
	Org             string            `json:"org"`
	Category        string            `json:"category,omitempty"`
	Title           string            `json:"title"`
	Form            map[string]string `json:"form,omitempty"`
	Practices       []int64           `json:"practices,omitempty"`
	SubmittedAt     *time.Time        `json:"submitted_at,omitempty"`
	Screening       string            `json:"screening,omitempty"`
	ScreeningReason string            `json:"screening_reason,omitempty"`
	SnapshotSHA256  string            `json:"snapshot_sha256,omitempty"`
	Version         int               `json:"version"`
	// Evidence is listed to those who may read the files: the entrant,
	// the secretariat, the entry's jurors.
	Evidence []evidenceJSON `json:"evidence,omitempty"`
}

type evidenceJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	MIME   string `json:"mime"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// withEvidence is an entry as its readers see it, evidence files included.
func withEvidence(e award.Entry) entryJSON {
	j := toEntryJSON(e)
	for _, v := range e.Evidence {
		j.Evidence = append(j.Evidence, evidenceJSON{v.ID, v.Name, v.MIME, v.Size, v.SHA256})
	}
	return j
}

func toEntryJSON(e award.Entry) entryJSON {
	j := entryJSON{Code: e.Code, Org: e.OrgCode, Category: e.CategoryCode, Title: e.Title, Form: e.Form, Practices: e.Practices,
		Screening: e.Screening, ScreeningReason: e.ScreeningReason, SnapshotSHA256: e.SnapshotHash, Version: e.Version}
	if !e.SubmittedAt.IsZero() {
		t := e.SubmittedAt
		j.SubmittedAt = &t
	}
	return j
}

type sheetJSON struct {
	Round       string             `json:"round"`
	Entry       string             `json:"entry"`
	Juror       string             `json:"juror,omitempty"`
	Values      map[string]float64 `json:"values"`
	Comment     string             `json:"comment,omitempty"`
	PrivateNote string             `json:"private_note,omitempty"`
	Status      string             `json:"status"`
}

func (h *API) awardEdition(w http.ResponseWriter, r *http.Request) {
	d, err := h.app.Edition(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	type groupJSON struct {
		Jurors  []string `json:"jurors"`
		Entries []string `json:"entries"`
	}
	type roundJSON struct {
		app.RoundInput
		Advancing []string `json:"advancing,omitempty"`
		// For the secretariat: whether the round's assignments connect
		// every juror (false means scores are not comparable across
		// groups), and the groups of jurors with their entries.
		Connected *bool       `json:"connected,omitempty"`
		Groups    []groupJSON `json:"groups,omitempty"`
	}
	secretariat := actor(r).IsSecretariat(&d.Edition)
	out := map[string]any{"edition": toEditionJSON(d.Edition)}
	cats := []map[string]string{}
	for _, c := range d.Categories {
		cats = append(cats, map[string]string{"code": c.Code, "name": c.Name})
	}
	crit := []app.CriterionInput{}
	for _, c := range d.Criteria {
		crit = append(crit, showCriterion(c))
	}
	codes := map[int64]string{}
	entries := []entryJSON{}
	for _, e := range d.Entries {
		codes[e.ID] = e.Code
		entries = append(entries, toEntryJSON(e))
	}
	rounds := []roundJSON{}
	for _, x := range d.Rounds {
		rj := roundJSON{RoundInput: showRound(x)}
		for _, id := range d.Shortlists[x.ID] {
			rj.Advancing = append(rj.Advancing, codes[id])
		}
		if secretariat {
			gs := award.Groups(d.RoundPairs(x.ID))
			connected := len(gs) <= 1
			rj.Connected = &connected
			for _, g := range gs {
				rj.Groups = append(rj.Groups, groupJSON{Jurors: g.Jurors, Entries: g.Entries})
			}
		}
		rounds = append(rounds, rj)
	}
	out["categories"], out["criteria"], out["rounds"], out["entries"] = cats, crit, rounds, entries
	if secretariat {
		jurors := []map[string]any{}
		for _, j := range d.Jurors {
			x := map[string]any{"email": j.Email, "name": j.Name, "org": nil}
			if j.OrgCode != "" {
				x["org"] = j.OrgCode
			}
			jurors = append(jurors, x)
		}
		out["jurors"] = jurors
	}
	h.writeJSON(w, http.StatusOK, out)
}

func (h *API) awardResults(w http.ResponseWriter, r *http.Request) {
	m, err := award.ParseMethod(r.URL.Query().Get("method"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	res, err := h.app.AwardResults(r.Context(), actor(r), r.PathValue("code"), r.URL.Query().Get("round"), m)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, res)
}

func (h *API) awardWorkspace(w http.ResponseWriter, r *http.Request) {
	_, items, err := h.app.JurorWorkspace(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	type item struct {
		Round string     `json:"round"`
		Entry entryJSON  `json:"entry"`
		Sheet *sheetJSON `json:"sheet"`
	}
	out := []item{}
	for _, it := range items {
		x := item{Round: it.Round.Code, Entry: withEvidence(it.Entry)}
		if s := it.Sheet; s != nil {
			x.Sheet = &sheetJSON{Round: it.Round.Code, Entry: it.Entry.Code, Values: s.Values, Comment: s.Comment, PrivateNote: s.PrivateNote, Status: s.Status}
		}
		out = append(out, x)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"assignments": out})
}

func (h *API) awardSaveSheet(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Values      map[string]float64 `json:"values"`
		Comment     string             `json:"comment"`
		PrivateNote string             `json:"private_note"`
		Submit      bool               `json:"submit"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	err := h.app.SaveSheet(r.Context(), actor(r), r.PathValue("code"), r.PathValue("round"), r.PathValue("entry"),
		app.SheetInput{Values: in.Values, Comment: in.Comment, PrivateNote: in.PrivateNote, Submit: in.Submit})
	h.done(w, r, err)
}

// done answers a write with 204 or its error.
func (h *API) done(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// awardError writes an award use case's error. A refusal in the edition's
// current state (app.AwardRefusal) is a 409 with its own code and
// sentence, so a client learns why (the call is published, the deadline
// has passed); everything else maps through httperr.
func (h *API) awardError(w http.ResponseWriter, r *http.Request, err error) {
	var ref *app.AwardRefusal
	if errors.As(err, &ref) {
		p := httperr.New(http.StatusConflict, ref.Code, i18n.FromRequest(r), ref.Key)
		if sheets, ok := app.IsUnfinishedScoring(err); ok {
			// The list to confirm, as POST …/publish takes it back.
			h.writeJSON(w, p.Status, map[string]any{"error": p, "unfinished": sheets})
			return
		}
		h.fail(w, r, p)
		return
	}
	h.error(w, r, err)
}

func (h *API) awardReopen(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Juror string `json:"juror"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	h.done(w, r, h.app.ReopenSheet(r.Context(), actor(r), r.PathValue("code"), r.PathValue("round"), in.Juror, r.PathValue("entry")))
}

func (h *API) awardAssign(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Round string `json:"round"`
		Juror string `json:"juror"`
		Entry string `json:"entry"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	h.done(w, r, h.app.Assign(r.Context(), actor(r), r.PathValue("code"), in.Round, in.Juror, in.Entry))
}

func (h *API) awardAutoAssign(w http.ResponseWriter, r *http.Request) {
	var in struct {
		JurorsPerEntry int `json:"jurors_per_entry"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	pairs, err := h.app.AutoAssign(r.Context(), actor(r), r.PathValue("code"), r.PathValue("round"), in.JurorsPerEntry)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	out := []map[string]string{}
	for _, p := range pairs {
		out = append(out, map[string]string{"juror": p.Juror, "entry": p.Entry})
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"assigned": out})
}

func (h *API) awardShortlist(w http.ResponseWriter, r *http.Request) {
	codes, err := h.app.ConfirmShortlist(r.Context(), actor(r), r.PathValue("code"), r.PathValue("round"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"advancing": codes})
}

func (h *API) awardDeclareConflict(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Entry  string `json:"entry"`
		Reason string `json:"reason"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	h.done(w, r, h.app.DeclareConflict(r.Context(), actor(r), r.PathValue("code"), in.Entry, in.Reason))
}

func (h *API) awardMyEntries(w http.ResponseWriter, r *http.Request) {
	if actor(r).User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	view, err := h.app.EntrantView(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	type objJSON struct {
		ID     int64  `json:"id"`
		Body   string `json:"body"`
		Answer string `json:"answer,omitempty"`
	}
	type mine struct {
		Entry      entryJSON   `json:"entry"`
		Rank       int         `json:"rank,omitempty"`
		Score      *float64    `json:"score,omitempty"`
		Sheets     []sheetJSON `json:"sheets,omitempty"`
		Objections []objJSON   `json:"objections,omitempty"`
	}
	out := []mine{}
	for _, v := range view {
		m := mine{Entry: withEvidence(v.Entry), Rank: v.Rank}
		if v.Rank > 0 {
			s := v.Score
			m.Score = &s
		}
		for _, s := range v.Sheets {
			m.Sheets = append(m.Sheets, sheetJSON{Round: v.Rounds[s.RoundID], Entry: v.Entry.Code, Values: s.Values, Comment: s.Comment, Status: s.Status})
		}
		for _, o := range v.Objections {
			m.Objections = append(m.Objections, objJSON{o.ID, o.Body, o.Answer})
		}
		out = append(out, m)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"entries": out})
}

func (h *API) awardUpdateEntry(w http.ResponseWriter, r *http.Request) {
	var in app.EntryInput
	if !h.decode(w, r, &in) {
		return
	}
	e, err := h.app.UpdateEntry(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), in)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, withEvidence(e))
}

func (h *API) awardScreen(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Outcome string `json:"outcome"`
		Reason  string `json:"reason"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	h.done(w, r, h.app.Screen(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), in.Outcome, in.Reason))
}

func (h *API) awardObject(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	o, err := h.app.FileObjection(r.Context(), actor(r), r.PathValue("code"), r.PathValue("entry"), in.Body)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusCreated, map[string]any{"id": o.ID})
}

func (h *API) awardAnswer(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, httperr.New(http.StatusNotFound, "not_found", i18n.FromRequest(r), "err.invalid_id"))
		return
	}
	var in struct {
		Answer string `json:"answer"`
		// Reopen withdraws the provisional results to judge again; the
		// answer is the recorded reason.
		Reopen bool `json:"reopen"`
	}
	if !h.decode(w, r, &in) {
		return
	}
	answer := h.app.AnswerObjection
	if in.Reopen {
		answer = h.app.AnswerObjectionReopen
	}
	h.done(w, r, answer(r.Context(), actor(r), r.PathValue("code"), id, in.Answer))
}

func (h *API) awardStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, code := actor(r), r.PathValue("code")
		if a.User == nil {
			h.error(w, r, km.ErrUnauthorized)
			return
		}
		var err error
		switch step {
		case "freeze":
			_, err = h.app.FreezeEdition(r.Context(), a, code)
		case "publish":
			// An empty body publishes finished scoring; unfinished scoring
			// needs {"unfinished": [the list the refusal gave], "reason": "…"}.
			var c app.PublishConfirm
			if r.ContentLength != 0 && !h.decode(w, r, &c) {
				return
			}
			err = h.app.PublishResultsConfirmed(r.Context(), a, code, c)
		case "finalise":
			err = h.app.FinaliseResults(r.Context(), a, code)
		}
		h.done(w, r, err)
	}
}

type certificateJSON struct {
	Code     string    `json:"code"`
	Kind     string    `json:"kind"`
	Rank     int       `json:"rank,omitempty"`
	Entry    string    `json:"entry"`
	Title    string    `json:"title"`
	Org      string    `json:"org"`
	OrgName  string    `json:"org_name"`
	Category string    `json:"category,omitempty"`
	Edition  string    `json:"edition"`
	Name     string    `json:"edition_name"`
	Year     int       `json:"year"`
	IssuedAt time.Time `json:"issued_at"`
	Demo     bool      `json:"demo,omitempty"`
}

func toCertificateJSON(c store.Certificate) certificateJSON {
	return certificateJSON{Code: c.Code, Kind: c.Kind, Rank: c.Rank, Entry: c.EntryCode, Title: c.EntryTitle, Org: c.OrgCode,
		OrgName: c.OrgName, Category: c.Category, Edition: c.EditionCode, Name: c.EditionName, Year: c.EditionYear, IssuedAt: c.IssuedAt,
		Demo: c.OrgDemo}
}

func certificatesJSON(cs []store.Certificate) []certificateJSON {
	out := make([]certificateJSON, 0, len(cs))
	for _, c := range cs {
		out = append(out, toCertificateJSON(c))
	}
	return out
}

func (h *API) awardCertificates(w http.ResponseWriter, r *http.Request) {
	cs, err := h.app.AwardCertificates(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	out := certificatesJSON(cs)
	h.writeJSON(w, http.StatusOK, map[string]any{"certificates": out})
}

func (h *API) awardIssueCertificates(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if a.User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	cs, err := h.app.IssueCertificates(r.Context(), a, r.PathValue("code"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	out := certificatesJSON(cs)
	h.writeJSON(w, http.StatusOK, map[string]any{"issued": out})
}

func (h *API) awardVerify(w http.ResponseWriter, r *http.Request) {
	c, err := h.app.VerifyCertificate(r.Context(), r.PathValue("cert"))
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, toCertificateJSON(c))
}

// awardCertificatePDF serves a certificate to whoever may download it: a
// winner's certificate to anyone once the results are final, token or
// not. The verification address on it comes from the configured base URL.
func (h *API) awardCertificatePDF(w http.ResponseWriter, r *http.Request) {
	code := app.NormalizeCertificateCode(strings.TrimSuffix(r.PathValue("cert"), ".pdf"))
	pdf, c, err := h.app.CertificatePDF(r.Context(), actor(r), code)
	if err != nil {
		h.awardError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="sertifikat-`+strings.ToLower(c.Code)+`.pdf"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(pdf)
}
