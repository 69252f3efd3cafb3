package app

import (
	"fmt"

	"lumbung/internal/km"
)

// AwardRefusal is an award action refused because of where the edition
// stands (the call published, the deadline passed, the results final…). It
// is a km.ErrConflict (409). The edges compare with errors.Is against the
// Err* values below and get the sentence to show from Key through
// errors.As, so no edge has to read the English message.
type AwardRefusal struct {
	Code string // for API clients, e.g. "call_published"
	Key  string // message key for the edges' catalogue
	msg  string // English, for logs and the command line
}

func (e *AwardRefusal) Error() string { return km.ErrConflict.Error() + ": " + e.msg }

// Unwrap makes every refusal a km.ErrConflict.
func (e *AwardRefusal) Unwrap() error { return km.ErrConflict }

func refusal(code, msg string) *AwardRefusal {
	return &AwardRefusal{Code: code, Key: "award.err." + code, msg: msg}
}

// The award's refusals. Some are wrapped with details, e.g.
// fmt.Errorf("%w: objection 7", ErrObjectionUnanswered).
var (
	// ErrFrozen refuses a change to an entry after the submission deadline.
	ErrFrozen              = refusal("frozen", "the submission deadline has passed; entries are frozen")
	ErrDeadlineNotPassed   = refusal("deadline_not_passed", "the submission deadline has not passed")
	ErrScoringNotStarted   = refusal("scoring_not_started", "scoring starts after the submission deadline")
	ErrSheetSubmitted      = refusal("sheet_submitted", "the sheet is submitted; ask the secretariat to reopen it")
	ErrResultsPublished    = refusal("published", "the results are published")
	ErrResultsNotPublished = refusal("not_published", "the results are not published")
	// ErrResultsNotVisible refuses issuing certificates before the results
	// are published and announced.
	ErrResultsNotVisible   = refusal("results_not_visible", "the results are not published and announced yet")
	ErrResultsFinal        = refusal("final", "the results are final")
	ErrObjectionsClosed    = refusal("objections_closed", "the objection window is closed")
	ErrObjectionUnanswered = refusal("objection_unanswered", "an objection is not answered")
	ErrObjectionAnswered   = refusal("already_answered", "the objection is already answered")
	ErrShortlistMissing    = refusal("shortlist_missing", "the shortlist of the round before is not confirmed yet")
	// ErrCallPublished refuses changing criteria weights and scales, or
	// adding and removing criteria, once the call for entries is published.
	ErrCallPublished      = refusal("call_published", "the call is published; criteria, weights and scales are locked")
	ErrCallNotReady       = refusal("call_not_ready", "the call needs at least one criterion and one round")
	ErrRegistrationClosed = refusal("registration_closed", "registration is not open")
	ErrScheduleLocked     = refusal("schedule_locked", "entries are frozen; registration and the submission deadline cannot change")
	ErrCategoryInUse      = refusal("category_in_use", "entries belong to this category")
	ErrRoundInUse         = refusal("round_in_use", "the round has assignments, score sheets or a shortlist")
	ErrJurorInUse         = refusal("juror_in_use", "the juror has assignments or score sheets")
	// ErrNotFrozen refuses a snapshot of an entry not frozen yet.
	ErrNotFrozen = refusal("not_frozen", "the entry is not frozen yet; its snapshot is taken at the submission deadline")
)

// AwardRefusals lists every refusal, for the edges' message catalogues.
var AwardRefusals = []*AwardRefusal{ErrFrozen, ErrDeadlineNotPassed, ErrScoringNotStarted, ErrSheetSubmitted, ErrResultsPublished,
	ErrResultsNotPublished, ErrResultsNotVisible, ErrResultsFinal, ErrObjectionsClosed, ErrObjectionUnanswered, ErrObjectionAnswered,
	ErrShortlistMissing, ErrCallPublished, ErrCallNotReady, ErrRegistrationClosed, ErrScheduleLocked, ErrCategoryInUse, ErrRoundInUse,
	ErrJurorInUse, ErrNotFrozen}

// ErrConflictOfInterest refuses a juror action on an entry the juror may not
// judge. It is a km.ErrForbidden (403).
var ErrConflictOfInterest = fmt.Errorf("%w: conflict of interest", km.ErrForbidden)
