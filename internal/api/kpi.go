package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/kpi"
	"lumbung/internal/kpi/report"
	"lumbung/internal/store"
)

// kpiRoutes lists the API routes of KPI competitions.
func (h *API) kpiRoutes() []route {
	return []route{
		{"GET /api/v1/competitions", h.listCompetitions, "List KPI competitions (the public sees published ones)"},
		{"POST /api/v1/competitions", h.importCompetition, "Create a competition with participants and measurements (the `lumbung kpi import` file); all or nothing"},
		{"GET /api/v1/competitions/{code}", h.getCompetition, "One competition with its full result (groups, unranked, flags) and linked practices"},
		{"PATCH /api/v1/competitions/{code}", h.updateCompetition, "Change a competition's name, description, method, k or status (managers)"},
		{"GET /api/v1/competitions/{code}/leaderboard", h.leaderboard, "Leaderboard in the shape `lumbung kpi leaderboard --json` prints"},
		{"GET /api/v1/competitions/{code}/measurements", h.listMeasurements, "A competition's measurements"},
		{"POST /api/v1/competitions/{code}/measurements", h.addMeasurements, "Add measurements (JSON, CSV or XLSX body); validated whole, nothing stored on any error"},
		{"POST /api/v1/competitions/{code}/practices", h.competitionPractice, "Link a practice to a participant, or draft one from the leaderboard"},
		{"GET /api/v1/competitions/{code}/export.xlsx", h.exportXLSX, "Workbook: summary, leaderboards, data"},
		{"GET /api/v1/competitions/{code}/export.pdf", h.exportPDF, "PDF summary with charts"},
	}
}

func init() {
	queryParams["GET /api/v1/competitions/{code}/leaderboard"] = []any{
		q("method", "string", "percent, absolute or logratio (default: the competition's)"),
		q("k", "number", "log-ratio offset (default: the competition's, else the median baseline of the competitors)"),
		q("group", "string", "a size group: its own leaderboard"),
	}
	queryParams["POST /api/v1/competitions/{code}/measurements"] = []any{
		q("dry_run", "string", "1: check and preview only, store nothing"),
		q("filename", "string", "source file name to record"),
	}
	window := map[string]any{"type": "object", "required": []any{"from", "to"}, "properties": map[string]any{"from": str("YYYY-MM-DD"), "to": str("YYYY-MM-DD, inclusive")}}
	measurement := map[string]any{"type": "object", "required": []any{"participant", "date", "value"}, "properties": map[string]any{
		"participant": str("participant code"), "date": str("YYYY-MM-DD"), "value": map[string]any{"type": "number"}}}
	schemas["CompetitionFile"] = map[string]any{"type": "object", "required": []any{"competition", "participants"}, "properties": map[string]any{
		"competition": map[string]any{"type": "object", "required": []any{"code", "name", "metric", "baseline", "period"}, "properties": map[string]any{
			"code": str("lowercase letters, digits, - and _"), "name": str(""), "description": str(""), "org": str("organiser's organisation code (default: the caller's)"),
			"noun": str("what a participant is called, e.g. pasar"),
			"metric": map[string]any{"type": "object", "required": []any{"code", "name"}, "properties": map[string]any{
				"code": str(""), "name": str(""), "unit": str(""), "higher_is_better": map[string]any{"type": "boolean", "default": true},
				"allow_negative": map[string]any{"type": "boolean", "default": false}}},
			"baseline": window, "period": window, "method": enum("percent", "absolute", "logratio"),
			"k": map[string]any{"type": "number", "minimum": 0}, "status": enum("draft", "running", "closed", "published")}},
		"participants": map[string]any{"type": "array", "items": map[string]any{"type": "object", "required": []any{"code"}, "properties": map[string]any{
			"code": str(""), "name": str(""), "org": str("organisation code"), "group": str("size group"), "control": map[string]any{"type": "boolean"}}}},
		"measurements": map[string]any{"type": "array", "items": measurement},
	}}
	schemas["Leaderboard"] = map[string]any{"type": "object", "properties": map[string]any{
		"competition": str("code"), "method": enum("percent", "absolute", "logratio"),
		"participants": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
			"participant": str("code"), "rank": map[string]any{"type": "integer"}, "baseline": map[string]any{"type": "number", "description": "B: mean per day with data"},
			"period": map[string]any{"type": "number", "description": "P"}, "change": map[string]any{"type": "number", "description": "P−B"},
			"percent": map[string]any{"type": []any{"number", "null"}}, "score": map[string]any{"type": []any{"number", "null"}}, "group": str("")}}},
		"summary": map[string]any{"type": "object", "properties": map[string]any{
			"participants": map[string]any{"type": "integer"}, "baseline": map[string]any{"type": "number", "description": "ΣB"},
			"period": map[string]any{"type": "number", "description": "ΣP"}, "percent": map[string]any{"type": []any{"number", "null"}},
			"control_percent": map[string]any{"type": []any{"number", "null"}}, "did": map[string]any{"type": []any{"number", "null"}, "description": "percentage points"}}},
	}}
	requestBodies["POST /api/v1/competitions"] = map[string]any{"required": true, "content": jsonContent(ref("CompetitionFile"))}
	requestBodies["PATCH /api/v1/competitions/{code}"] = map[string]any{"required": true, "content": jsonContent(map[string]any{"type": "object", "properties": map[string]any{
		"name": str(""), "description": str(""), "noun": str(""), "method": enum("percent", "absolute", "logratio"),
		"k": map[string]any{"type": []any{"number", "null"}}, "status": enum("draft", "running", "closed", "published"),
		"version": map[string]any{"type": "integer", "description": "the version being edited"}}})}
	requestBodies["POST /api/v1/competitions/{code}/measurements"] = map[string]any{"required": true, "content": map[string]any{
		"application/json": map[string]any{"schema": map[string]any{"oneOf": []any{
			map[string]any{"type": "array", "items": measurement},
			map[string]any{"type": "object", "properties": map[string]any{"measurements": map[string]any{"type": "array", "items": measurement}, "filename": str("")}}}}},
		"text/csv": map[string]any{"schema": str("participant,date,value lines; a header line is optional")},
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
	}}
	requestBodies["POST /api/v1/competitions/{code}/practices"] = map[string]any{"required": true, "content": jsonContent(map[string]any{"type": "object", "properties": map[string]any{
		"participant": str("participant code; empty for the competition as a whole"),
		"practice_id": map[string]any{"type": "integer", "description": "link this practice; without it a draft is created from the leaderboard"}}})}
}

