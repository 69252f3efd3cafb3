package api

import (
	"strconv"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/km"
	"lumbung/internal/store"
)

// orgJSON is an organisation as the API shows it.
type orgJSON struct {
	ID        int64   `json:"id"`
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Short     string  `json:"short,omitempty"`
	Kind      string  `json:"kind"`
	Parent    *string `json:"parent"`
	Headcount int     `json:"headcount"`
	Demo      bool    `json:"demo"`
}

// metricJSON adds the computed change to a metric.
type metricJSON struct {
	km.Metric
	Change  float64  `json:"change"`
	Percent *float64 `json:"percent"`
}

// practiceJSON is a practice as the API shows it.
type practiceJSON struct {
	ID               int64        `json:"id"`
	ExternalID       string       `json:"external_id,omitempty"`
	Org              orgRef       `json:"org"`
	Kind             km.Kind      `json:"kind"`
	Title            string       `json:"title"`
	Summary          string       `json:"summary"`
	Problem          string       `json:"problem"`
	Actions          string       `json:"actions"`
	Results          string       `json:"results"`
	Lessons          string       `json:"lessons"`
	Replication      string       `json:"replication"`
	Body             string       `json:"body"`
	Affair           string       `json:"affair"`
	Tags             []string     `json:"tags"`
	Year             int          `json:"year,omitempty"`
	Authors          []string     `json:"authors"`
	Access           km.Access    `json:"access"`
	Status           km.Status    `json:"status"`
	Metrics          []metricJSON `json:"metrics"`
	Verifier         string       `json:"verifier,omitempty"`
	ReviewBy         string       `json:"review_by,omitempty"`
	StatusNote       string       `json:"status_note,omitempty"`
	Version          int          `json:"version"`
	CreatedBy        string       `json:"created_by,omitempty"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
	PublishedAt      *time.Time   `json:"published_at"`
	Demo             bool         `json:"demo"`
	AvailableActions []km.Action  `json:"available_actions"`
	URL              string       `json:"url"`
}

type orgRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

func toPracticeJSON(p km.Practice, a app.Actor) practiceJSON {
	ms := make([]metricJSON, len(p.Metrics))
	for i, m := range p.Metrics {
		ms[i] = metricJSON{Metric: m, Change: m.Change()}
		if pct, ok := m.Percent(); ok {
			ms[i].Percent = &pct
		}
	}
	tags, authors := p.Tags, p.Authors
	if tags == nil {
		tags = []string{}
	}
	if authors == nil {
		authors = []string{}
	}
	return practiceJSON{
		ID: p.ID, ExternalID: p.ExternalID, Org: orgRef{p.OrgID, p.OrgCode, p.OrgName}, Kind: p.Kind, Title: p.Title,
		Summary: p.Summary, Problem: p.Problem, Actions: p.Actions, Results: p.Results, Lessons: p.Lessons,
		Replication: p.Replication, Body: p.Body, Affair: p.Affair, Tags: tags, Year: p.Year, Authors: authors,
		Access: p.Access, Status: p.Status, Metrics: ms, Verifier: p.Verifier, ReviewBy: p.ReviewBy,
		StatusNote: p.StatusNote, Version: p.Version, CreatedBy: p.CreatorName, CreatedAt: p.CreatedAt,
		UpdatedAt: p.UpdatedAt, PublishedAt: p.PublishedAt, Demo: p.Demo, AvailableActions: nonNil(km.AvailableActions(a.User, &p)),
		URL: "/practices/" + itoa(p.ID),
	}
}

// practiceInput is the body of a create or update.
type practiceInput struct {
	Org         string      `json:"org"`
	Kind        km.Kind     `json:"kind"`
	Title       string      `json:"title"`
	Summary     string      `json:"summary"`
	Problem     string      `json:"problem"`
	Actions     string      `json:"actions"`
	Results     string      `json:"results"`
	Lessons     string      `json:"lessons"`
	Replication string      `json:"replication"`
	Body        string      `json:"body"`
	Affair      string      `json:"affair"`
	Tags        []string    `json:"tags"`
	Year        int         `json:"year"`
	Authors     []string    `json:"authors"`
	Access      km.Access   `json:"access"`
	Status      km.Status   `json:"status"` // create only: draft, in_review, or published for coordinators
	Metrics     []km.Metric `json:"metrics"`
	Verifier    string      `json:"verifier"`
	ReviewBy    string      `json:"review_by"`
	Version     int         `json:"version"` // update only: the version being edited
	ExternalID  string      `json:"external_id"`
}

func (in practiceInput) toApp() app.PracticeInput {
	return app.PracticeInput{OrgCode: in.Org, Practice: km.Practice{
		Kind: in.Kind, Title: in.Title, Summary: in.Summary, Problem: in.Problem, Actions: in.Actions,
		Results: in.Results, Lessons: in.Lessons, Replication: in.Replication, Body: in.Body, Affair: in.Affair,
		Tags: in.Tags, Year: in.Year, Authors: in.Authors, Access: in.Access, Status: in.Status, Metrics: in.Metrics,
		Verifier: in.Verifier, ReviewBy: in.ReviewBy, Version: in.Version, ExternalID: in.ExternalID,
	}}
}

type attachmentJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	MIME      string    `json:"mime"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	URL       string    `json:"url"`
}

func toAttachmentJSON(a store.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, MIME: a.MIME, Size: a.Size, SHA256: a.SHA256, CreatedAt: a.CreatedAt,
		URL: "/api/v1/attachments/" + itoa(a.ID)}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
