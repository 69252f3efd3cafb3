package kpi

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"lumbung/internal/km"
)

func TestMethods(t *testing.T) {
	k0, k10 := 0.0, 10.0
	tests := []struct {
		name   string
		method Method
		k      *float64
		b, p   float64
		want   float64
	}{
		{"percent growth", Percent, nil, 10, 15, 50},
		{"percent drop", Percent, nil, 20, 15, -25},
		{"absolute growth", Absolute, nil, 10, 15, 5},
		{"absolute drop", Absolute, nil, 20, 15, -5},
		{"log ratio k=0", LogRatio, &k0, 10, 15, math.Log(1.5)},
		{"log ratio k=10", LogRatio, &k10, 10, 15, math.Log(25.0 / 20)},
		// one competitor: the default k is its own B
		{"log ratio default k", LogRatio, nil, 10, 15, math.Log(25.0 / 20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, tt.method, competitors("A")...)
			c.K = tt.k
			lb := mustCompute(t, c, flat(t, "A", tt.b, tt.p)).Overall
			e := entry(t, lb, "A")
			if e.Score == nil || !near(*e.Score, tt.want) {
				t.Errorf("score: got %s, want %v", fstr(e.Score), tt.want)
			}
			if e.Change != tt.p-tt.b {
				t.Errorf("change: got %v, want %v", e.Change, tt.p-tt.b)
			}
			wantPct := 100 * (tt.p - tt.b) / tt.b
			if e.Percent == nil || !near(*e.Percent, wantPct) {
				t.Errorf("percent: got %s, want %v", fstr(e.Percent), wantPct)
			}
			if e.Rank != 1 {
				t.Errorf("rank: got %d, want 1", e.Rank)
			}
		})
	}
}

func TestMethodsRankDifferently(t *testing.T) {
	// A small market that doubles against a big one that grows by a third.
	ms := append(flat(t, "KECIL", 10, 20), flat(t, "BESAR", 300, 400)...)
	tests := []struct {
		method Method
		want   string
	}{
		{Percent, "KECIL,BESAR"},
		{Absolute, "BESAR,KECIL"},
		// k = median B = 155: ln(175/165) < ln(555/455)
		{LogRatio, "BESAR,KECIL"},
	}
	for _, tt := range tests {
		c := baseComp(t, tt.method, competitors("KECIL", "BESAR")...)
		if got := order(mustCompute(t, c, ms).Overall); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.method, got, tt.want)
		}
	}
}

func TestZeroBaseline(t *testing.T) {
	ms := slices.Concat(flat(t, "A", 10, 12), flat(t, "NOL", 0, 50), flat(t, "B", 10, 8))
	tests := []struct {
		method    Method
		wantOrder string
		wantFlag  string
		wantScore *float64
	}{
		// no percent for a zero baseline: last, however large its growth
		{Percent, "A,B,NOL", FlagZeroBaseline, nil},
		{Absolute, "NOL,A,B", "", ptr(50)},
		// k = median(10, 0, 10) = 10
		{LogRatio, "NOL,A,B", "", ptr(math.Log(60.0 / 10))},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			c := baseComp(t, tt.method, competitors("A", "NOL", "B")...)
			lb := mustCompute(t, c, ms).Overall
			if got := order(lb); got != tt.wantOrder {
				t.Errorf("order: got %s, want %s", got, tt.wantOrder)
			}
			e := entry(t, lb, "NOL")
			if e.Percent != nil {
				t.Errorf("percent: got %s, want null", fstr(e.Percent))
			}
			if e.Flag != tt.wantFlag {
				t.Errorf("flag: got %q, want %q", e.Flag, tt.wantFlag)
			}
			if (e.Score == nil) != (tt.wantScore == nil) || e.Score != nil && !near(*e.Score, *tt.wantScore) {
				t.Errorf("score: got %s, want %s", fstr(e.Score), fstr(tt.wantScore))
			}
			// still counted in the summary: ΣB = 20, ΣP = 70
			if lb.Summary.Participants != 3 || lb.Summary.Baseline != 20 || lb.Summary.Period != 70 {
				t.Errorf("summary: got %d, %v, %v, want 3, 20, 70",
					lb.Summary.Participants, lb.Summary.Baseline, lb.Summary.Period)
			}
		})
	}
}

