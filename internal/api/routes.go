package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/brief"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
	"lumbung/internal/upload"
)

type route struct {
	pattern string
	handler http.HandlerFunc
	summary string
}

// routes lists every pattern of the API surface; openapi.go describes them.
// Capabilities with routes of their own list them in their file.
func (h *API) routes() []route {
	rs := []route{
		{"GET /api/v1/openapi.json", h.openAPI, "This description"},
		{"GET /api/v1/me", h.me, "The signed-in user"},
		{"GET /api/v1/organisations", h.listOrgs, "List organisations"},
		{"POST /api/v1/organisations", h.createOrg, "Add an organisation (admins over the parent)"},
		{"GET /api/v1/organisations/{code}", h.getOrg, "One organisation"},
		{"GET /api/v1/practices", h.listPractices, "List practices"},
		{"POST /api/v1/practices", h.createPractice, "Create a practice"},
		{"GET /api/v1/practices/{id}", h.getPractice, "One practice"},
		{"PUT /api/v1/practices/{id}", h.updatePractice, "Update a practice"},
		{"POST /api/v1/practices/{id}/transitions", h.transition, "Move a practice through the workflow"},
		{"GET /api/v1/practices/{id}/brief.pdf", h.practiceBrief, "One-page PDF brief of a practice (labels follow Accept-Language)"},
		{"GET /api/v1/practices/{id}/revisions", h.revisions, "Revisions of a practice"},
		{"GET /api/v1/practices/{id}/diff", h.diff, "Diff between two revisions"},
		{"GET /api/v1/practices/{id}/attachments", h.listAttachments, "Attachments of a practice"},
		{"POST /api/v1/practices/{id}/attachments", h.upload, "Attach a file"},
		{"GET /api/v1/attachments/{id}", h.download, "Download an attachment"},
		{"GET /api/v1/audit", h.audit, "Audit log (admins)"},
	}
	rs = append(rs, h.qaRoutes()...)
	rs = append(rs, h.searchRoutes()...)
	rs = append(rs, h.kpiRoutes()...)
	rs = append(rs, h.statsRoutes()...)
	rs = append(rs, h.adoptionRoutes()...)
	return append(rs, h.awardRoutes()...)
}

func (h *API) me(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if a.User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	grants := []map[string]string{}
	for _, g := range a.User.Grants {
		grants = append(grants, map[string]string{"role": string(g.Role), "org": g.OrgCode})
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"id": a.User.ID, "email": a.User.Email, "name": a.User.Name, "org": a.User.OrgCode, "roles": grants})
}

func (h *API) listOrgs(w http.ResponseWriter, r *http.Request) {
	orgs, err := h.app.Store.Orgs(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	byID := map[int64]string{}
	for _, o := range orgs {
		byID[o.ID] = o.Code
	}
	out := make([]orgJSON, 0, len(orgs))
	for _, o := range orgs {
		j := orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, Short: o.Short, Kind: string(o.Kind), Headcount: o.Headcount, Demo: o.Demo}
		if p, ok := byID[o.ParentID]; ok {
			j.Parent = &p
		}
		out = append(out, j)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"organisations": out, "total": len(out)})
}

type orgInput struct {
	Code      string     `json:"code"`
	Name      string     `json:"name"`
	Short     string     `json:"short"`
	Kind      km.OrgKind `json:"kind"`
	Parent    string     `json:"parent"`
	Headcount int        `json:"headcount"`
}

func (h *API) createOrg(w http.ResponseWriter, r *http.Request) {
	var in orgInput
	if !h.decode(w, r, &in) {
		return
	}
	if actor(r).User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	o, err := h.app.CreateOrg(r.Context(), actor(r), app.NewOrg(in))
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/organisations/"+o.Code)
	h.writeJSON(w, http.StatusCreated, orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, Short: o.Short, Kind: string(o.Kind), Parent: &in.Parent, Headcount: o.Headcount})
}

