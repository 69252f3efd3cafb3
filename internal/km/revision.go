package km

import (
	"fmt"
	"strings"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Revision is the state of a practice after one save. Every save makes one,
// so any two can be compared.
type Revision struct {
	PracticeID int64
	Version    int
	Content    Content
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	Note       string // what the save was: created, updated, a transition
}

// Content is the part of a practice that revisions record.
type Content struct {
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Problem     string   `json:"problem"`
	Actions     string   `json:"actions"`
	Results     string   `json:"results"`
	Lessons     string   `json:"lessons"`
	Replication string   `json:"replication"`
	Body        string   `json:"body"`
	Kind        Kind     `json:"kind"`
	Affair      string   `json:"affair"`
	Tags        []string `json:"tags"`
	Year        int      `json:"year"`
	Authors     []string `json:"authors"`
	Access      Access   `json:"access"`
	Status      Status   `json:"status"`
	OrgID       int64    `json:"org_id"`
	Metrics     []Metric `json:"metrics"`
	Verifier    string   `json:"verifier"`
	ReviewBy    string   `json:"review_by"`
	StatusNote  string   `json:"status_note"`
}

// Content returns the recorded part of p.
func (p *Practice) Content() Content {
	return Content{
		Title: p.Title, Summary: p.Summary, Problem: p.Problem, Actions: p.Actions,
		Results: p.Results, Lessons: p.Lessons, Replication: p.Replication, Body: p.Body,
		Kind: p.Kind, Affair: p.Affair, Tags: p.Tags, Year: p.Year, Authors: p.Authors,
		Access: p.Access, Status: p.Status, OrgID: p.OrgID, Metrics: p.Metrics,
		Verifier: p.Verifier, ReviewBy: p.ReviewBy, StatusNote: p.StatusNote,
	}
}

// DiffOp is one run of text in a diff.
type DiffOp struct {
	Op   string // "=", "+" or "-"
	Text string
}

// FieldDiff is how one field changed between two revisions.
type FieldDiff struct {
	Field string
	Ops   []DiffOp
}

// Diff compares two revisions field by field and returns only the fields
// that differ, in a fixed order. Long text is compared by lines first and
// then cleaned up semantically, so a changed paragraph reads as one change.
func Diff(a, b Content) []FieldDiff {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = time.Second
	var out []FieldDiff
	for _, f := range contentFields(a, b) {
		if f.a == f.b {
			continue
		}
		ra, rb, lines := dmp.DiffLinesToRunes(f.a, f.b)
		d := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)
		d = dmp.DiffCleanupSemantic(d)
		fd := FieldDiff{Field: f.name}
		for _, x := range d {
			if x.Text == "" {
				continue
			}
			op := "="
			switch x.Type {
			case diffmatchpatch.DiffInsert:
				op = "+"
			case diffmatchpatch.DiffDelete:
				op = "-"
			}
			fd.Ops = append(fd.Ops, DiffOp{Op: op, Text: x.Text})
		}
		out = append(out, fd)
	}
	return out
}

type fieldPair struct{ name, a, b string }

func contentFields(a, b Content) []fieldPair {
	metrics := func(c Content) string {
		var s strings.Builder
		for _, m := range c.Metrics {
			fmt.Fprintf(&s, "%s (%s): %g [%s] → %g [%s]; %s; %s; verified=%t\n",
				m.Indicator, m.Unit, m.Baseline, m.BaselineDate, m.Value, m.ValueDate, m.Scope, m.Source, m.Verified)
		}
		return s.String()
	}
	year := func(y int) string {
		if y == 0 {
			return ""
		}
		return fmt.Sprint(y)
	}
	return []fieldPair{
		{"title", a.Title, b.Title},
		{"kind", string(a.Kind), string(b.Kind)},
		{"status", string(a.Status), string(b.Status)},
		{"access", string(a.Access), string(b.Access)},
		{"org", fmt.Sprint(a.OrgID), fmt.Sprint(b.OrgID)},
		{"affair", a.Affair, b.Affair},
		{"year", year(a.Year), year(b.Year)},
		{"tags", strings.Join(a.Tags, ", "), strings.Join(b.Tags, ", ")},
		{"authors", strings.Join(a.Authors, ", "), strings.Join(b.Authors, ", ")},
		{"summary", a.Summary, b.Summary},
		{"problem", a.Problem, b.Problem},
		{"actions", a.Actions, b.Actions},
		{"results", a.Results, b.Results},
		{"lessons", a.Lessons, b.Lessons},
		{"replication", a.Replication, b.Replication},
		{"body", a.Body, b.Body},
		{"metrics", metrics(a), metrics(b)},
		{"verifier", a.Verifier, b.Verifier},
		{"review_by", a.ReviewBy, b.ReviewBy},
		{"status_note", a.StatusNote, b.StatusNote},
	}
}
