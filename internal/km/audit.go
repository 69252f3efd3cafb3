package km

import "time"

// AuditEvent is one entry of the append-only audit log: who did what to
// which record, when, and what changed.
type AuditEvent struct {
	ID         int64
	At         time.Time
	ActorID    int64  // 0 for the system or an anonymous attempt
	ActorLabel string // e-mail or "system", kept even if the user goes
	Action     string // e.g. practice.create, practice.publish, user.login
	TargetType string // practice, user, org, token, attachment
	TargetID   string
	OrgID      int64
	Detail     map[string]any
	IP         string
}

// AuditFilter selects audit events; zero fields match everything.
type AuditFilter struct {
	ActorID    int64
	Action     string // exact, or a prefix ending in "."
	TargetType string
	TargetID   string
	From, To   time.Time
	Limit      int
	BeforeID   int64 // for paging backwards
}
