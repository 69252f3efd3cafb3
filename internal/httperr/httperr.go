// Package httperr maps domain errors to HTTP status codes and person-readable
// messages in one place, for both edges (pages and JSON API).
package httperr

import (
	"errors"
	"log/slog"
	"net/http"

	"lumbung/internal/app"
	"lumbung/internal/i18n"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// Problem is an error as a person or client sees it.
type Problem struct {
	Status  int               `json:"-"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// MaxUploadText is shown in the "too large" message; the server sets it.
var MaxUploadText = "25 MiB"

// From maps err to a Problem in lang. Errors it does not know are logged
// and reported as a 500 without details.
func From(err error, lang string, log *slog.Logger) Problem {
	var ve *km.ValidationError
	var ce *km.ConflictError
	switch {
	case errors.As(err, &ve):
		fields := map[string]string{}
		for f, k := range ve.Fields {
			fields[f] = i18n.T(lang, k)
		}
		return Problem{http.StatusUnprocessableEntity, "validation", i18n.T(lang, "err.validation"), fields}
	case errors.Is(err, app.ErrConflictOfInterest):
		return Problem{http.StatusForbidden, "conflict_of_interest", i18n.T(lang, "err.conflict_of_interest"), nil}
	case errors.Is(err, app.ErrFrozen):
		return Problem{http.StatusConflict, "frozen", i18n.T(lang, "err.frozen"), nil}
	case errors.Is(err, app.ErrAdoptionExists):
		return Problem{http.StatusConflict, "adoption_exists", i18n.T(lang, "err.adoption_exists"), nil}
	case errors.As(err, &ce):
		return Problem{http.StatusConflict, "conflict", i18n.T(lang, "err.conflict", ce.Current), nil}
	case errors.Is(err, km.ErrConflict):
		return Problem{http.StatusConflict, "conflict", i18n.T(lang, "err.conflict_plain"), nil}
	case errors.Is(err, km.ErrNotFound):
		return Problem{http.StatusNotFound, "not_found", i18n.T(lang, "err.not_found"), nil}
	case errors.Is(err, km.ErrUnauthorized):
		return Problem{http.StatusUnauthorized, "unauthorized", i18n.T(lang, "err.unauthorized"), nil}
	case errors.Is(err, km.ErrForbidden):
		return Problem{http.StatusForbidden, "forbidden", i18n.T(lang, "err.forbidden"), nil}
	case errors.Is(err, km.ErrTooLarge):
		return Problem{http.StatusRequestEntityTooLarge, "too_large", i18n.T(lang, "err.too_large", MaxUploadText), nil}
	case errors.Is(err, km.ErrUnsupportedType):
		return Problem{http.StatusUnsupportedMediaType, "unsupported_type", i18n.T(lang, "err.unsupported_type"), nil}
	case errors.Is(err, app.ErrInvalidImport):
		return Problem{http.StatusUnprocessableEntity, "validation", i18n.T(lang, "err.validation"), nil}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return Problem{http.StatusRequestEntityTooLarge, "too_large", i18n.T(lang, "err.too_large", MaxUploadText), nil}
	}
	if errors.Is(err, km.ErrUnreadable) || store.BadText(err) {
		return Problem{http.StatusBadRequest, "bad_request", i18n.T(lang, "err.bad_request"), nil}
	}
	if log != nil {
		log.Error("internal error", "err", err)
	}
	return Problem{http.StatusInternalServerError, "internal", i18n.T(lang, "err.internal"), nil}
}

// New builds a Problem from a status, a code and a message key.
func New(status int, code, lang, key string, args ...any) Problem {
	return Problem{Status: status, Code: code, Message: i18n.T(lang, key, args...)}
}
