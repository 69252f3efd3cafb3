package award

import (
	"errors"
	"strings"
	"testing"
)

// res builds round results with the given scores; raw means equal scores
// unless set otherwise.
func res(scores map[string]float64) []RoundResult {
	var out []RoundResult
	for e, s := range scores {
		out = append(out, RoundResult{Entry: e, Score: s, RawMean: s})
	}
	rank(out)
	return out
}

var edition = []Round{
	{Code: "presentasi", Kind: KindPresentation, Order: 3, Advance: 3, Weight: 3},
	{Code: "seleksi", Kind: KindScreening, Order: 1, Advance: 6, Weight: 0},
	{Code: "desk", Kind: KindDesk, Order: 2, Advance: 4, Weight: 2},
}

func finalEntries(fs []FinalResult) string {
	var b []string
	for _, f := range fs {
		b = append(b, f.Entry)
	}
	return strings.Join(b, ",")
}

func TestFinalRanking(t *testing.T) {
	tests := []struct {
		name     string
		results  map[string][]RoundResult
		order    string
		finalist map[string]bool
		score    map[string]float64
		round    map[string]string
	}{
		{
			// Screening has weight 0: A's 99 there does not count. The
			// finalists' score is (2·desk + 3·presentation)/5. W skipped the
			// desk round (a wild card): its weights renormalise over the
			// presentation alone. D and E stopped at the desk, F and G at
			// screening; each group follows in its round's order.
			name: "eliminations and renormalised weights",
			results: map[string][]RoundResult{
				"seleksi":    res(map[string]float64{"A": 99, "B": 50, "C": 50, "D": 50, "E": 50, "F": 30, "G": 35}),
				"desk":       res(map[string]float64{"A": 60, "B": 50, "C": 70, "D": 48, "E": 52}),
				"presentasi": res(map[string]float64{"A": 50, "B": 58, "C": 45, "W": 54.5}),
			},
			order:    "C,B,W,A,E,D,G,F",
			finalist: map[string]bool{"A": true, "B": true, "C": true, "W": true},
			score:    map[string]float64{"C": 55, "B": 54.8, "W": 54.5, "A": 54, "E": 52, "D": 48, "G": 35, "F": 30},
			round:    map[string]string{"A": "presentasi", "W": "presentasi", "E": "desk", "D": "desk", "G": "seleksi", "F": "seleksi"},
		},
		{
			// A and B tie on the combined score (2·50+3·60 = 2·65+3·50 =
			// 280): the presentation round's order decides, where A scored
			// higher, although B's raw mean there is higher.
			name: "tie among finalists broken by the last round",
			results: map[string][]RoundResult{
				"desk": res(map[string]float64{"A": 50, "B": 65}),
				"presentasi": func() []RoundResult {
					rs := []RoundResult{{Entry: "A", Score: 60, RawMean: 70}, {Entry: "B", Score: 50, RawMean: 80}}
					rank(rs)
					return rs
				}(),
			},
			order: "A,B",
			score: map[string]float64{"A": 56, "B": 56},
		},
		{
			name: "tie among finalists and in the last round: raw mean, then code",
			results: map[string][]RoundResult{
				"presentasi": {
					{Entry: "Z", Score: 60, RawMean: 70},
					{Entry: "Y", Score: 60, RawMean: 70},
					{Entry: "X", Score: 60, RawMean: 71},
				},
			},
			order: "X,Y,Z",
		},
		{
			// Until the presentation is scored, the desk round is the last
			// round with results: a provisional ranking.
			name: "provisional ranking before the last round",
			results: map[string][]RoundResult{
				"seleksi": res(map[string]float64{"A": 50, "B": 50, "C": 40}),
				"desk":    res(map[string]float64{"A": 60, "B": 70}),
			},
			order:    "B,A,C",
			finalist: map[string]bool{"A": true, "B": true},
			score:    map[string]float64{"A": 60, "B": 70, "C": 40},
		},
		{
			name: "no results yet",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, err := FinalRanking(edition, tt.results)
			if err != nil {
				t.Fatalf("FinalRanking: %v", err)
			}
			if got := finalEntries(fs); got != tt.order {
				t.Errorf("order: got %s, want %s", got, tt.order)
			}
			for i, f := range fs {
				if f.Rank != i+1 {
					t.Errorf("%s: got rank %d, want %d", f.Entry, f.Rank, i+1)
				}
				if tt.finalist != nil && f.Finalist != tt.finalist[f.Entry] {
					t.Errorf("%s: got finalist %v, want %v", f.Entry, f.Finalist, tt.finalist[f.Entry])
				}
				if w, ok := tt.score[f.Entry]; ok && !near(f.Score, w) {
					t.Errorf("%s: got score %.12g, want %.12g", f.Entry, f.Score, w)
				}
				if w, ok := tt.round[f.Entry]; ok && f.Round != w {
					t.Errorf("%s: got round %q, want %q", f.Entry, f.Round, w)
				}
				for code, rs := range tt.results {
					for _, r := range rs {
						if r.Entry == f.Entry && f.Scores[code] != r.Score {
							t.Errorf("%s: got %s score %v, want %v", f.Entry, code, f.Scores[code], r.Score)
						}
					}
				}
			}
		})
	}
}

