package award

import (
	"errors"
	"math"
	"strings"
	"testing"

	"lumbung/internal/km"
)

// pct is a one-criterion rubric on 0–100, so that a score's value is its
// total T and the tests can speak in totals.
var pct = []Criterion{{Code: "q", Weight: 1, Min: 0, Max: 100}}

// sc is juror j's score t for entry e on the pct rubric.
func sc(j, e string, t float64) Score {
	return Score{Juror: j, Entry: e, Values: map[string]float64{"q": t}}
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*max(1, math.Abs(a), math.Abs(b))
}

func aggregate(t testing.TB, criteria []Criterion, scores []Score, m Method) []RoundResult {
	t.Helper()
	rs, err := AggregateRound(criteria, scores, m)
	if err != nil {
		t.Fatalf("AggregateRound: %v", err)
	}
	return rs
}

func entries(rs []RoundResult) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Entry
	}
	return out
}

// checkResults compares the order of rs and, for the entries listed, their
// scores and raw means.
func checkResults(t *testing.T, rs []RoundResult, order []string, score, raw map[string]float64) {
	t.Helper()
	if got := strings.Join(entries(rs), ","); got != strings.Join(order, ",") {
		t.Errorf("order: got %s, want %s", got, strings.Join(order, ","))
	}
	for i, r := range rs {
		if r.Rank != i+1 {
			t.Errorf("%s: got rank %d at position %d, want %d", r.Entry, r.Rank, i, i+1)
		}
		if w, ok := score[r.Entry]; ok && !near(r.Score, w) {
			t.Errorf("%s: got score %.12g, want %.12g", r.Entry, r.Score, w)
		}
		if w, ok := raw[r.Entry]; ok && !near(r.RawMean, w) {
			t.Errorf("%s: got raw mean %.12g, want %.12g", r.Entry, r.RawMean, w)
		}
	}
}