func TestLogRatioUndefined(t *testing.T) {
	c := baseComp(t, LogRatio, competitors("A", "NOL")...)
	c.K = ptr(0)
	lb := mustCompute(t, c, append(flat(t, "A", 10, 5), flat(t, "NOL", 0, 50)...)).Overall
	if got, want := order(lb), "A,NOL"; got != want {
		t.Errorf("order: got %s, want %s", got, want)
	}
	if e := entry(t, lb, "NOL"); e.Score != nil || e.Flag != FlagLogUndefined {
		t.Errorf("NOL: got score %s flag %q, want null %q", fstr(e.Score), e.Flag, FlagLogUndefined)
	}
}

// TestScoresStayFinite: a baseline a hair above zero makes the percent
// and the log ratio overflow; they are undefined, not infinite (JSON has
// no Infinity), and so is a difference in differences built on them.
func TestScoresStayFinite(t *testing.T) {
	for _, method := range []Method{Percent, LogRatio} {
		t.Run(string(method), func(t *testing.T) {
			c := baseComp(t, method, append(competitors("A", "EPS"), Participant{Code: "K", Name: "Pasar K", Control: true})...)
			c.K = ptr(0)
			ms := slices.Concat(flat(t, "A", 10, 12), flat(t, "EPS", 5e-324, MaxValue), flat(t, "K", 5e-324, 1))
			res := mustCompute(t, c, ms)
			if b, err := json.Marshal(res); err != nil {
				t.Fatalf("result does not encode: %v", err)
			} else if strings.Contains(string(b), "Inf") || strings.Contains(string(b), "NaN") {
				t.Errorf("result holds a non-finite number: %s", b)
			}
			lb := res.Overall
			if got, want := order(lb), "A,EPS"; got != want {
				t.Errorf("order: got %s, want %s", got, want)
			}
			if e := entry(t, lb, "EPS"); e.Score != nil || e.Percent != nil || e.Flag == "" {
				t.Errorf("EPS: got score %s percent %s flag %q, want null, null and a flag", fstr(e.Score), fstr(e.Percent), e.Flag)
			}
			if lb.Summary.ControlPercent != nil || lb.Summary.DiD != nil {
				t.Errorf("control percent %s, DiD %s: want null", fstr(lb.Summary.ControlPercent), fstr(lb.Summary.DiD))
			}
		})
	}
}

func TestMeanOverDaysWithData(t *testing.T) {
	tests := []struct {
		name         string
		ms           []Measurement
		wantB, wantP float64
	}{
		{
			name:  "every day",
			ms:    flat(t, "A", 10, 20),
			wantB: 10, wantP: 20,
		},
		{
			// two baseline days out of ten: the mean is 15, not 45/10
			name: "missing days do not count as zero",
			ms: slices.Concat(
				series(t, "A", "2024-01-01", 10, gap, gap, gap, gap, gap, gap, gap, gap, 20),
				series(t, "A", "2024-02-01", gap, 30, gap, gap, 60)),
			wantB: 15, wantP: 45,
		},
		{
			name: "days outside both windows are ignored",
			ms: slices.Concat(flat(t, "A", 10, 20),
				series(t, "A", "2023-12-31", 1000),  // the day before the baseline
				series(t, "A", "2024-01-11", 1000),  // between the windows
				series(t, "A", "2024-02-06", 1000)), // the day after
			wantB: 10, wantP: 20,
		},
		{
			name: "bounds are inclusive",
			ms: slices.Concat(series(t, "A", "2024-01-01", 4), series(t, "A", "2024-01-10", 8),
				series(t, "A", "2024-02-01", 9), series(t, "A", "2024-02-05", 3)),
			wantB: 6, wantP: 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb := mustCompute(t, baseComp(t, Absolute, competitors("A")...), tt.ms).Overall
			e := entry(t, lb, "A")
			if e.Baseline != tt.wantB || e.Period != tt.wantP {
				t.Errorf("got B=%v P=%v, want B=%v P=%v", e.Baseline, e.Period, tt.wantB, tt.wantP)
			}
		})
	}
}

