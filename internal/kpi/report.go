package kpi

// Report is a leaderboard as the command line and the API print it: the
// fields the issue names and no others, in its order. Numbers keep full
// float64 precision; encoding/json writes the shortest text that reads
// back to the same value.
type Report struct {
	Competition  string        `json:"competition"`
	Method       Method        `json:"method"`
	Participants []ReportEntry `json:"participants"`
	Summary      ReportSummary `json:"summary"`
}

// ReportEntry is one ranked participant of a Report.
type ReportEntry struct {
	Participant string   `json:"participant"`
	Rank        int      `json:"rank"`
	Baseline    float64  `json:"baseline"`
	Period      float64  `json:"period"`
	Change      float64  `json:"change"`
	Percent     *float64 `json:"percent"`
	Score       *float64 `json:"score"`
	Group       string   `json:"group"`
}

// ReportSummary is the summary of a Report.
type ReportSummary struct {
	Participants   int      `json:"participants"`
	Baseline       float64  `json:"baseline"`
	Period         float64  `json:"period"`
	Percent        *float64 `json:"percent"`
	ControlPercent *float64 `json:"control_percent"`
	DiD            *float64 `json:"did"`
}

// Report projects lb onto the output shape.
func (lb Leaderboard) Report() Report {
	r := Report{Competition: lb.Competition, Method: lb.Method, Participants: make([]ReportEntry, len(lb.Participants))}
	for i, e := range lb.Participants {
		r.Participants[i] = ReportEntry{Participant: e.Participant, Rank: e.Rank, Baseline: e.Baseline, Period: e.Period,
			Change: e.Change, Percent: e.Percent, Score: e.Score, Group: e.Group}
	}
	s := lb.Summary
	r.Summary = ReportSummary{Participants: s.Participants, Baseline: s.Baseline, Period: s.Period, Percent: s.Percent,
		ControlPercent: s.ControlPercent, DiD: s.DiD}
	return r
}

// Board returns the overall leaderboard when group is empty, else the
// board of that size group; ok is false for a group nobody is in.
func (r Result) Board(group string) (Leaderboard, bool) {
	if group == "" {
		return r.Overall, true
	}
	for _, g := range r.Groups {
		if g.Group == group {
			return g, true
		}
	}
	return Leaderboard{}, false
}
