package kpi

import (
	"math"
	"time"

	"lumbung/internal/km"
)

// Metric is what a competition measures, such as the number of digital
// transactions a market records per day.
type Metric struct {
	Code string
	Name string // Indonesian, as it should read in a sentence: "transaksi digital"
	Unit string // "transaksi", "kg", "Rp"
	// HigherIsBetter is false for metrics where a drop is the goal (waiting
	// time, waste); scores and tie-breaks are then reversed.
	HigherIsBetter bool
	// AllowNegative admits values below zero. The zero value rejects them,
	// which is right for the counts and amounts most competitions measure.
	AllowNegative bool
}

// Participant is a unit taking part in a competition, or a comparable unit
// that did not compete and serves as a control.
type Participant struct {
	Code    string
	Name    string
	Org     string // organisation code in km, when the unit is one
	Group   string // size group such as "pasar besar"; empty for none
	Control bool
}

// Window is an inclusive range of calendar days. Only the date part of From
// and To counts, in the location they carry.
type Window struct {
	From, To time.Time
}

// Contains reports whether day t falls inside w, bounds included.
func (w Window) Contains(t time.Time) bool {
	d := dayNumber(t)
	return d >= dayNumber(w.From) && d <= dayNumber(w.To)
}

// Days is the number of calendar days in w.
func (w Window) Days() int {
	return int(dayNumber(w.To)-dayNumber(w.From)) + 1
}

// dayNumber counts days since 1970-01-01 for t's calendar date, so that
// comparisons ignore the time of day and the zone offset.
func dayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Method is how a participant's change from baseline to competition is
// turned into the score it is ranked by.
type Method string

// The ranking methods.
const (
	// Percent scores 100·(P−B)/B: fair between large and small units, but
	// undefined when B is zero.
	Percent Method = "percent"
	// Absolute scores P−B, in the metric's unit.
	Absolute Method = "absolute"
	// LogRatio scores ln((P+k)/(B+k)). The offset k damps the huge ratios
	// that tiny baselines produce.
	LogRatio Method = "logratio"
)

// Valid reports whether m is a known method.
func (m Method) Valid() bool {
	return m == Percent || m == Absolute || m == LogRatio
}

// Competition is everything the arithmetic needs to know about a KPI
// competition.
type Competition struct {
	Code string
	Name string
	// Noun is what one participant is called in a sentence ("pasar",
	// "kantor kelurahan"); "peserta" when empty.
	Noun         string
	Metric       Metric
	Baseline     Window
	Period       Window // the competition window
	Participants []Participant
	Method       Method
	// K is the log-ratio offset; nil means the median baseline of the
	// competitors (see package doc).
	K *float64
}

// Validate checks the competition's own settings. Problems are reported in
// a *km.ValidationError keyed by field, with message keys "required",
// "invalid", "duplicate_code" (two participants with one code),
// "window_reversed" (a window ending before it starts) and "window_overlap"
// (a day in both windows would count twice).
func (c Competition) Validate() error {
	var v km.ValidationError
	if c.Code == "" {
		v.Add("code", "required")
	}
	if c.Metric.Code == "" {
		v.Add("metric.code", "required")
	}
	if c.Metric.Name == "" {
		v.Add("metric.name", "required")
	}
	windowsOK := true
	for _, w := range []struct {
		field string
		w     Window
	}{{"baseline", c.Baseline}, {"period", c.Period}} {
		switch {
		case w.w.From.IsZero() || w.w.To.IsZero():
			v.Add(w.field, "required")
			windowsOK = false
		case dayNumber(w.w.To) < dayNumber(w.w.From):
			v.Add(w.field, "window_reversed")
			windowsOK = false
		}
	}
	if windowsOK && (c.Baseline.Contains(c.Period.From) || c.Period.Contains(c.Baseline.From)) {
		v.Add("period", "window_overlap")
	}
	if !c.Method.Valid() {
		v.Add("method", "invalid")
	}
	if c.K != nil && (math.IsNaN(*c.K) || math.IsInf(*c.K, 0) || *c.K < 0) {
		v.Add("k", "invalid")
	}
	if len(c.Participants) == 0 {
		v.Add("participants", "required")
	}
	seen := make(map[string]bool, len(c.Participants))
	for _, p := range c.Participants {
		if p.Code == "" {
			v.Add("participants", "required")
		} else if seen[p.Code] {
			v.Add("participants", "duplicate_code")
		}
		seen[p.Code] = true
	}
	return v.Err()
}

// participant returns the participant with code code.
func (c Competition) participant(code string) (Participant, bool) {
	for _, p := range c.Participants {
		if p.Code == code {
			return p, true
		}
	}
	return Participant{}, false
}

// noun is c.Noun or the generic word for a participant.
func (c Competition) noun() string {
	if c.Noun != "" {
		return c.Noun
	}
	return "peserta"
}