func (h *API) getOrg(w http.ResponseWriter, r *http.Request) {
	o, err := h.app.Store.OrgByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	j := orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, Short: o.Short, Kind: string(o.Kind), Headcount: o.Headcount, Demo: o.Demo}
	if o.ParentID != 0 {
		if p, err := h.app.Store.OrgByID(r.Context(), o.ParentID); err == nil {
			j.Parent = &p.Code
		}
	}
	h.writeJSON(w, http.StatusOK, j)
}

// filterFromQuery reads list filters; a bad value is a 400 naming it.
func (h *API) filterFromQuery(r *http.Request) (store.PracticeFilter, string, error) {
	q := r.URL.Query()
	f := store.PracticeFilter{Kind: km.Kind(q.Get("kind")), Affair: q.Get("affair"), Status: km.Status(q.Get("status")),
		Access: km.Access(q.Get("access")), Tag: q.Get("tag"), Text: q.Get("q"), Order: q.Get("sort")}
	if f.Kind != "" && !f.Kind.Valid() {
		return f, "kind", errBadParam
	}
	if f.Status != "" && !f.Status.Valid() {
		return f, "status", errBadParam
	}
	if f.Access != "" && !f.Access.Valid() {
		return f, "access", errBadParam
	}
	if f.Order != "" && f.Order != "updated" && f.Order != "title" && f.Order != "id" && f.Order != "review_by" {
		return f, "sort", errBadParam
	}
	ints := []struct {
		name     string
		dst      *int
		min, max int
	}{{"year", &f.Year, 1900, 3000}, {"limit", &f.Limit, 1, 1000}, {"offset", &f.Offset, 0, 1 << 30}}
	for _, p := range ints {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < p.min || n > p.max {
				return f, p.name, errBadParam
			}
			*p.dst = n
		}
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if code := q.Get("org"); code != "" {
		o, err := h.app.Store.OrgByCode(r.Context(), code)
		if err != nil {
			return f, "org", errBadParam
		}
		f.OrgPath = o.Path
	}
	if q.Get("mine") == "1" && actor(r).User != nil {
		f.CreatedBy = actor(r).User.ID
	}
	return f, "", nil
}

var errBadParam = errors.New("bad parameter")

func (h *API) listPractices(w http.ResponseWriter, r *http.Request) {
	f, param, err := h.filterFromQuery(r)
	if err != nil {
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", i18n.FromRequest(r), "err.invalid_parameter", param))
		return
	}
	a := actor(r)
	ps, total, err := h.app.Practices(r.Context(), a, f)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]practiceJSON, len(ps))
	for i, p := range ps {
		out[i] = toPracticeJSON(p, a)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"practices": out, "total": total, "limit": f.Limit, "offset": f.Offset})
}

func (h *API) createPractice(w http.ResponseWriter, r *http.Request) {
	var in practiceInput
	if !h.decode(w, r, &in) {
		return
	}
	p, err := h.app.CreatePractice(r.Context(), actor(r), in.toApp())
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/practices/"+itoa(p.ID))
	h.writeJSON(w, http.StatusCreated, toPracticeJSON(p, actor(r)))
}

func (h *API) getPractice(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	p, err := h.app.Practice(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.app.RecordView(actor(r), p, r.UserAgent())
	w.Header().Set("ETag", fmt.Sprintf(`"v%d"`, p.Version))
	h.writeJSON(w, http.StatusOK, toPracticeJSON(p, actor(r)))
}

func (h *API) updatePractice(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in practiceInput
	if !h.decode(w, r, &in) {
		return
	}
	if in.Version == 0 {
		// The version may also come as If-Match: "vN".
		if m := strings.Trim(r.Header.Get("If-Match"), `"`); strings.HasPrefix(m, "v") {
			in.Version, _ = strconv.Atoi(m[1:])
		}
	}
	if in.Version <= 0 {
		h.error(w, r, &km.ValidationError{Fields: map[string]string{"version": "required"}})
		return
	}
	pi := in.toApp()
	pi.ID = id
	p, err := h.app.UpdatePractice(r.Context(), actor(r), pi)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, toPracticeJSON(p, actor(r)))
}

