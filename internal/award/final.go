package award

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// RoundKind is what a round does.
type RoundKind string

// The kinds of round of a KM Award edition.
const (
	KindScreening    RoundKind = "screening"    // administrative screening
	KindDesk         RoundKind = "desk"         // desk evaluation of the documents
	KindPresentation RoundKind = "presentation" // presentation and interview
	KindField        RoundKind = "field"        // field verification
)

// RoundKinds lists the kinds in the order rounds usually run.
var RoundKinds = []RoundKind{KindScreening, KindDesk, KindPresentation, KindField}

// Round is one stage of an edition.
type Round struct {
	Code string
	Kind RoundKind
	// Order sets the sequence: rounds run in ascending Order.
	Order int
	// Advance is how many entries go on to the next round (see Shortlist).
	Advance int
	// Weight is the round score's weight in the final score, relative to
	// the other rounds; 0 leaves the round out, as for a pass/fail screening.
	Weight float64
}

// ValidateRounds checks an edition's rounds: codes present and unique, kinds
// known, orders unique, Advance and Weight not negative, and at least one
// round with a positive weight.
func ValidateRounds(rounds []Round) error {
	var ps problems
	validateRounds(rounds, &ps)
	return ps.err()
}

func validateRounds(rounds []Round, ps *problems) {
	if len(rounds) == 0 {
		ps.add("rounds", KeyRoundsEmpty, "no rounds: an edition needs at least one")
		return
	}
	codes := map[string]int{}
	orders := map[int]int{}
	weighted := false
	for i, r := range rounds {
		f := fmt.Sprintf("rounds[%d]", i)
		if r.Code == "" {
			ps.add(f+".code", KeyRoundCode, "%s: round code is empty", f)
		} else if p, dup := codes[r.Code]; dup {
			ps.add(f+".code", KeyRoundDuplicate, "%s: round %q is also rounds[%d]", f, r.Code, p)
		} else {
			codes[r.Code] = i
		}
		if !slices.Contains(RoundKinds, r.Kind) {
			ps.add(f+".kind", KeyRoundKind, "%s (%q): unknown round kind %q (want screening, desk, presentation or field)", f, r.Code, r.Kind)
		}
		if p, dup := orders[r.Order]; dup {
			ps.add(f+".order", KeyRoundOrder, "%s (%q): order %d is also that of rounds[%d]", f, r.Code, r.Order, p)
		} else {
			orders[r.Order] = i
		}
		if r.Advance < 0 {
			ps.add(f+".advance", KeyRoundAdvance, "%s (%q): number advancing must not be negative, got %d", f, r.Code, r.Advance)
		}
		if !(r.Weight >= 0) || math.IsInf(r.Weight, 0) {
			ps.add(f+".weight", KeyRoundWeight, "%s (%q): weight must be zero or a positive number, got %v", f, r.Code, r.Weight)
		}
		weighted = weighted || r.Weight > 0
	}
	if !weighted {
		ps.add("rounds", KeyRoundsNoWeight, "no round has a positive weight, so there is no final score")
	}
}

// Shortlist returns the codes of the k best results, best first: the entries
// that advance from the round. Ties are broken as in the ranking (raw mean,
// then entry code), never at random. The input need not be sorted.
func Shortlist(results []RoundResult, k int) []string {
	rs := slices.Clone(results)
	slices.SortFunc(rs, compareResults)
	k = max(0, min(k, len(rs)))
	out := make([]string, k)
	for i := range out {
		out[i] = rs[i].Entry
	}
	return out
}

// FinalResult is an entry's place in the final ranking of an edition.
type FinalResult struct {
	Entry string
	// Rank is 1 for the best entry; no two entries share a rank.
	Rank int
	// Finalist says the entry reached the last round.
	Finalist bool
	// Round is the code of the last round the entry took part in: where it
	// was eliminated, or the last round for a finalist.
	Round string
	// Score is what the entry is ranked by within its group: for a finalist
	// the weighted mean of its round scores, for the others their score in
	// Round.
	Score float64
	// Scores holds the entry's score in every round it took part in, by
	// round code.
	Scores map[string]float64
}

