package kpi

import "slices"

// Status is where a competition stands. Only a published competition is
// public; the others are working states of its organisers.
type Status string

// Competition states, in their usual order.
const (
	StatusDraft     Status = "draft"     // being set up; only its managers see it
	StatusRunning   Status = "running"   // data is coming in
	StatusClosed    Status = "closed"    // the competition window is over; results are checked
	StatusPublished Status = "published" // results are public
)

// Statuses lists every status in order.
var Statuses = []Status{StatusDraft, StatusRunning, StatusClosed, StatusPublished}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// transitions are the moves a competition's managers may make: forward one
// step, or back one step to correct a mistake (reopening a closed
// competition, withdrawing published results).
var transitions = map[Status][]Status{
	StatusDraft:     {StatusRunning},
	StatusRunning:   {StatusClosed, StatusDraft},
	StatusClosed:    {StatusPublished, StatusRunning},
	StatusPublished: {StatusClosed},
}

// Next lists the statuses s may move to.
func (s Status) Next() []Status { return transitions[s] }

// CanMoveTo reports whether a competition in status s may move to t.
func (s Status) CanMoveTo(t Status) bool { return slices.Contains(transitions[s], t) }

// AcceptsData reports whether measurements may still be added: not once
// the results are published (withdraw them first, so a public leaderboard
// never changes under its readers).
func (s Status) AcceptsData() bool { return s != StatusPublished }