// practiceBrief serves the one-page PDF brief of a practice to whoever may
// read it, with the practice's address from the configured base URL.
func (h *API) practiceBrief(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	pdf, p, err := h.app.PracticeBrief(r.Context(), actor(r), id, i18n.FromRequest(r))
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", contentDisposition(brief.Filename(p.ID, p.Title)))
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(pdf)
}

type transitionInput struct {
	Action   km.Action `json:"action"`
	Version  int       `json:"version"`
	Reason   string    `json:"reason"`
	Verifier string    `json:"verifier"`
	ReviewBy string    `json:"review_by"`
}

func (h *API) transition(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	var in transitionInput
	if !h.decode(w, r, &in) {
		return
	}
	p, err := h.app.Transition(r.Context(), actor(r), id, app.TransitionInput(in))
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, toPracticeJSON(p, actor(r)))
}

func (h *API) revisions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	_, revs, err := h.app.Revisions(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]map[string]any, len(revs))
	for i, rv := range revs {
		out[i] = map[string]any{"version": rv.Version, "author": rv.AuthorName, "note": rv.Note, "created_at": rv.CreatedAt}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"revisions": out})
}

func (h *API) diff(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	from, err1 := strconv.Atoi(r.URL.Query().Get("from"))
	to, err2 := strconv.Atoi(r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil || from < 1 || to < 1 {
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", i18n.FromRequest(r), "err.invalid_parameter", "from/to"))
		return
	}
	_, _, d, err := h.app.Diff(r.Context(), actor(r), id, from, to)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]map[string]any, len(d))
	for i, fd := range d {
		out[i] = map[string]any{"field": fd.Field, "ops": fd.Ops}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"from": from, "to": to, "fields": out})
}

func (h *API) listAttachments(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	if _, err := h.app.Practice(r.Context(), actor(r), id); err != nil {
		h.error(w, r, err)
		return
	}
	atts, err := h.app.Store.Attachments(r.Context(), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]attachmentJSON, len(atts))
	for i, a := range atts {
		out[i] = toAttachmentJSON(a)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"attachments": out})
}

// upload streams the multipart field "file" into the file store; the size
// limit is enforced while reading, so an oversize body is never buffered whole.
func (h *API) upload(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	part, ok := h.uploaded(w, r)
	if !ok {
		return
	}
	defer part.Close()
	att, err := h.app.AddAttachment(r.Context(), actor(r), id, part.Name, part)
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/attachments/"+itoa(att.ID))
	h.writeJSON(w, http.StatusCreated, toAttachmentJSON(att))
}

// uploaded reads up to the request's file (upload.File). A request without
// one is answered here, 400 or 413, and ok is false.
func (h *API) uploaded(w http.ResponseWriter, r *http.Request) (part *upload.Part, ok bool) {
	part, err := upload.File(w, r, h.app.MaxUpload)
	lang := i18n.FromRequest(r)
	switch {
	case err == nil:
		return part, true
	case errors.Is(err, upload.ErrNoFile):
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.missing_file"))
	case errors.Is(err, upload.ErrMalformed):
		h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.bad_request"))
	default:
		h.error(w, r, err)
	}
	return nil, false
}

func (h *API) download(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, h)
	if !ok {
		return
	}
	att, f, err := h.app.Attachment(r.Context(), actor(r), id)
	if err != nil {
		h.error(w, r, err)
		return
	}
	defer f.Close()
	ServeAttachment(w, r, att, f)
}