func TestFinalRankingValidation(t *testing.T) {
	tests := []struct {
		name    string
		rounds  []Round
		results map[string][]RoundResult
		field   string
		key     string
	}{
		{"no rounds", nil, nil, "rounds", KeyRoundsEmpty},
		{"unknown round", edition, map[string][]RoundResult{"final": res(map[string]float64{"A": 1})},
			`results["final"]`, KeyResultsUnknownRound},
		{"entry twice in a round", edition, map[string][]RoundResult{"desk": {{Entry: "A"}, {Entry: "A"}}},
			`results["desk"][1].entry`, KeyResultsDuplicate},
		{"empty entry", edition, map[string][]RoundResult{"desk": {{Entry: ""}}},
			`results["desk"][0].entry`, KeyResultsEntryRequired},
		{"duplicate code", []Round{{Code: "a", Kind: KindDesk, Order: 1, Weight: 1}, {Code: "a", Kind: KindField, Order: 2, Weight: 1}}, nil,
			"rounds[1].code", KeyRoundDuplicate},
		{"no code", []Round{{Kind: KindDesk, Order: 1, Weight: 1}}, nil,
			"rounds[0].code", KeyRoundCode},
		{"unknown kind", []Round{{Code: "a", Kind: "lisan", Order: 1, Weight: 1}}, nil,
			"rounds[0].kind", KeyRoundKind},
		{"same order", []Round{{Code: "a", Kind: KindDesk, Order: 1, Weight: 1}, {Code: "b", Kind: KindField, Order: 1, Weight: 1}}, nil,
			"rounds[1].order", KeyRoundOrder},
		{"negative advance", []Round{{Code: "a", Kind: KindDesk, Order: 1, Advance: -1, Weight: 1}}, nil,
			"rounds[0].advance", KeyRoundAdvance},
		{"negative weight", []Round{{Code: "a", Kind: KindDesk, Order: 1, Weight: -1}, {Code: "b", Kind: KindField, Order: 2, Weight: 1}}, nil,
			"rounds[0].weight", KeyRoundWeight},
		{"no weight anywhere", []Round{{Code: "a", Kind: KindScreening, Order: 1}}, nil,
			"rounds", KeyRoundsNoWeight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FinalRanking(tt.rounds, tt.results)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want *InputError", err)
			}
			for _, p := range ie.Problems {
				if p.Field == tt.field {
					if p.Key != tt.key {
						t.Errorf("got key %q, want %q", p.Key, tt.key)
					}
					return
				}
			}
			t.Errorf("got %v, want a problem on %s", err, tt.field)
		})
	}
	if err := ValidateRounds(edition); err != nil {
		t.Errorf("ValidateRounds(edition): got %v, want nil", err)
	}
}

func TestShortlist(t *testing.T) {
	unsorted := []RoundResult{
		{Entry: "D", Score: 40, RawMean: 40},
		{Entry: "B", Score: 60, RawMean: 55},
		{Entry: "A", Score: 70, RawMean: 50},
		{Entry: "E", Score: 60, RawMean: 55},
		{Entry: "C", Score: 60, RawMean: 65},
	}
	tests := []struct {
		name string
		k    int
		want string
	}{
		{"top three: ties by raw mean, then code", 3, "A,C,B"},
		{"cut inside a tie falls by code", 4, "A,C,B,E"},
		{"more than there are", 10, "A,C,B,E,D"},
		{"none", 0, ""},
		{"negative", -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Shortlist(unsorted, tt.k), ","); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if unsorted[0].Entry != "D" {
		t.Errorf("Shortlist reordered its input: got %s first, want D", unsorted[0].Entry)
	}
}

func TestWinners(t *testing.T) {
	fs, err := FinalRanking(edition, map[string][]RoundResult{
		"desk":       res(map[string]float64{"A": 60, "B": 50, "C": 70, "D": 80, "E": 90}),
		"presentasi": res(map[string]float64{"A": 50, "B": 58, "C": 45}),
	})
	if err != nil {
		t.Fatal(err)
	}
	// Final order: C 55, B 54.8, A 54, then E and D eliminated at desk.
	for _, tt := range []struct {
		n    int
		want string
	}{{2, "C,B"}, {3, "C,B,A"}, {5, "C,B,A"}, {0, ""}} {
		if got := finalEntries(Winners(fs, tt.n)); got != tt.want {
			t.Errorf("Winners(%d): got %q, want %q", tt.n, got, tt.want)
		}
	}
	cat := map[string]string{"A": "pelayanan", "B": "inovasi", "C": "inovasi", "E": "pelayanan"}
	byCat := WinnersByCategory(fs, cat, 1)
	if len(byCat) != 2 {
		t.Errorf("got %d categories, want 2: %v", len(byCat), byCat)
	}
	for c, want := range map[string]string{"inovasi": "C", "pelayanan": "A"} {
		if got := finalEntries(byCat[c]); got != want {
			t.Errorf("category %s: got %q, want %q", c, got, want)
		}
	}
}