func TestTotal(t *testing.T) {
	likert := []Criterion{{Code: "k", Weight: 1, Min: 1, Max: 5}}
	mixed := []Criterion{
		{Code: "inovasi", Weight: 3, Min: 0, Max: 10},
		{Code: "dampak", Weight: 1, Min: 1, Max: 5},
	}
	percent := []Criterion{
		{Code: "a", Weight: 40, Min: 0, Max: 100},
		{Code: "b", Weight: 60, Min: 0, Max: 100},
	}
	tests := []struct {
		name     string
		criteria []Criterion
		values   map[string]float64
		want     float64
	}{
		{"scale minimum is 0", likert, map[string]float64{"k": 1}, 0},
		{"scale maximum is 100", likert, map[string]float64{"k": 5}, 100},
		{"rescaled from 1–5", likert, map[string]float64{"k": 4}, 75},
		{"scale across zero", []Criterion{{Code: "s", Weight: 1, Min: -2, Max: 2}}, map[string]float64{"s": 0}, 50},
		{"fractional score", likert, map[string]float64{"k": 2.5}, 37.5},
		{"weights on different scales", mixed, map[string]float64{"inovasi": 10, "dampak": 1}, 75},
		{"weights on different scales, reversed", mixed, map[string]float64{"inovasi": 0, "dampak": 5}, 25},
		{"weights need not sum to one", percent, map[string]float64{"a": 50, "b": 100}, 80},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Total(tt.criteria, tt.values)
			if err != nil {
				t.Fatalf("Total: %v", err)
			}
			if !near(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAggregateZScore(t *testing.T) {
	// One juror scoring 70, 50, 30: mean 50, population sd √(800/3).
	sd3 := math.Sqrt(800.0 / 3)
	tests := []struct {
		name   string
		scores []Score
		order  []string
		score  map[string]float64
		raw    map[string]float64
	}{
		{
			name:   "one juror",
			scores: []Score{sc("J1", "B", 50), sc("J1", "A", 70), sc("J1", "C", 30)},
			order:  []string{"A", "B", "C"},
			score:  map[string]float64{"A": 50 + 10*20/sd3, "B": 50, "C": 50 - 10*20/sd3},
			raw:    map[string]float64{"A": 70, "B": 50, "C": 30},
		},
		{
			name:   "one juror, one entry",
			scores: []Score{sc("J1", "A", 83)},
			order:  []string{"A"},
			score:  map[string]float64{"A": 50},
			raw:    map[string]float64{"A": 83},
		},
		{
			name: "harshness and spread removed",
			scores: []Score{
				sc("keras", "A", 40), sc("keras", "B", 20), // harsh: mean 30, sd 10
				sc("murah", "A", 95), sc("murah", "B", 55), // lenient: mean 75, sd 20
			},
			order: []string{"A", "B"},
			score: map[string]float64{"A": 60, "B": 40},
			raw:   map[string]float64{"A": 67.5, "B": 37.5},
		},
		{
			name: "sd zero gives z zero",
			scores: []Score{
				sc("J1", "A", 80), sc("J1", "B", 80), // flat juror: N = 50 for both
				sc("J2", "A", 60), sc("J2", "B", 40), // N = 60 and 40
			},
			order: []string{"A", "B"},
			score: map[string]float64{"A": 55, "B": 45},
			raw:   map[string]float64{"A": 70, "B": 60},
		},
		{
			// Each juror scores A and B, so every N is 60 or 40. Four
			// jurors prefer A, one prefers B: N(A) = 60,60,60,60,40.
			name: "five jurors: highest and lowest dropped",
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "A", 80), sc("J2", "B", 50),
				sc("J3", "A", 90), sc("J3", "B", 10),
				sc("J4", "A", 55), sc("J4", "B", 45),
				sc("J5", "A", 30), sc("J5", "B", 70),
			},
			order: []string{"A", "B"},
			score: map[string]float64{"A": 60, "B": 40}, // untrimmed: 56 and 44
			raw:   map[string]float64{"A": 65, "B": 47},
		},
		{
			name: "exactly four jurors: nothing dropped",
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "A", 80), sc("J2", "B", 50),
				sc("J3", "A", 90), sc("J3", "B", 10),
				sc("J5", "A", 30), sc("J5", "B", 70),
			},
			order: []string{"A", "B"},
			score: map[string]float64{"A": 55, "B": 45}, // trimmed would be 60 and 40
			raw:   map[string]float64{"A": 67.5, "B": 47.5},
		},
		{
			name: "six jurors: only one highest and one lowest dropped",
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "A", 80), sc("J2", "B", 50),
				sc("J3", "A", 90), sc("J3", "B", 10),
				sc("J4", "A", 55), sc("J4", "B", 45),
				sc("J5", "A", 30), sc("J5", "B", 70),
				sc("J6", "A", 20), sc("J6", "B", 40),
			},
			order: []string{"A", "B"},
			score: map[string]float64{"A": 55, "B": 45}, // N(A) = 60,60,60,60,40,40 → 60,60,60,40
			raw:   map[string]float64{"A": 57.5, "B": 275.0 / 6},
		},
		{
			// Trimming applies per entry: C has two jurors and is not trimmed
			// while A, scored by five, is.
			name: "trimming counts each entry's own jurors",
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "A", 80), sc("J2", "B", 50),
				sc("J3", "A", 90), sc("J3", "B", 10),
				sc("J4", "A", 55), sc("J4", "B", 45),
				sc("J5", "A", 30), sc("J5", "B", 70),
				sc("J6", "C", 20), sc("J6", "D", 40),
				sc("J7", "C", 90), sc("J7", "D", 10),
			},
			order: []string{"A", "C", "D", "B"},
			score: map[string]float64{"A": 60, "B": 40, "C": 50, "D": 50},
			raw:   map[string]float64{"C": 55, "D": 25},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := aggregate(t, pct, tt.scores, MethodZScore)
			checkResults(t, rs, tt.order, tt.score, tt.raw)
		})
	}
}