// competitionJSON is a competition as the API shows it.
type competitionJSON struct {
	Code         string                   `json:"code"`
	Name         string                   `json:"name"`
	Description  string                   `json:"description"`
	Organiser    orgRef                   `json:"organiser"`
	Noun         string                   `json:"noun,omitempty"`
	Status       kpi.Status               `json:"status"`
	Metric       metricOut                `json:"metric"`
	Baseline     windowOut                `json:"baseline"`
	Period       windowOut                `json:"period"`
	Method       kpi.Method               `json:"method"`
	K            *float64                 `json:"k"`
	Participants []app.KPIFileParticipant `json:"participants"`
	Version      int                      `json:"version"`
	Demo         bool                     `json:"demo"`
	CreatedAt    time.Time                `json:"created_at"`
	UpdatedAt    time.Time                `json:"updated_at"`
	URL          string                   `json:"url"`
	CanManage    bool                     `json:"can_manage"`
}

type metricOut struct {
	Code           string `json:"code"`
	Name           string `json:"name"`
	Unit           string `json:"unit"`
	HigherIsBetter bool   `json:"higher_is_better"`
	AllowNegative  bool   `json:"allow_negative"`
}

type windowOut struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func toCompetitionJSON(c store.Competition, a app.Actor) competitionJSON {
	ps := make([]app.KPIFileParticipant, len(c.Participants))
	for i, p := range c.Participants {
		ps[i] = app.KPIFileParticipant{Code: p.Code, Name: p.Name, Org: p.Org, Group: p.Group, Control: p.Control}
	}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	return competitionJSON{
		Code: c.Code, Name: c.Name, Description: c.Description, Organiser: orgRef{c.OrgID, c.OrgCode, c.OrgName}, Noun: c.Noun,
		Status: c.Status, Metric: metricOut{c.Metric.Code, c.Metric.Name, c.Metric.Unit, c.Metric.HigherIsBetter, c.Metric.AllowNegative},
		Baseline: windowOut{day(c.Baseline.From), day(c.Baseline.To)}, Period: windowOut{day(c.Period.From), day(c.Period.To)},
		Method: c.Method, K: c.K, Participants: ps, Version: c.Version, Demo: c.Demo, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		URL: "/kpi/" + c.Code, CanManage: app.CanManageCompetition(a.User, c.OrgPath),
	}
}

