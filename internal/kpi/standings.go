package kpi

import (
	"cmp"
	"math"
	"slices"
	"strconv"
)

// Flags and reasons that explain an entry.
const (
	// FlagZeroBaseline marks a ranked entry with no percent score because
	// its baseline is zero (or negative, or so near zero that the percent
	// is beyond float64); it ranks after every scored entry.
	FlagZeroBaseline = "zero_baseline"
	// FlagLogUndefined marks a ranked entry with no log-ratio score because
	// B+k or P+k is not positive (or their ratio is beyond float64); it
	// ranks after every scored entry.
	FlagLogUndefined = "log_undefined"

	ReasonControl    = "control"     // a control unit: never ranked
	ReasonNoBaseline = "no_baseline" // no measurement in the baseline window
	ReasonNoPeriod   = "no_period"   // no measurement in the competition window
	ReasonNoData     = "no_data"     // no measurement in either window
)

// Result is a competition's overall leaderboard and one per size group, in
// the order the groups first appear among the participants.
type Result struct {
	Overall Leaderboard   `json:"overall"`
	Groups  []Leaderboard `json:"groups"`
}

// Leaderboard ranks the competitors of a competition, or of one size group.
type Leaderboard struct {
	Competition  string     `json:"competition"` // the code
	Name         string     `json:"name,omitempty"`
	Group        string     `json:"group,omitempty"` // empty on the overall board
	Method       Method     `json:"method"`
	K            *float64   `json:"k,omitempty"` // the offset used, for the log-ratio method
	Participants []Entry    `json:"participants"`
	Unranked     []Unranked `json:"unranked,omitempty"`
	Summary      Summary    `json:"summary"`
}

// Entry is one ranked competitor.
type Entry struct {
	Participant string   `json:"participant"`
	Name        string   `json:"name,omitempty"`
	Rank        int      `json:"rank"`     // 1-based, no shared places
	Baseline    float64  `json:"baseline"` // B: mean per day with data in the baseline window
	Period      float64  `json:"period"`   // P: the same in the competition window
	Change      float64  `json:"change"`   // P−B
	Percent     *float64 `json:"percent"`  // 100·(P−B)/B; nil when B ≤ 0
	Score       *float64 `json:"score"`    // what the rank is by; nil when undefined (see Flag)
	Group       string   `json:"group"`
	Flag        string   `json:"flag,omitempty"` // FlagZeroBaseline or FlagLogUndefined
}

// Unranked is a participant left off the ranking: a control unit, or a
// competitor missing data in a window.
type Unranked struct {
	Participant string   `json:"participant"`
	Name        string   `json:"name,omitempty"`
	Group       string   `json:"group"`
	Baseline    *float64 `json:"baseline"`
	Period      *float64 `json:"period"`
	Reason      string   `json:"reason"` // one of the Reason constants
}

// Summary totals a leaderboard. The sums are of per-participant means, over
// the ranked competitors only (and over controls with data in both windows
// for the control figures), so ΣB and ΣP always cover the same units.
type Summary struct {
	Participants int      `json:"participants"`
	Baseline     float64  `json:"baseline"` // ΣB
	Period       float64  `json:"period"`   // ΣP
	Percent      *float64 `json:"percent"`  // 100·(ΣP−ΣB)/ΣB; nil when ΣB ≤ 0
	// ControlPercent is the same percent for the controls; nil without any.
	ControlPercent *float64 `json:"control_percent"`
	// DiD is the difference in differences, Percent − ControlPercent in
	// percentage points: the growth the competition adds over what
	// comparable units did anyway. Nil when either side is nil (or the
	// difference is beyond float64).
	DiD             *float64 `json:"did"`
	Controls        int      `json:"controls"`
	ControlBaseline float64  `json:"control_baseline"`
	ControlPeriod   float64  `json:"control_period"`
}

// means is a participant's B and P; ok is false for a window without data.
type means struct {
	b, p     float64
	bOK, pOK bool
}

// Compute ranks the participants of c from their measurements. It returns
// an error when c fails Validate (a *km.ValidationError) or when the
// measurements fail ValidateMeasurements (a *MeasurementsError).
func Compute(c Competition, ms []Measurement) (Result, error) {
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	if errs := c.validateMeasurements(ms, nil, false); len(errs) > 0 {
		return Result{}, &MeasurementsError{Lines: errs}
	}
	type acc struct {
		bSum, pSum float64
		bN, pN     int
	}
	accs := make(map[string]*acc, len(c.Participants))
	for _, p := range c.Participants {
		accs[p.Code] = &acc{}
	}
	// Validation guarantees one value per participant and day, so the mean
	// of the values in a window is the mean per day with data.
	for _, m := range ms {
		a := accs[m.Participant]
		switch {
		case c.Baseline.Contains(m.Date):
			a.bSum += m.Value
			a.bN++
		case c.Period.Contains(m.Date):
			a.pSum += m.Value
			a.pN++
		}
	}
	stats := make(map[string]means, len(accs))
	for code, a := range accs {
		var s means
		if a.bN > 0 {
			s.b, s.bOK = a.bSum/float64(a.bN), true
		}
		if a.pN > 0 {
			s.p, s.pOK = a.pSum/float64(a.pN), true
		}
		stats[code] = s
	}

	var k float64
	if c.Method == LogRatio {
		if c.K != nil {
			k = *c.K
		} else {
			var bs []float64
			for _, p := range c.Participants {
				if s := stats[p.Code]; !p.Control && s.bOK {
					bs = append(bs, s.b)
				}
			}
			k = Median(bs)
		}
	}

	res := Result{Overall: board(c, c.Participants, stats, k, ""), Groups: []Leaderboard{}}
	var groups []string
	for _, p := range c.Participants {
		if p.Group != "" && !slices.Contains(groups, p.Group) {
			groups = append(groups, p.Group)
		}
	}
	for _, g := range groups {
		var ps []Participant
		for _, p := range c.Participants {
			if p.Group == g {
				ps = append(ps, p)
			}
		}
		res.Groups = append(res.Groups, board(c, ps, stats, k, g))
	}
	return res, nil
}