func TestAggregateDefaultMethodIsZScore(t *testing.T) {
	scores := []Score{sc("keras", "A", 40), sc("keras", "B", 20), sc("murah", "A", 95), sc("murah", "B", 55)}
	got := aggregate(t, pct, scores, "")
	want := aggregate(t, pct, scores, MethodZScore)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("result %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestAggregateJurorCount(t *testing.T) {
	rs := aggregate(t, pct, []Score{
		sc("J1", "A", 1), sc("J2", "A", 2), sc("J3", "A", 3), sc("J1", "B", 4),
	}, MethodZScore)
	want := map[string]int{"A": 3, "B": 1}
	for _, r := range rs {
		if r.Jurors != want[r.Entry] {
			t.Errorf("%s: got %d jurors, want %d", r.Entry, r.Jurors, want[r.Entry])
		}
	}
}

func TestAggregateTies(t *testing.T) {
	tests := []struct {
		name   string
		method Method
		scores []Score
		order  []string
	}{
		{
			// Two jurors with no entry in common: A and B both get N = 60,
			// C and D both 40. Raw means decide: B (90) over A (30), D (70)
			// over C (10).
			name:   "equal score, higher raw mean first",
			method: MethodZScore,
			scores: []Score{
				sc("J1", "A", 30), sc("J1", "C", 10),
				sc("J2", "B", 90), sc("J2", "D", 70),
			},
			order: []string{"B", "A", "D", "C"},
		},
		{
			name:   "equal score and raw mean, code ascending",
			method: MethodZScore,
			scores: []Score{sc("J1", "B", 70), sc("J1", "C", 50), sc("J1", "A", 70)},
			order:  []string{"A", "B", "C"},
		},
		{
			name:   "raw: equal raw mean, code ascending",
			method: MethodRaw,
			scores: []Score{sc("J1", "Z", 60), sc("J2", "Y", 60), sc("J3", "X", 60)},
			order:  []string{"X", "Y", "Z"},
		},
		{
			// Fitted quality: A and C both 60 (see TestAggregateFitted);
			// A's raw mean is 70, C's 50.
			name:   "fitted: equal quality, higher raw mean first",
			method: MethodFitted,
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "B", 40), sc("J2", "C", 50),
			},
			order: []string{"A", "C", "B"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResults(t, aggregate(t, pct, tt.scores, tt.method), tt.order, nil, nil)
		})
	}
}

func TestRankIgnoresRoundingNoise(t *testing.T) {
	// 0.1+0.2 and 0.3 differ in the last bit only; the raw mean decides.
	rs := []RoundResult{
		{Entry: "A", Score: 0.1 + 0.2, RawMean: 10},
		{Entry: "B", Score: 0.3, RawMean: 20},
	}
	rank(rs)
	if got := strings.Join(entries(rs), ","); got != "B,A" {
		t.Errorf("got %s, want B,A", got)
	}
}

func TestAggregateRaw(t *testing.T) {
	scores := []Score{
		// Five jurors on A: raw is never trimmed.
		sc("J1", "A", 10), sc("J2", "A", 20), sc("J3", "A", 30), sc("J4", "A", 40), sc("J5", "A", 100),
		sc("J1", "B", 45), sc("J2", "B", 45),
		sc("J3", "C", 35),
	}
	rs := aggregate(t, pct, scores, MethodRaw)
	want := map[string]float64{"A": 40, "B": 45, "C": 35}
	checkResults(t, rs, []string{"B", "A", "C"}, want, want)
	for _, r := range rs {
		if r.Score != r.RawMean {
			t.Errorf("%s: got score %v and raw mean %v, want them equal", r.Entry, r.Score, r.RawMean)
		}
	}
	// Other methods report the same untrimmed raw mean.
	for _, m := range []Method{MethodZScore, MethodFitted} {
		for _, r := range aggregate(t, pct, scores, m) {
			if !near(r.RawMean, want[r.Entry]) {
				t.Errorf("%s %s: got raw mean %v, want %v", m, r.Entry, r.RawMean, want[r.Entry])
			}
		}
	}
}

