package award

import (
	"fmt"
	"time"
)

// Phase is where an edition stands in its life. Phases only move forward,
// but one: an objection answered with an explicit reopening takes
// provisional results back to judging.
type Phase int

// The phases, in order.
const (
	// PhaseDraft: the secretariat prepares the call; nobody else knows it.
	PhaseDraft Phase = iota
	// PhaseCall: the call is published; agencies register and submit
	// until the deadline.
	PhaseCall
	// PhaseJudging: the deadline has passed, entries are frozen (or are
	// frozen by the next write), jurors score, the secretariat shortlists.
	PhaseJudging
	// PhasePublished: the secretariat released the provisional results,
	// which nobody else sees before the announcement time.
	PhasePublished
	// PhaseObjections: the provisional results are announced; entrants may
	// object while the window is open, and the secretariat answers.
	PhaseObjections
	// PhaseFinal: the results are final; nothing changes them any more.
	PhaseFinal
)

var phaseNames = [...]string{"draft", "call", "judging", "published", "objections", "final"}

func (p Phase) String() string {
	if p < 0 || int(p) >= len(phaseNames) {
		return fmt.Sprintf("phase(%d)", int(p))
	}
	return phaseNames[p]
}

// Phase returns the edition's phase at now.
func (e *Edition) Phase(now time.Time) Phase {
	switch {
	case !e.FinalisedAt.IsZero():
		return PhaseFinal
	case !e.PublishedAt.IsZero() && e.ResultsVisible(now):
		return PhaseObjections
	case !e.PublishedAt.IsZero():
		return PhasePublished
	case e.CallPublishedAt.IsZero():
		return PhaseDraft
	case e.SubmissionsClosed(now):
		return PhaseJudging
	}
	return PhaseCall
}

// Action is something done to an edition that only some phases allow.
type Action string

// The actions the phases govern. Reads are not actions: who may read what
// is a matter of roles and ResultsVisible, not of phases.
const (
	ActEditSchedule   Action = "edit_schedule"    // name, dates, winners, method
	ActPublishCall    Action = "publish_call"     // open the call for entries
	ActEditCategories Action = "edit_categories"  // add, rename, remove categories
	ActEditCriteria   Action = "edit_criteria"    // add, change, remove criteria
	ActEditRounds     Action = "edit_rounds"      // add, change, remove rounds
	ActEditJury       Action = "edit_jury"        // add, change, remove jurors
	ActRegister       Action = "register"         // register or change an entry, its evidence
	ActScreen         Action = "screen"           // record a screening outcome
	ActAssign         Action = "assign"           // assign jurors to entries
	ActDeclare        Action = "declare_conflict" // a juror declares a conflict
	ActFreeze         Action = "freeze"           // snapshot the entries
	ActScore          Action = "score"            // save or submit a sheet
	ActReopenSheet    Action = "reopen_sheet"     // turn a submitted sheet back into a draft
	ActShortlist      Action = "shortlist"        // confirm who advances from a round
	ActPublish        Action = "publish"          // release the provisional results
	ActObject         Action = "object"           // an entrant files an objection
	ActAnswer         Action = "answer"           // the secretariat answers an objection
	ActReopenResults  Action = "reopen_results"   // an answer takes the results back to judging
	ActFinalise       Action = "finalise"         // make the results final
	ActCertificates   Action = "certificates"     // issue certificates
	ActSettings       Action = "settings"         // certificate design and other presentation
)

// window is the contiguous range of phases in which an action is allowed.
type window struct{ from, to Phase }

// rules is the whole state machine: each action and the phases that allow
// it. After provisional publication nothing that moves scores, screening,
// assignments or ranks is allowed but through ActReopenResults; after the
// final nothing at all but presentation.
var rules = map[Action]window{
	ActEditSchedule:   {PhaseDraft, PhaseObjections},
	ActPublishCall:    {PhaseDraft, PhaseDraft},
	ActEditCategories: {PhaseDraft, PhaseJudging},
	ActEditCriteria:   {PhaseDraft, PhaseJudging},
	ActEditRounds:     {PhaseDraft, PhaseJudging},
	ActEditJury:       {PhaseDraft, PhaseJudging},
	ActRegister:       {PhaseCall, PhaseCall},
	ActScreen:         {PhaseCall, PhaseJudging},
	ActAssign:         {PhaseDraft, PhaseJudging},
	ActDeclare:        {PhaseDraft, PhaseJudging},
	ActFreeze:         {PhaseJudging, PhaseJudging},
	ActScore:          {PhaseJudging, PhaseJudging},
	ActReopenSheet:    {PhaseJudging, PhaseJudging},
	ActShortlist:      {PhaseJudging, PhaseJudging},
	ActPublish:        {PhaseJudging, PhaseJudging},
	ActObject:         {PhaseObjections, PhaseObjections},
	ActAnswer:         {PhaseObjections, PhaseObjections},
	ActReopenResults:  {PhaseObjections, PhaseObjections},
	ActFinalise:       {PhaseObjections, PhaseObjections},
	ActCertificates:   {PhaseFinal, PhaseFinal},
	ActSettings:       {PhaseDraft, PhaseFinal},
}

// Actions lists every action, for tests and documentation.
func Actions() []Action {
	return []Action{ActEditSchedule, ActPublishCall, ActEditCategories, ActEditCriteria, ActEditRounds, ActEditJury,
		ActRegister, ActScreen, ActAssign, ActDeclare, ActFreeze, ActScore, ActReopenSheet, ActShortlist, ActPublish,
		ActObject, ActAnswer, ActReopenResults, ActFinalise, ActCertificates, ActSettings}
}

// PhaseError says why an action is not allowed: the edition is in a phase
// before (Early) or after the action's window.
type PhaseError struct {
	Action Action
	Phase  Phase
	Early  bool
}

func (e *PhaseError) Error() string {
	when := "no longer"
	if e.Early {
		when = "not yet"
	}
	return fmt.Sprintf("award: %s is %s allowed in phase %s", e.Action, when, e.Phase)
}

// Allowed reports whether action a may be done in phase p.
func Allowed(a Action, p Phase) bool {
	w, ok := rules[a]
	return ok && p >= w.from && p <= w.to
}

// Check returns nil when the edition allows action a at now, else a
// *PhaseError. An unknown action is never allowed.
func (e *Edition) Check(a Action, now time.Time) error {
	p := e.Phase(now)
	if Allowed(a, p) {
		return nil
	}
	w, ok := rules[a]
	return &PhaseError{Action: a, Phase: p, Early: ok && p < w.from}
}