// Median is the middle of xs, or the mean of the two middle values for an
// even count; 0 for none. xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// board ranks ps, a subset of c's participants.
func board(c Competition, ps []Participant, stats map[string]means, k float64, group string) Leaderboard {
	lb := Leaderboard{Competition: c.Code, Name: c.Name, Group: group, Method: c.Method, Participants: []Entry{}}
	if c.Method == LogRatio {
		lb.K = &k
	}
	var ctrlB, ctrlP float64
	for _, p := range ps {
		s := stats[p.Code]
		if p.Control || !s.bOK || !s.pOK {
			u := Unranked{Participant: p.Code, Name: p.Name, Group: p.Group}
			if s.bOK {
				u.Baseline = ptr(s.b)
			}
			if s.pOK {
				u.Period = ptr(s.p)
			}
			switch {
			case p.Control:
				u.Reason = ReasonControl
				if s.bOK && s.pOK {
					lb.Summary.Controls++
					ctrlB += s.b
					ctrlP += s.p
				}
			case !s.bOK && !s.pOK:
				u.Reason = ReasonNoData
			case !s.bOK:
				u.Reason = ReasonNoBaseline
			default:
				u.Reason = ReasonNoPeriod
			}
			lb.Unranked = append(lb.Unranked, u)
			continue
		}
		e := Entry{
			Participant: p.Code,
			Name:        p.Name,
			Baseline:    s.b,
			Period:      s.p,
			Change:      s.p - s.b,
			Percent:     percent(s.b, s.p),
			Group:       p.Group,
		}
		switch c.Method {
		case Percent:
			e.Score = e.Percent
			if e.Score == nil {
				e.Flag = FlagZeroBaseline
			}
		case Absolute:
			e.Score = ptr(e.Change)
		case LogRatio:
			if s.b+k > 0 && s.p+k > 0 {
				e.Score = finite(math.Log((s.p + k) / (s.b + k)))
			}
			if e.Score == nil {
				e.Flag = FlagLogUndefined
			}
		}
		lb.Participants = append(lb.Participants, e)
		lb.Summary.Participants++
		lb.Summary.Baseline += s.b
		lb.Summary.Period += s.p
	}
	slices.SortFunc(lb.Participants, func(a, b Entry) int { return compareEntries(a, b, c.Metric.HigherIsBetter) })
	for i := range lb.Participants {
		lb.Participants[i].Rank = i + 1
	}

	sum := &lb.Summary
	sum.Percent = percent(sum.Baseline, sum.Period)
	if sum.Controls > 0 {
		sum.ControlBaseline, sum.ControlPeriod = ctrlB, ctrlP
		sum.ControlPercent = percent(ctrlB, ctrlP)
	}
	if sum.Percent != nil && sum.ControlPercent != nil {
		sum.DiD = finite(*sum.Percent - *sum.ControlPercent)
	}
	return lb
}

// compareEntries orders a before b when a ranks higher: a score before
// none, the better score, the better absolute change, the smaller code.
func compareEntries(a, b Entry, higherIsBetter bool) int {
	better := func(x, y float64) int { // negative when x is better than y
		x, y = roundKey(x), roundKey(y)
		if higherIsBetter {
			return cmp.Compare(y, x)
		}
		return cmp.Compare(x, y)
	}
	switch {
	case a.Score != nil && b.Score == nil:
		return -1
	case a.Score == nil && b.Score != nil:
		return 1
	case a.Score != nil && b.Score != nil:
		if r := better(*a.Score, *b.Score); r != 0 {
			return r
		}
	}
	if r := better(a.Change, b.Change); r != 0 {
		return r
	}
	return cmp.Compare(a.Participant, b.Participant)
}

// roundKey rounds x to 12 significant digits, so that sums of the same
// numbers taken in a different order compare equal.
func roundKey(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return r
}

// percent is 100·(p−b)/b, or nil when b ≤ 0 or so near 0 that the
// percent is beyond float64.
func percent(b, p float64) *float64 {
	if b <= 0 {
		return nil
	}
	return finite(100 * (p - b) / b)
}

func ptr(x float64) *float64 { return &x }

// finite is &x, or nil when x is infinite or NaN: a score that cannot be
// written as a number is an undefined one.
func finite(x float64) *float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return nil
	}
	return &x
}
