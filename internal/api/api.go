// Package api is Lumbung's JSON API under /api/v1: organisations, practices,
// workflow transitions, revisions, attachments and the audit log, described
// by /api/v1/openapi.json. Errors are {"error":{"code","message","fields"}}
// with the message in the client's language (Accept-Language).
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"lumbung/internal/app"
	"lumbung/internal/auth"
	"lumbung/internal/httperr"
	"lumbung/internal/i18n"
	"lumbung/internal/markdown"
)

// API is the set of JSON handlers.
type API struct {
	app *app.App
	log *slog.Logger
	md  *markdown.Renderer // questions and answers are markdown
}

// New returns the API over a.
func New(a *app.App, log *slog.Logger) *API { return &API{app: a, log: log, md: markdown.New()} }

// maxJSON bounds a JSON request body; practices are text, not files.
const maxJSON = 4 << 20

// Register mounts every route; routes.go lists them.
//
// The "/api/" catch-all answers what no route takes, in JSON. It would
// also take a known path asked with another method, which the mux would
// otherwise answer 405 in plain text: paths, the routes' paths without
// their methods, tells the two apart, so that such a request gets a 405
// with Allow rather than a 404 for a path that exists.
func (h *API) Register(mux *http.ServeMux) {
	paths := http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range h.routes() {
		mux.HandleFunc(rt.pattern, rt.handler)
		method, path, _ := strings.Cut(rt.pattern, " ")
		if allowed[path] == nil {
			paths.HandleFunc(path, http.NotFound)
		}
		allowed[path] = append(allowed[path], method)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.FromRequest(r)
		if _, path := paths.Handler(r); path != "" {
			methods := slices.Clone(allowed[path])
			if slices.Contains(methods, http.MethodGet) {
				methods = append(methods, http.MethodHead)
			}
			w.Header().Set("Allow", strings.Join(methods, ", "))
			h.fail(w, r, httperr.New(http.StatusMethodNotAllowed, "method_not_allowed", lang, "err.method_not_allowed"))
			return
		}
		h.fail(w, r, httperr.New(http.StatusNotFound, "not_found", lang, "err.not_found"))
	})
}

// writeJSON encodes v before sending the status, so that a value JSON
// cannot hold (an infinite number) is a 500 with an error body rather
// than the status with an empty body. json.Marshal escapes <, > and & as
// the pages' encoders do.
func (h *API) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		h.log.Error("write json", "err", err)
		status = http.StatusInternalServerError
		msg := make([]string, len(i18n.Languages))
		for i, lang := range i18n.Languages {
			msg[i] = i18n.T(lang, "err.internal")
		}
		b, _ = json.Marshal(map[string]any{"error": httperr.Problem{Code: "internal", Message: strings.Join(msg, " / ")}})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func (h *API) fail(w http.ResponseWriter, r *http.Request, p httperr.Problem) {
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="lumbung"`)
	}
	h.writeJSON(w, p.Status, map[string]any{"error": p})
}

// error maps err through httperr and writes it.
func (h *API) error(w http.ResponseWriter, r *http.Request, err error) {
	h.fail(w, r, httperr.From(err, i18n.FromRequest(r), h.log))
}

// decode reads a JSON body into v: a bad content type, malformed JSON,
// unknown fields or a body too large are 4xx problems, never 500s.
func (h *API) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	lang := i18n.FromRequest(r)
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			h.fail(w, r, httperr.New(http.StatusUnsupportedMediaType, "unsupported_media_type", lang, "err.invalid_json", "Content-Type must be application/json"))
			return false
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.error(w, r, err)
			return false
		}
		h.fail(w, r, httperr.New(http.StatusBadRequest, "invalid_json", lang, "err.invalid_json", jsonProblem(err)))
		return false
	}
	if dec.More() {
		h.fail(w, r, httperr.New(http.StatusBadRequest, "invalid_json", lang, "err.invalid_json", "trailing data after the JSON value"))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		h.fail(w, r, httperr.New(http.StatusBadRequest, "invalid_json", lang, "err.invalid_json", "trailing data after the JSON value"))
		return false
	}
	return true
}

// jsonProblem describes a decoding error without Go type names.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q has the wrong type (want %s)", te.Field, te.Type.Kind())
	case errors.Is(err, io.EOF):
		return "empty body"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early"
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return "unknown field " + f
	}
	return "cannot read it"
}

func pathID(w http.ResponseWriter, r *http.Request, h *API) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(w, r, httperr.New(http.StatusNotFound, "not_found", i18n.FromRequest(r), "err.invalid_id"))
		return 0, false
	}
	return id, true
}

func actor(r *http.Request) app.Actor { return auth.Actor(r) }