func TestUnequalWindows(t *testing.T) {
	// 31 baseline days against 7 competition days: the means compare, the
	// totals (310 and 84) would not.
	c := baseComp(t, Percent, competitors("A")...)
	c.Baseline = window(t, "2024-01-01", "2024-01-31")
	c.Period = window(t, "2024-03-01", "2024-03-07")
	ms := append(series(t, "A", "2024-01-01", repeat(10, 31)...), series(t, "A", "2024-03-01", repeat(12, 7)...)...)
	e := entry(t, mustCompute(t, c, ms).Overall, "A")
	if e.Baseline != 10 || e.Period != 12 || e.Percent == nil || !near(*e.Percent, 20) {
		t.Errorf("got B=%v P=%v percent=%s, want 10, 12, 20", e.Baseline, e.Period, fstr(e.Percent))
	}
}

func TestLowerIsBetter(t *testing.T) {
	// waiting time in minutes: the biggest drop wins
	ms := slices.Concat(flat(t, "NAIK", 10, 12), flat(t, "TURUN20", 10, 8), flat(t, "TURUN10", 10, 9),
		flat(t, "BESAR", 100, 85))
	tests := []struct {
		method Method
		want   string
	}{
		{Percent, "TURUN20,BESAR,TURUN10,NAIK"},  // -20%, -15%, -10%, +20%
		{Absolute, "BESAR,TURUN20,TURUN10,NAIK"}, // -15, -2, -1, +2
	}
	for _, tt := range tests {
		c := baseComp(t, tt.method, competitors("NAIK", "TURUN20", "TURUN10", "BESAR")...)
		c.Metric = Metric{Code: "antre", Name: "Waktu antre", Unit: "menit", HigherIsBetter: false}
		if got := order(mustCompute(t, c, ms).Overall); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.method, got, tt.want)
		}
	}
}

func TestTies(t *testing.T) {
	tests := []struct {
		name   string
		higher bool
		ms     []Measurement
		want   string
	}{
		{
			// all +50%: the larger absolute change first, then code
			name:   "higher is better",
			higher: true,
			ms:     slices.Concat(flat(t, "C", 10, 15), flat(t, "A", 10, 15), flat(t, "B", 20, 30)),
			want:   "B,A,C",
		},
		{
			// all -50%: the larger drop first, then code
			name:   "lower is better",
			higher: false,
			ms:     slices.Concat(flat(t, "C", 10, 5), flat(t, "A", 10, 5), flat(t, "B", 20, 10)),
			want:   "B,A,C",
		},
		{
			// A's baseline mean is 0.20000000000000004, so its percent
			// computes as 99.99999999999997 against B's 100: a tie
			// nonetheless, decided by code
			name:   "float noise is a tie",
			higher: true,
			ms: slices.Concat(series(t, "A", "2024-01-01", 0.1, 0.2, 0.3), series(t, "A", "2024-02-01", 0.4),
				series(t, "B", "2024-01-01", 0.2), series(t, "B", "2024-02-01", 0.4)),
			want: "A,B",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, Percent, competitors("A", "B", "C")...)
			c.Metric.HigherIsBetter = tt.higher
			lb := mustCompute(t, c, tt.ms).Overall
			if got := order(lb); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			for i, e := range lb.Participants {
				if e.Rank != i+1 {
					t.Errorf("%s: got rank %d, want %d", e.Participant, e.Rank, i+1)
				}
			}
		})
	}
}