func TestAggregateFitted(t *testing.T) {
	tests := []struct {
		name   string
		scores []Score
		order  []string
		score  map[string]float64
		offset map[string]float64
		comp   map[string]int
	}{
		{
			// B links the jurors: J1 gives it 60, J2 40, so J1 is 20 points
			// more lenient; offsets summing to zero are +10 and −10.
			name: "chain through a shared entry",
			scores: []Score{
				sc("J1", "A", 70), sc("J1", "B", 60),
				sc("J2", "B", 40), sc("J2", "C", 50),
			},
			order:  []string{"A", "C", "B"},
			score:  map[string]float64{"A": 60, "B": 50, "C": 60},
			offset: map[string]float64{"J1": 10, "J2": -10},
		},
		{
			// Both jurors score both entries and disagree on the gap
			// (20 and 30): quality is the column mean, offsets the row
			// means of what is left, residuals ±2.5.
			name: "complete design with residuals",
			scores: []Score{
				sc("J1", "A", 80), sc("J1", "B", 60),
				sc("J2", "A", 70), sc("J2", "B", 40),
			},
			order:  []string{"A", "B"},
			score:  map[string]float64{"A": 75, "B": 50},
			offset: map[string]float64{"J1": 7.5, "J2": -7.5},
		},
		{
			// Generated exactly from quality A 70, B 50, C 30 and offsets
			// +6, −2, −4 on a cycle of three jurors; the fit recovers them.
			name: "cycle of three jurors, exact model",
			scores: []Score{
				sc("J1", "A", 76), sc("J1", "B", 56),
				sc("J2", "B", 48), sc("J2", "C", 28),
				sc("J3", "C", 26), sc("J3", "A", 66),
			},
			order:  []string{"A", "B", "C"},
			score:  map[string]float64{"A": 70, "B": 50, "C": 30},
			offset: map[string]float64{"J1": 6, "J2": -2, "J3": -4},
		},
		{
			// Two panels with nothing in common: each solved on its own,
			// a lone juror's offset is 0, and the components are flagged.
			// The larger panel (three entries) is component 0.
			name: "disconnected panels",
			scores: []Score{
				sc("J1", "A", 80), sc("J1", "B", 60),
				sc("J2", "C", 50), sc("J2", "D", 30), sc("J3", "D", 40), sc("J3", "E", 45),
				sc("J4", "F", 20),
			},
			order:  []string{"A", "B", "C", "E", "D", "F"},
			score:  map[string]float64{"A": 80, "B": 60, "C": 55, "D": 35, "E": 40, "F": 20},
			offset: map[string]float64{"J1": 0, "J2": -5, "J3": 5, "J4": 0},
			comp:   map[string]int{"A": 1, "B": 1, "C": 0, "D": 0, "E": 0, "F": 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := aggregate(t, pct, tt.scores, MethodFitted)
			checkResults(t, rs, tt.order, tt.score, nil)
			for _, r := range rs {
				if r.Component != tt.comp[r.Entry] {
					t.Errorf("%s: got component %d, want %d", r.Entry, r.Component, tt.comp[r.Entry])
				}
			}
			stats, err := JurorStatistics(pct, tt.scores)
			if err != nil {
				t.Fatalf("JurorStatistics: %v", err)
			}
			for _, s := range stats {
				if w := tt.offset[s.Juror]; !near(s.Offset, w) {
					t.Errorf("juror %s: got offset %.12g, want %.12g", s.Juror, s.Offset, w)
				}
			}
		})
	}
}