// failLines answers 422 with every bad line (and field) of a refused batch.
func (h *API) failLines(w http.ResponseWriter, r *http.Request, e *app.KPIInputError) {
	lang := i18n.FromRequest(r)
	lines := make([]kpi.LineError, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = kpi.LineError{Line: l.Line, Code: l.Code, Message: app.LineMessage(lang, l)}
	}
	fields := map[string]string{}
	for f, k := range e.Fields {
		fields[f] = i18n.T(lang, k)
	}
	msg := i18n.T(lang, "err.validation")
	if len(lines) > 0 {
		msg = i18n.T(lang, "kpi.err.lines", len(lines)+len(fields))
	}
	body := map[string]any{"code": "validation", "message": msg, "lines": lines}
	if len(fields) > 0 {
		body["fields"] = fields
	}
	h.writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": body})
}

// kpiError maps a use case's error, with the refused lines when there are.
func (h *API) kpiError(w http.ResponseWriter, r *http.Request, err error) {
	var bad *app.KPIInputError
	if errors.As(err, &bad) {
		h.failLines(w, r, bad)
		return
	}
	h.error(w, r, err)
}

func (h *API) badParam(w http.ResponseWriter, r *http.Request, name string) {
	h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", i18n.FromRequest(r), "err.invalid_parameter", name))
}

func (h *API) listCompetitions(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	cs, err := h.app.Competitions(r.Context(), a)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]competitionJSON, len(cs))
	for i, c := range cs {
		out[i] = toCompetitionJSON(c, a)
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"competitions": out, "total": len(out)})
}

// readBody reads a request body up to the upload limit.
func (h *API) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.app.MaxUpload))
	if err != nil {
		h.error(w, r, err)
		return nil, false
	}
	return data, true
}

func mediaType(r *http.Request) string {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt
}