func TestGroups(t *testing.T) {
	ps := []Participant{
		{Code: "B1", Group: "pasar besar"},
		{Code: "K1", Group: "pasar kecil"},
		{Code: "B2", Group: "pasar besar"},
		{Code: "K2", Group: "pasar kecil"},
		{Code: "KC", Group: "pasar kecil", Control: true},
		{Code: "X"}, // no group: overall board only
	}
	ms := slices.Concat(
		flat(t, "B1", 100, 110), // +10%
		flat(t, "B2", 100, 130), // +30%
		flat(t, "K1", 10, 15),   // +50%
		flat(t, "K2", 10, 12),   // +20%
		flat(t, "KC", 10, 11),   // +10%, control
		flat(t, "X", 10, 14),    // +40%
	)
	res := mustCompute(t, baseComp(t, Percent, ps...), ms)
	if got, want := order(res.Overall), "K1,X,B2,K2,B1"; got != want {
		t.Errorf("overall: got %s, want %s", got, want)
	}
	type want struct {
		group, order string
		n            int
		b, p         float64
		pct          float64
		did          *float64
	}
	wants := []want{
		{"pasar besar", "B2,B1", 2, 200, 240, 20, nil},
		{"pasar kecil", "K1,K2", 2, 20, 27, 35, ptr(25)},
	}
	if len(res.Groups) != len(wants) {
		t.Fatalf("groups: got %d, want %d", len(res.Groups), len(wants))
	}
	for i, w := range wants {
		g := res.Groups[i]
		s := g.Summary
		if g.Group != w.group || order(g) != w.order {
			t.Errorf("group %d: got %q %s, want %q %s", i, g.Group, order(g), w.group, w.order)
		}
		if s.Participants != w.n || s.Baseline != w.b || s.Period != w.p || s.Percent == nil || !near(*s.Percent, w.pct) {
			t.Errorf("%s summary: got %d, %v, %v, %s, want %d, %v, %v, %v",
				w.group, s.Participants, s.Baseline, s.Period, fstr(s.Percent), w.n, w.b, w.p, w.pct)
		}
		if (s.DiD == nil) != (w.did == nil) || s.DiD != nil && !near(*s.DiD, *w.did) {
			t.Errorf("%s did: got %s, want %s", w.group, fstr(s.DiD), fstr(w.did))
		}
		for _, e := range g.Participants {
			if e.Group != w.group {
				t.Errorf("%s: entry %s has group %q", w.group, e.Participant, e.Group)
			}
		}
	}
	// ranks are recomputed within the group, scores are not
	if o, g := entry(t, res.Overall, "K2"), entry(t, res.Groups[1], "K2"); o.Rank != 4 || g.Rank != 2 || *o.Score != *g.Score {
		t.Errorf("K2: got overall rank %d, group rank %d, scores %s/%s, want 4, 2, equal",
			o.Rank, g.Rank, fstr(o.Score), fstr(g.Score))
	}
}