func TestJurorStatistics(t *testing.T) {
	stats, err := JurorStatistics(pct, []Score{
		sc("keras", "A", 40), sc("keras", "B", 20), sc("keras", "C", 30),
		sc("datar", "A", 70), sc("datar", "B", 70),
	})
	if err != nil {
		t.Fatalf("JurorStatistics: %v", err)
	}
	want := []JurorStats{
		{Juror: "datar", N: 2, Mean: 70, SD: 0, Min: 70, Max: 70, Totals: []float64{70, 70}},
		{Juror: "keras", N: 3, Mean: 30, SD: math.Sqrt(200.0 / 3), Min: 20, Max: 40, Totals: []float64{20, 30, 40}},
	}
	if len(stats) != len(want) {
		t.Fatalf("got %d jurors, want %d", len(stats), len(want))
	}
	for i, w := range want {
		g := stats[i]
		if g.Juror != w.Juror || g.N != w.N || !near(g.Mean, w.Mean) || !near(g.SD, w.SD) ||
			g.Min != w.Min || g.Max != w.Max || len(g.Totals) != len(w.Totals) {
			t.Errorf("got %+v, want %+v", g, w)
			continue
		}
		for k := range w.Totals {
			if g.Totals[k] != w.Totals[k] {
				t.Errorf("%s totals: got %v, want %v", g.Juror, g.Totals, w.Totals)
				break
			}
		}
	}
	// On the shared entries A and B datar gives 70 and 70, keras 40 and 20:
	// datar is 40 points more lenient, offsets ±20. C, seen by keras alone,
	// tells nothing about harshness.
	if !near(stats[0].Offset, 20) || !near(stats[1].Offset, -20) {
		t.Errorf("offsets: got %v and %v, want 20 and -20", stats[0].Offset, stats[1].Offset)
	}
}

func TestAggregateEmpty(t *testing.T) {
	rs := aggregate(t, pct, nil, MethodFitted)
	if len(rs) != 0 {
		t.Errorf("got %d results, want 0", len(rs))
	}
}