func (h *API) importCompetition(w http.ResponseWriter, r *http.Request) {
	lang := i18n.FromRequest(r)
	if mt := mediaType(r); mt != "" && mt != "application/json" {
		h.fail(w, r, httperr.New(http.StatusUnsupportedMediaType, "unsupported_media_type", lang, "err.invalid_json", "Content-Type must be application/json"))
		return
	}
	if actor(r).User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	data, ok := h.readBody(w, r)
	if !ok {
		return
	}
	f, err := app.DecodeKPIFile(data)
	if err != nil {
		cause := errors.Unwrap(err)
		if cause == nil {
			cause = err
		}
		h.fail(w, r, httperr.New(http.StatusBadRequest, "invalid_json", lang, "err.invalid_json", jsonProblem(cause)))
		return
	}
	c, err := h.app.ImportCompetition(r.Context(), actor(r), f, app.KPIImportOptions{Source: "api", Filename: r.URL.Query().Get("filename")})
	if err != nil {
		h.kpiError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/competitions/"+c.Code)
	h.writeJSON(w, http.StatusCreated, toCompetitionJSON(c, actor(r)))
}

func (h *API) getCompetition(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	st, err := h.app.Leaderboard(r.Context(), a, r.PathValue("code"), app.LeaderboardOptions{})
	if err != nil {
		h.error(w, r, err)
		return
	}
	links, err := h.app.CompetitionPractices(r.Context(), a, st.Competition)
	if err != nil {
		h.error(w, r, err)
		return
	}
	practices := make([]map[string]any, len(links))
	for i, l := range links {
		practices[i] = map[string]any{"participant": l.Participant, "practice_id": l.PracticeID, "title": l.Practice.Title,
			"status": l.Practice.Status, "url": "/api/v1/practices/" + itoa(l.PracticeID)}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{
		"competition":  toCompetitionJSON(st.Competition, a),
		"result":       st.Result,
		"sentence":     kpi.Sentence(st.Competition.Competition, st.Result.Overall.Summary),
		"practices":    practices,
		"measurements": len(st.Measurements),
	})
}

type competitionPatch struct {
	Name        *string  `json:"name"`
	Description *string  `json:"description"`
	Noun        *string  `json:"noun"`
	Method      *string  `json:"method"`
	K           *float64 `json:"k"`
	ClearK      bool     `json:"clear_k"`
	Status      *string  `json:"status"`
	Version     int      `json:"version"`
}

func (h *API) updateCompetition(w http.ResponseWriter, r *http.Request) {
	var in competitionPatch
	if !h.decode(w, r, &in) {
		return
	}
	a := actor(r)
	if a.User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	c, err := h.app.Competition(r.Context(), a, r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	u := app.CompetitionUpdate{Name: c.Name, Description: c.Description, Noun: c.Noun, Method: c.Method, K: c.K, Version: in.Version}
	if in.Name != nil {
		u.Name = *in.Name
	}
	if in.Description != nil {
		u.Description = *in.Description
	}
	if in.Noun != nil {
		u.Noun = *in.Noun
	}
	if in.Method != nil {
		u.Method = kpi.Method(*in.Method)
	}
	if in.K != nil {
		u.K = in.K
	}
	if in.ClearK {
		u.K = nil
	}
	if in.Status != nil {
		u.Status = kpi.Status(*in.Status)
	}
	c, err = h.app.UpdateCompetition(r.Context(), a, c.Code, u)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, toCompetitionJSON(c, a))
}

// leaderboardOptions reads ?method=&k=&group=; a bad value names itself.
func leaderboardOptions(r *http.Request) (app.LeaderboardOptions, string) {
	q := r.URL.Query()
	opt := app.LeaderboardOptions{Method: kpi.Method(q.Get("method")), Group: q.Get("group")}
	if opt.Method != "" && !opt.Method.Valid() {
		return opt, "method"
	}
	k, err := app.ParseK(q.Get("k"))
	if err != nil {
		return opt, "k"
	}
	opt.K = k
	return opt, ""
}

func (h *API) leaderboard(w http.ResponseWriter, r *http.Request) {
	opt, bad := leaderboardOptions(r)
	if bad != "" {
		h.badParam(w, r, bad)
		return
	}
	st, err := h.app.Leaderboard(r.Context(), actor(r), r.PathValue("code"), opt)
	var ve *km.ValidationError
	if errors.As(err, &ve) && ve.Fields["group"] != "" {
		h.badParam(w, r, "group")
		return
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, st.Board.Report())
}

func (h *API) listMeasurements(w http.ResponseWriter, r *http.Request) {
	c, err := h.app.Competition(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	ms, err := h.app.Store.Measurements(r.Context(), c.ID)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out := make([]map[string]any, len(ms))
	for i, m := range ms {
		out[i] = map[string]any{"participant": m.Participant, "date": m.Date.Format(time.DateOnly), "value": m.Value}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"competition": c.Code, "measurements": out, "total": len(out)})
}

// measurementsJSON is the object form of a JSON upload.
type measurementsJSON struct {
	Measurements []app.KPIFileMeasurement `json:"measurements"`
	Filename     string                   `json:"filename"`
}

// readBatch turns the body of a measurements upload into a batch: JSON (an
// array, or an object with "measurements"), CSV, XLSX, or a multipart form
// with the file in "file".
func (h *API) readBatch(w http.ResponseWriter, r *http.Request) (app.MeasurementBatch, bool) {
	lang := i18n.FromRequest(r)
	b := app.MeasurementBatch{Filename: r.URL.Query().Get("filename")}
	mt := mediaType(r)
	if mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, h.app.MaxUpload+1<<20)
		file, hdr, err := r.FormFile("file")
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				h.error(w, r, km.ErrTooLarge)
			} else {
				h.fail(w, r, httperr.New(http.StatusBadRequest, "bad_request", lang, "err.missing_file"))
			}
			return b, false
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, h.app.MaxUpload+1))
		if err != nil || int64(len(data)) > h.app.MaxUpload {
			h.error(w, r, km.ErrTooLarge)
			return b, false
		}
		if b.Filename == "" {
			b.Filename = hdr.Filename
		}
		b.Rows, b.Errors, b.Source = report.ReadUpload(data)
		return b, true
	}
	data, ok := h.readBody(w, r)
	if !ok {
		return b, false
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json") || (mt == "" && bytes.HasPrefix(bytes.TrimSpace(data), []byte("{"))) ||
		(mt == "" && bytes.HasPrefix(bytes.TrimSpace(data), []byte("["))):
		var in measurementsJSON
		trimmed := bytes.TrimSpace(data)
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		var err error
		if bytes.HasPrefix(trimmed, []byte("[")) {
			err = dec.Decode(&in.Measurements)
		} else {
			err = dec.Decode(&in)
		}
		if err == nil && dec.More() {
			err = errors.New("trailing data")
		}
		if err != nil {
			h.fail(w, r, httperr.New(http.StatusBadRequest, "invalid_json", lang, "err.invalid_json", jsonProblem(err)))
			return b, false
		}
		b.Rows, b.Errors = app.MeasurementsFromJSON(in.Measurements)
		b.Source = "api"
		if b.Filename == "" {
			b.Filename = in.Filename
		}
	case mt == "" || mt == "text/csv" || mt == "text/plain" || mt == "application/csv" ||
		mt == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || mt == "application/octet-stream":
		b.Rows, b.Errors, b.Source = report.ReadUpload(data)
	default:
		h.fail(w, r, httperr.New(http.StatusUnsupportedMediaType, "unsupported_media_type", lang, "kpi.err.media_type"))
		return b, false
	}
	return b, true
}

