package kpi

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// gap marks a day without a measurement in series.
var gap = math.NaN()

func day(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func window(tb testing.TB, from, to string) Window {
	tb.Helper()
	return Window{From: day(tb, from), To: day(tb, to)}
}

// series gives participant code one value a day from the date from on,
// skipping gap values.
func series(tb testing.TB, code, from string, values ...float64) []Measurement {
	tb.Helper()
	var ms []Measurement
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		ms = append(ms, Measurement{Participant: code, Date: day(tb, from).AddDate(0, 0, i), Value: v})
	}
	return ms
}

// baseComp is a competition with a 10-day baseline in January and a 5-day
// competition window in February.
func baseComp(tb testing.TB, method Method, ps ...Participant) Competition {
	tb.Helper()
	return Competition{
		Code:         "qris2024",
		Name:         "Lomba QRIS Pasar 2024",
		Noun:         "pasar",
		Metric:       Metric{Code: "trx", Name: "Transaksi digital", Unit: "transaksi", HigherIsBetter: true},
		Baseline:     window(tb, "2024-01-01", "2024-01-10"),
		Period:       window(tb, "2024-02-01", "2024-02-05"),
		Participants: ps,
		Method:       method,
	}
}

// flat gives code the value b on every baseline day and p on every
// competition day of baseComp.
func flat(tb testing.TB, code string, b, p float64) []Measurement {
	tb.Helper()
	return append(series(tb, code, "2024-01-01", repeat(b, 10)...), series(tb, code, "2024-02-01", repeat(p, 5)...)...)
}

func repeat(v float64, n int) []float64 {
	vs := make([]float64, n)
	for i := range vs {
		vs[i] = v
	}
	return vs
}

func competitors(codes ...string) []Participant {
	ps := make([]Participant, len(codes))
	for i, c := range codes {
		ps[i] = Participant{Code: c, Name: "Pasar " + c}
	}
	return ps
}

func mustCompute(tb testing.TB, c Competition, ms []Measurement) Result {
	tb.Helper()
	res, err := Compute(c, ms)
	if err != nil {
		tb.Fatalf("Compute: %v", err)
	}
	return res
}

// order lists the ranked codes, best first.
func order(lb Leaderboard) string {
	codes := make([]string, len(lb.Participants))
	for i, e := range lb.Participants {
		codes[i] = e.Participant
	}
	return strings.Join(codes, ",")
}

func entry(tb testing.TB, lb Leaderboard, code string) Entry {
	tb.Helper()
	for _, e := range lb.Participants {
		if e.Participant == code {
			return e
		}
	}
	tb.Fatalf("participant %s not ranked", code)
	return Entry{}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

// fstr prints a nullable number for messages.
func fstr(x *float64) string {
	if x == nil {
		return "null"
	}
	return fmt.Sprint(*x)
}