func TestAggregateValidation(t *testing.T) {
	rubric := []Criterion{
		{Code: "inovasi", Weight: 2, Min: 1, Max: 10},
		{Code: "dampak", Weight: 1, Min: 1, Max: 10},
	}
	ok := map[string]float64{"inovasi": 5, "dampak": 5}
	with := func(k string, v float64) map[string]float64 {
		m := map[string]float64{"inovasi": 5, "dampak": 5}
		m[k] = v
		return m
	}
	tests := []struct {
		name     string
		criteria []Criterion
		scores   []Score
		method   Method
		field    string
		key      string
		message  string
	}{
		{"score above scale", rubric, []Score{{"J1", "E7", with("inovasi", 12)}}, "",
			"scores[0].values.inovasi", KeyScoreOutOfRange, `scores[0] (juror "J1", entry "E7"): criterion "inovasi" score 12 is outside its scale 1–10`},
		{"score below scale", rubric, []Score{{"J1", "E7", ok}, {"J1", "E8", with("dampak", 0)}}, "",
			"scores[1].values.dampak", KeyScoreOutOfRange, `criterion "dampak" score 0 is outside its scale 1–10`},
		{"score not a number", rubric, []Score{{"J1", "E7", with("dampak", math.NaN())}}, "",
			"scores[0].values.dampak", KeyScoreNotNumber, `criterion "dampak" score is not a number`},
		{"missing criterion", rubric, []Score{{"J1", "E7", map[string]float64{"inovasi": 5}}}, "",
			"scores[0].values.dampak", KeyScoreMissing, `scores[0] (juror "J1", entry "E7"): no score for criterion "dampak"`},
		{"unknown criterion", rubric, []Score{{"J1", "E7", with("biaya", 3)}}, "",
			"scores[0].values.biaya", KeyScoreUnknown, `scores[0] (juror "J1", entry "E7"): unknown criterion "biaya"`},
		{"scored twice", rubric, []Score{{"J1", "E7", ok}, {"J2", "E7", ok}, {"J1", "E7", ok}}, "",
			"scores[2]", KeyScoreDuplicate, `scores[2]: juror "J1" scored entry "E7" twice (also in scores[0])`},
		{"no juror", rubric, []Score{{"", "E7", ok}}, "",
			"scores[0].juror", KeyScoreJuror, "scores[0]: juror is empty"},
		{"no entry", rubric, []Score{{"J1", "", ok}}, "",
			"scores[0].entry", KeyScoreEntry, "scores[0]: entry is empty"},
		{"weight zero", []Criterion{{Code: "a", Weight: 0, Min: 0, Max: 10}}, nil, "",
			"criteria[0].weight", KeyCriterionWeight, `criteria[0] ("a"): weight must be a positive number, got 0`},
		{"weight negative", []Criterion{{Code: "a", Weight: 1, Min: 0, Max: 10}, {Code: "b", Weight: -1, Min: 0, Max: 10}}, nil, "",
			"criteria[1].weight", KeyCriterionWeight, `criteria[1] ("b"): weight must be a positive number, got -1`},
		{"weight NaN", []Criterion{{Code: "a", Weight: math.NaN(), Min: 0, Max: 10}}, nil, "",
			"criteria[0].weight", KeyCriterionWeight, "weight must be a positive number, got NaN"},
		{"empty scale", []Criterion{{Code: "a", Weight: 1, Min: 5, Max: 5}}, nil, "",
			"criteria[0].max", KeyCriterionScale, `criteria[0] ("a"): scale must run from a lower to a higher number, got 5–5`},
		{"no code", []Criterion{{Weight: 1, Min: 0, Max: 5}}, nil, "",
			"criteria[0].code", KeyCriterionCode, "criteria[0]: criterion code is empty"},
		{"duplicate criterion", []Criterion{{Code: "a", Weight: 1, Max: 5}, {Code: "a", Weight: 1, Max: 5}}, nil, "",
			"criteria[1].code", KeyCriterionDuplicate, `criteria[1]: criterion "a" is listed twice`},
		{"no criteria", nil, nil, "",
			"criteria", KeyCriteriaEmpty, "no criteria"},
		{"unknown method", rubric, nil, "median",
			"method", KeyMethodUnknown, `unknown aggregation method "median"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := AggregateRound(tt.criteria, tt.scores, tt.method)
			if err == nil {
				t.Fatalf("got %d results and no error, want an error", len(rs))
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("got message %q, want it to contain %q", err.Error(), tt.message)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %T, want *InputError", err)
			}
			found := false
			for _, p := range ie.Problems {
				if p.Field == tt.field {
					found = true
					if p.Key != tt.key {
						t.Errorf("%s: got key %q, want %q", p.Field, p.Key, tt.key)
					}
				}
			}
			if !found {
				t.Errorf("got problems %+v, want one on field %q", ie.Problems, tt.field)
			}
			var ve *km.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("errors.As to *km.ValidationError: got false, want true")
			}
			if got := ve.Fields[tt.field]; got != tt.key {
				t.Errorf("km.ValidationError field %q: got %q, want %q", tt.field, got, tt.key)
			}
		})
	}
}

func TestInputErrorListsEveryProblem(t *testing.T) {
	var scores []Score
	for i := range 8 {
		scores = append(scores, sc("J1", string(rune('A'+i)), 101))
	}
	_, err := AggregateRound(pct, scores, MethodRaw)
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want *InputError", err)
	}
	if len(ie.Problems) != 8 {
		t.Errorf("got %d problems, want 8", len(ie.Problems))
	}
	if !strings.HasSuffix(err.Error(), "; and 3 more") {
		t.Errorf("got %q, want it to end with %q", err.Error(), "; and 3 more")
	}
}

func TestTotalValidation(t *testing.T) {
	_, err := Total(pct, map[string]float64{"q": 120})
	var ie *InputError
	if !errors.As(err, &ie) || len(ie.Problems) != 1 {
		t.Fatalf("got %v, want one problem", err)
	}
	want := Problem{Field: "values.q", Key: KeyScoreOutOfRange, Message: `values: criterion "q" score 120 is outside its scale 0–100`}
	if ie.Problems[0] != want {
		t.Errorf("got %+v, want %+v", ie.Problems[0], want)
	}
	if _, err := Total(nil, nil); err == nil {
		t.Errorf("Total with no criteria: got nil error, want one")
	}
}

func TestParseMethod(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Method
		ok   bool
	}{{"", MethodZScore, true}, {"zscore", MethodZScore, true}, {"fitted", MethodFitted, true}, {"raw", MethodRaw, true}, {"ZScore", "", false}} {
		got, err := ParseMethod(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseMethod(%q): got %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}