func TestControlsAndDiD(t *testing.T) {
	ps := []Participant{{Code: "A"}, {Code: "B"}, {Code: "KA", Control: true}, {Code: "KB", Control: true}}
	tests := []struct {
		name                 string
		ps                   []Participant
		ms                   []Measurement
		wantPct              float64
		wantCtrl, wantDiD    *float64
		wantControls         int
		wantCtrlB, wantCtrlP float64
	}{
		{
			name: "with controls",
			ps:   ps,
			// competitors 30 → 45 (+50%), controls 20 → 22 (+10%)
			ms: slices.Concat(flat(t, "A", 10, 20), flat(t, "B", 20, 25),
				flat(t, "KA", 5, 6), flat(t, "KB", 15, 16)),
			wantPct: 50, wantCtrl: ptr(10), wantDiD: ptr(40),
			wantControls: 2, wantCtrlB: 20, wantCtrlP: 22,
		},
		{
			name: "controls doing better",
			ps:   ps,
			ms: slices.Concat(flat(t, "A", 10, 11), flat(t, "B", 10, 11),
				flat(t, "KA", 10, 13), flat(t, "KB", 10, 13)),
			wantPct: 10, wantCtrl: ptr(30), wantDiD: ptr(-20),
			wantControls: 2, wantCtrlB: 20, wantCtrlP: 26,
		},
		{
			name:    "no controls",
			ps:      ps[:2],
			ms:      slices.Concat(flat(t, "A", 10, 20), flat(t, "B", 20, 25)),
			wantPct: 50,
		},
		{
			name:    "controls without data",
			ps:      ps,
			ms:      slices.Concat(flat(t, "A", 10, 20), flat(t, "B", 20, 25), series(t, "KA", "2024-01-01", 5)),
			wantPct: 50,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lb := mustCompute(t, baseComp(t, Percent, tt.ps...), tt.ms).Overall
			s := lb.Summary
			if got, want := order(lb), "A,B"; got != want {
				t.Errorf("order: got %s, want %s", got, want)
			}
			if s.Participants != 2 || s.Percent == nil || !near(*s.Percent, tt.wantPct) {
				t.Errorf("competitors: got %d, %s, want 2, %v", s.Participants, fstr(s.Percent), tt.wantPct)
			}
			if (s.ControlPercent == nil) != (tt.wantCtrl == nil) || s.ControlPercent != nil && !near(*s.ControlPercent, *tt.wantCtrl) {
				t.Errorf("control percent: got %s, want %s", fstr(s.ControlPercent), fstr(tt.wantCtrl))
			}
			if (s.DiD == nil) != (tt.wantDiD == nil) || s.DiD != nil && !near(*s.DiD, *tt.wantDiD) {
				t.Errorf("did: got %s, want %s", fstr(s.DiD), fstr(tt.wantDiD))
			}
			if s.Controls != tt.wantControls || s.ControlBaseline != tt.wantCtrlB || s.ControlPeriod != tt.wantCtrlP {
				t.Errorf("controls: got %d, %v, %v, want %d, %v, %v",
					s.Controls, s.ControlBaseline, s.ControlPeriod, tt.wantControls, tt.wantCtrlB, tt.wantCtrlP)
			}
			for _, e := range lb.Participants {
				if e.Participant == "KA" || e.Participant == "KB" {
					t.Errorf("control %s ranked %d", e.Participant, e.Rank)
				}
			}
			for _, u := range lb.Unranked {
				if u.Reason != ReasonControl {
					t.Errorf("%s: got reason %q, want %q", u.Participant, u.Reason, ReasonControl)
				}
			}
		})
	}
}

