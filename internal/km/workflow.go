package km

// Action moves a practice through the review workflow.
type Action string

// The workflow's actions.
const (
	ActionSubmit  Action = "submit"  // draft → in_review
	ActionReturn  Action = "return"  // in_review → returned (needs a reason)
	ActionPublish Action = "publish" // in_review → published (coordinator)
	ActionRedraft Action = "redraft" // returned → draft
	ActionArchive Action = "archive" // published → archived (needs a reason)
)

// Actions lists every action.
var Actions = []Action{ActionSubmit, ActionReturn, ActionPublish, ActionRedraft, ActionArchive}

var transitions = map[Action]struct{ from, to Status }{
	ActionSubmit:  {StatusDraft, StatusInReview},
	ActionReturn:  {StatusInReview, StatusReturned},
	ActionPublish: {StatusInReview, StatusPublished},
	ActionRedraft: {StatusReturned, StatusDraft},
	ActionArchive: {StatusPublished, StatusArchived},
}

// Next returns the status that action a leads to from s; ok is false when
// the workflow has no such step.
func (s Status) Next(a Action) (next Status, ok bool) {
	t, known := transitions[a]
	if !known || t.from != s {
		return "", false
	}
	return t.to, true
}

// NeedsReason reports whether an action must say why.
func (a Action) NeedsReason() bool { return a == ActionReturn || a == ActionArchive }

// Reviewer reports whether only a coordinator (or admin) may take the action.
func (a Action) Reviewer() bool {
	return a == ActionReturn || a == ActionPublish || a == ActionArchive
}

// AvailableActions lists the actions u may take on p now.
func AvailableActions(u *User, p *Practice) []Action {
	var out []Action
	for _, a := range Actions {
		if _, ok := p.Status.Next(a); ok && CanAct(u, p, a) {
			out = append(out, a)
		}
	}
	return out
}

// CanAct reports whether u may take action a on p (ignoring whether the
// workflow allows it from p's status).
func CanAct(u *User, p *Practice, a Action) bool {
	if u == nil {
		return false
	}
	if a.Reviewer() {
		return u.Has(RoleCoordinator, p.OrgPath)
	}
	return CanEdit(u, p)
}