// FinalRanking ranks every entry of an edition from each round's results
// (keyed by round code, as AggregateRound returns them).
//
// The last round is the latest, by Order, that has results, so that a
// provisional ranking can be drawn before the last round is scored. Entries
// that reached it come first, ranked by the weighted mean of their scores
// over the rounds they took part in: round weights are renormalised over
// those rounds, and rounds of weight 0 do not count (if none of an entry's
// rounds carries weight, its last-round score stands in). Ties are broken by
// the last round's own order (score, raw mean, entry code). Entries
// eliminated earlier follow, those eliminated later first, each group in the
// order of the round where it stopped.
//
// Round scores are combined as they are, so every round should use the same
// aggregation method: a zscore round (around 50) and a raw round (0–100) do
// not mix.
func FinalRanking(rounds []Round, results map[string][]RoundResult) ([]FinalResult, error) {
	var ps problems
	validateRounds(rounds, &ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	ordered := slices.Clone(rounds)
	slices.SortFunc(ordered, func(a, b Round) int { return cmp.Compare(a.Order, b.Order) })
	pos := make(map[string]int, len(ordered))
	for i, r := range ordered {
		pos[r.Code] = i
	}
	codes := make([]string, 0, len(results))
	for code := range results {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		f := fmt.Sprintf("results[%q]", code)
		if _, ok := pos[code]; !ok {
			ps.add(f, KeyResultsUnknownRound, "%s: no round has code %q", f, code)
			continue
		}
		seen := map[string]int{}
		for i, r := range results[code] {
			fi := fmt.Sprintf("%s[%d]", f, i)
			if r.Entry == "" {
				ps.add(fi+".entry", KeyResultsEntryRequired, "%s: entry is empty", fi)
			} else if p, dup := seen[r.Entry]; dup {
				ps.add(fi+".entry", KeyResultsDuplicate, "%s: entry %q is also %s[%d]", fi, r.Entry, f, p)
			}
			seen[r.Entry] = i
			if !finite(r.Score) || !finite(r.RawMean) {
				ps.add(fi+".score", KeyResultsNotNumber, "%s (entry %q): score or raw mean is not a number", fi, r.Entry)
			}
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}

	type track struct {
		FinalResult
		stop int         // position in ordered of the last round taken part in
		last RoundResult // result in that round
		wsum float64     // weighted sum and total weight of round scores
		wtot float64
	}
	byEntry := map[string]*track{}
	var tracks []*track
	last := -1
	for i, r := range ordered {
		for _, res := range results[r.Code] {
			t, ok := byEntry[res.Entry]
			if !ok {
				t = &track{FinalResult: FinalResult{Entry: res.Entry, Scores: map[string]float64{}}}
				byEntry[res.Entry] = t
				tracks = append(tracks, t)
			}
			t.Scores[r.Code] = res.Score
			t.Round, t.stop, t.last = r.Code, i, res
			if r.Weight > 0 {
				t.wsum += r.Weight * res.Score
				t.wtot += r.Weight
			}
			last = i
		}
	}
	for _, t := range tracks {
		t.Finalist = t.stop == last
		t.Score = t.last.Score
		if t.Finalist && t.wtot > 0 {
			t.Score = t.wsum / t.wtot
		}
	}
	slices.SortFunc(tracks, func(a, b *track) int {
		if c := cmp.Compare(b.stop, a.stop); c != 0 {
			return c
		}
		if c := cmp.Compare(tieKey(b.Score), tieKey(a.Score)); c != 0 {
			return c
		}
		return compareResults(a.last, b.last)
	})
	out := make([]FinalResult, len(tracks))
	for i, t := range tracks {
		out[i] = t.FinalResult
		out[i].Rank = i + 1
	}
	return out, nil
}

// Winners returns the n best finalists of a final ranking, best first.
// Entries eliminated before the last round never win, however few finalists
// there are: the jury has already decided against them.
func Winners(final []FinalResult, n int) []FinalResult {
	out := []FinalResult{}
	for _, r := range byRank(final) {
		if len(out) >= n {
			break
		}
		if r.Finalist {
			out = append(out, r)
		}
	}
	return out
}

// WinnersByCategory returns the n best finalists of each category, best
// first, keyed by category. category maps an entry code to its category;
// entries it does not list fall under "".
func WinnersByCategory(final []FinalResult, category map[string]string, n int) map[string][]FinalResult {
	out := map[string][]FinalResult{}
	for _, r := range byRank(final) {
		c := category[r.Entry]
		if r.Finalist && len(out[c]) < n {
			out[c] = append(out[c], r)
		}
	}
	return out
}

func byRank(final []FinalResult) []FinalResult {
	rs := slices.Clone(final)
	slices.SortFunc(rs, func(a, b FinalResult) int { return cmp.Compare(a.Rank, b.Rank) })
	return rs
}