func TestDefaultK(t *testing.T) {
	tests := []struct {
		name  string
		bs    []float64
		wantK float64
	}{
		{"odd count", []float64{10, 30, 20}, 20},
		{"even count", []float64{40, 10, 30, 20}, 25},
		{"one", []float64{7}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ps []Participant
			var ms []Measurement
			for i, b := range tt.bs {
				code := string(rune('A' + i))
				ps = append(ps, Participant{Code: code})
				ms = append(ms, flat(t, code, b, b*2)...)
			}
			// a control's baseline is left out of the median
			ps = append(ps, Participant{Code: "KONTROL", Control: true})
			ms = append(ms, flat(t, "KONTROL", 1000, 1000)...)
			lb := mustCompute(t, baseComp(t, LogRatio, ps...), ms).Overall
			if lb.K == nil || *lb.K != tt.wantK {
				t.Fatalf("k: got %s, want %v", fstr(lb.K), tt.wantK)
			}
			e := entry(t, lb, "A")
			want := math.Log((2*tt.bs[0] + tt.wantK) / (tt.bs[0] + tt.wantK))
			if e.Score == nil || !near(*e.Score, want) {
				t.Errorf("score of A: got %s, want %v", fstr(e.Score), want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		xs   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{5}, 5},
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{0, 0, 10, 10}, 5},
	}
	for _, tt := range tests {
		if got := Median(tt.xs); got != tt.want {
			t.Errorf("Median(%v): got %v, want %v", tt.xs, got, tt.want)
		}
	}
}

func TestMissingWindow(t *testing.T) {
	ps := competitors("A", "TANPAP", "TANPAB", "KOSONG")
	ms := slices.Concat(flat(t, "A", 10, 20),
		series(t, "TANPAP", "2024-01-01", 5, 5),
		series(t, "TANPAB", "2024-02-01", 5, 5),
		series(t, "KOSONG", "2024-01-20", 5)) // between the windows only
	lb := mustCompute(t, baseComp(t, Percent, ps...), ms).Overall
	if got, want := order(lb), "A"; got != want {
		t.Errorf("ranked: got %s, want %s", got, want)
	}
	wantReasons := map[string]string{"TANPAP": ReasonNoPeriod, "TANPAB": ReasonNoBaseline, "KOSONG": ReasonNoData}
	if len(lb.Unranked) != len(wantReasons) {
		t.Fatalf("unranked: got %d, want %d", len(lb.Unranked), len(wantReasons))
	}
	for _, u := range lb.Unranked {
		if u.Reason != wantReasons[u.Participant] {
			t.Errorf("%s: got reason %q, want %q", u.Participant, u.Reason, wantReasons[u.Participant])
		}
	}
	if s := lb.Summary; s.Participants != 1 || s.Baseline != 10 || s.Period != 20 {
		t.Errorf("summary: got %d, %v, %v, want 1, 10, 20", s.Participants, s.Baseline, s.Period)
	}
}

func TestComputeRejects(t *testing.T) {
	c := baseComp(t, Percent, competitors("A")...)
	_, err := Compute(c, append(flat(t, "A", 1, 2), series(t, "A", "2024-01-01", 3)...))
	var me *MeasurementsError
	if !errors.As(err, &me) || len(me.Lines) != 1 || me.Lines[0].Code != CodeDuplicate {
		t.Errorf("duplicate day: got %v, want a MeasurementsError with one duplicate", err)
	}
	c.Method = "median"
	_, err = Compute(c, nil)
	var ve *km.ValidationError
	if !errors.As(err, &ve) || ve.Fields["method"] != "invalid" {
		t.Errorf("bad method: got %v, want a ValidationError on method", err)
	}
}

func TestValidateCompetition(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(*Competition)
		wantField string
		wantMsg   string
	}{
		{"good", func(*Competition) {}, "", ""},
		{"reversed", func(c *Competition) { c.Period.To = day(t, "2024-01-31") }, "period", "window_reversed"},
		{"overlap", func(c *Competition) { c.Period.From = day(t, "2024-01-10") }, "period", "window_overlap"},
		{"no window", func(c *Competition) { c.Baseline = Window{} }, "baseline", "required"},
		{"method", func(c *Competition) { c.Method = "" }, "method", "invalid"},
		{"negative k", func(c *Competition) { c.K = ptr(-1) }, "k", "invalid"},
		{"nan k", func(c *Competition) { c.K = ptr(math.NaN()) }, "k", "invalid"},
		{"duplicate code", func(c *Competition) { c.Participants = competitors("A", "A") }, "participants", "duplicate_code"},
		{"no participants", func(c *Competition) { c.Participants = nil }, "participants", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, Percent, competitors("A", "B")...)
			tt.edit(&c)
			err := c.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			var ve *km.ValidationError
			if !errors.As(err, &ve) || ve.Fields[tt.wantField] != tt.wantMsg {
				t.Errorf("got %v, want %s: %s", err, tt.wantField, tt.wantMsg)
			}
		})
	}
}

// TestJSONShape pins the field names and nulls the CLI and API print.
func TestJSONShape(t *testing.T) {
	c := baseComp(t, Percent, competitors("A", "NOL")...)
	lb := mustCompute(t, c, append(flat(t, "A", 10, 15), flat(t, "NOL", 0, 5)...)).Overall
	data, err := json.Marshal(lb)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Competition  string                       `json:"competition"`
		Method       string                       `json:"method"`
		Participants []map[string]json.RawMessage `json:"participants"`
		Summary      map[string]json.RawMessage   `json:"summary"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Competition != "qris2024" || got.Method != "percent" || len(got.Participants) != 2 {
		t.Fatalf("got %s", data)
	}
	for _, k := range []string{"participant", "rank", "baseline", "period", "change", "percent", "score", "group"} {
		if _, ok := got.Participants[0][k]; !ok {
			t.Errorf("participant row: key %q missing in %s", k, data)
		}
	}
	if p := string(got.Participants[1]["percent"]); p != "null" {
		t.Errorf("zero baseline percent: got %s, want null", p)
	}
	wantSummary := map[string]string{"participants": "2", "baseline": "10", "period": "20",
		"percent": "100", "control_percent": "null", "did": "null"}
	for k, want := range wantSummary {
		if got := string(got.Summary[k]); got != want {
			t.Errorf("summary.%s: got %s, want %s", k, got, want)
		}
	}
}
