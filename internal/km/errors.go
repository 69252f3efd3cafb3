package km

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors shared by every layer. Edges map them to status codes once.
var (
	ErrNotFound     = errors.New("not found")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrConflict     = errors.New("conflict")
)

// ValidationError reports bad input field by field. Messages are message keys
// (see the i18n catalogue in package web) so each edge can speak the user's
// language; Fields maps a field name to its key.
type ValidationError struct {
	Fields map[string]string
}

// Error lists the fields in a stable order.
func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, k := range keys {
		b.WriteString(" " + k + ": " + e.Fields[k] + ";")
	}
	return b.String()
}

// Add records a problem with field f unless one is already recorded.
func (e *ValidationError) Add(f, msg string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[f]; !ok {
		e.Fields[f] = msg
	}
}

// Err returns e as an error when it holds problems, nil otherwise.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// ConflictError is a stale write: someone saved a newer version first.
type ConflictError struct {
	Current int // the version now stored
}

func (e *ConflictError) Error() string { return "conflict: the record changed meanwhile" }

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// Upload errors. ErrUnreadable is a body that breaks off or is not what
// it says (a truncated multipart upload): the client's mistake, not ours.
var (
	ErrTooLarge        = errors.New("file too large")
	ErrUnsupportedType = errors.New("file type not allowed")
	ErrUnreadable      = errors.New("request body could not be read")
)