// ServeAttachment writes a stored file as a download that browsers will not
// render inline or sniff into another type.
func ServeAttachment(w http.ResponseWriter, r *http.Request, att store.Attachment, f io.ReadSeeker) {
	w.Header().Set("Content-Type", att.MIME)
	w.Header().Set("Content-Disposition", contentDisposition(att.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("ETag", `"`+att.SHA256+`"`)
	http.ServeContent(&problemWriter{ResponseWriter: w, r: r}, r, "", att.CreatedAt, f)
}

// problemWriter passes http.ServeContent's answers on, except its refusals
// (a range outside the file, a failed If-Match), which it answers in plain
// text or with no body: those become JSON errors like every other one of
// the API.
type problemWriter struct {
	http.ResponseWriter
	r      *http.Request
	failed bool
}

func (pw *problemWriter) WriteHeader(status int) {
	if status < http.StatusBadRequest {
		pw.ResponseWriter.WriteHeader(status)
		return
	}
	pw.failed = true
	lang := i18n.FromRequest(pw.r)
	var p httperr.Problem
	switch status {
	case http.StatusRequestedRangeNotSatisfiable:
		p = httperr.New(status, "range_not_satisfiable", lang, "api.err.range")
	case http.StatusPreconditionFailed:
		p = httperr.New(status, "precondition_failed", lang, "api.err.precondition")
	default: // the file could not be read
		p = httperr.New(status, "internal", lang, "err.internal")
	}
	h := pw.Header()
	h.Del("Content-Disposition")
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	pw.ResponseWriter.WriteHeader(status)
	json.NewEncoder(pw.ResponseWriter).Encode(map[string]any{"error": p})
}

func (pw *problemWriter) Write(b []byte) (int, error) {
	if pw.failed {
		return len(b), nil // ServeContent's own text
	}
	return pw.ResponseWriter.Write(b)
}

// ReadFrom hands the file to the underlying writer's ReadFrom, so that a
// download keeps the kernel's sendfile path that ServeContent's io.Copy
// would otherwise lose behind this wrapper.
func (pw *problemWriter) ReadFrom(src io.Reader) (int64, error) {
	if pw.failed {
		return io.Copy(io.Discard, src)
	}
	return io.Copy(pw.ResponseWriter, src)
}

func (pw *problemWriter) Unwrap() http.ResponseWriter { return pw.ResponseWriter }

func init() {
	i18n.Add("id", map[string]string{
		"api.err.range":        "Rentang (Range) yang diminta berada di luar berkas.",
		"api.err.precondition": "Berkas tidak memenuhi syarat If-Match atau If-Unmodified-Since.",
	})
	i18n.Add("en", map[string]string{
		"api.err.range":        "The requested range lies outside the file.",
		"api.err.precondition": "The file does not meet the If-Match or If-Unmodified-Since condition.",
	})
}

// contentDisposition gives an ASCII fallback name and the UTF-8 name (RFC 6266).
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, pathEscape(name))
}

func pathEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func (h *API) audit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := km.AuditFilter{Action: q.Get("action"), TargetType: q.Get("target_type"), TargetID: q.Get("target_id")}
	lang := i18n.FromRequest(r)
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", name))
				return
			}
			*dst = t
		}
	}
	for name, dst := range map[string]*int64{"actor": &f.ActorID, "before": &f.BeforeID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", name))
				return
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.invalid_parameter", "limit"))
			return
		}
		f.Limit = n
	}
	evs, err := h.app.AuditLog(r.Context(), actor(r), f)
	if err != nil {
		if errors.Is(err, km.ErrForbidden) && actor(r).User == nil {
			err = km.ErrUnauthorized
		}
		h.error(w, r, err)
		return
	}
	out := make([]map[string]any, len(evs))
	for i, e := range evs {
		out[i] = map[string]any{"id": e.ID, "at": e.At, "actor_id": e.ActorID, "actor": e.ActorLabel, "action": e.Action,
			"target_type": e.TargetType, "target_id": e.TargetID, "org_id": e.OrgID, "detail": e.Detail, "ip": e.IP}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"events": out})
}