func init() {
	i18n.Add("id", map[string]string{"kpi.err.media_type": "Kirim data sebagai JSON, CSV (text/csv) atau XLSX."})
	i18n.Add("en", map[string]string{"kpi.err.media_type": "Send the data as JSON, CSV (text/csv) or XLSX."})
}

func (h *API) addMeasurements(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	a := actor(r)
	if a.User == nil {
		h.error(w, r, km.ErrUnauthorized)
		return
	}
	b, ok := h.readBatch(w, r)
	if !ok {
		return
	}
	if dry := r.URL.Query().Get("dry_run"); dry == "1" || dry == "true" {
		p, err := h.app.PreviewMeasurements(r.Context(), a, code, b)
		if err != nil {
			h.kpiError(w, r, err)
			return
		}
		if len(p.Errors) > 0 {
			h.failLines(w, r, &app.KPIInputError{Lines: p.Errors})
			return
		}
		out := map[string]any{"dry_run": true, "rows": len(p.Rows), "per_participant": p.PerParticipant,
			"in_baseline": p.InBaseline, "in_period": p.InPeriod, "outside_windows": p.Outside}
		if p.After != nil {
			out["leaderboard"] = p.After.Overall.Report()
		}
		h.writeJSON(w, http.StatusOK, out)
		return
	}
	u, err := h.app.AddMeasurements(r.Context(), a, code, b)
	if err != nil {
		h.kpiError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusCreated, map[string]any{"competition": code, "upload": map[string]any{
		"id": u.ID, "source": u.Source, "filename": u.Filename, "rows": u.Rows, "uploader": u.Uploader, "created_at": u.CreatedAt}})
}

type practiceLinkInput struct {
	Participant string `json:"participant"`
	PracticeID  int64  `json:"practice_id"`
}

func (h *API) competitionPractice(w http.ResponseWriter, r *http.Request) {
	var in practiceLinkInput
	if !h.decode(w, r, &in) {
		return
	}
	a := actor(r)
	code := r.PathValue("code")
	if in.PracticeID != 0 {
		if err := h.app.LinkPractice(r.Context(), a, code, in.Participant, in.PracticeID); err != nil {
			h.error(w, r, err)
			return
		}
		p, err := h.app.Practice(r.Context(), a, in.PracticeID)
		if err != nil {
			h.error(w, r, err)
			return
		}
		h.writeJSON(w, http.StatusOK, toPracticeJSON(p, a))
		return
	}
	p, err := h.app.CreatePracticeFromCompetition(r.Context(), a, code, in.Participant)
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/practices/"+itoa(p.ID))
	h.writeJSON(w, http.StatusCreated, toPracticeJSON(p, a))
}

// exportInput gathers what an export of a competition shows.
func exportInput(st app.Standings, statusLabel string) report.Input {
	c := st.Competition
	return report.Input{Competition: c.Competition, Description: c.Description, Organiser: c.OrgName, Status: statusLabel,
		Demo: c.Demo, Measurements: st.Measurements, Result: st.Result, Generated: time.Now()}
}

func (h *API) export(w http.ResponseWriter, r *http.Request, ext, ctype string, write func(io.Writer, report.Input) error) {
	st, err := h.app.Leaderboard(r.Context(), actor(r), r.PathValue("code"), app.LeaderboardOptions{})
	if err != nil {
		h.error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, exportInput(st, string(st.Competition.Status))); err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", contentDisposition(st.Competition.Code+"."+ext))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(buf.Bytes())
}

func (h *API) exportXLSX(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.XLSX)
}

func (h *API) exportPDF(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "pdf", "application/pdf", report.PDF)
}
