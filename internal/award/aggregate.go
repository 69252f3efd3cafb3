package award

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Method is how jurors' totals become an entry's round score.
type Method string

// The aggregation methods; the zero Method means MethodZScore.
const (
	// MethodZScore standardises each juror's totals within the round and
	// averages the resulting N = 50 + 10·z, trimmed with five or more jurors.
	MethodZScore Method = "zscore"
	// MethodRaw averages the totals as they are.
	MethodRaw Method = "raw"
	// MethodFitted fits T = quality + juror offset by least squares.
	MethodFitted Method = "fitted"
)

// Methods lists the methods in the order a form should offer them.
var Methods = []Method{MethodZScore, MethodFitted, MethodRaw}

// ParseMethod returns the method named s; "" is MethodZScore.
func ParseMethod(s string) (Method, error) {
	m := Method(s)
	if m == "" {
		return MethodZScore, nil
	}
	if !slices.Contains(Methods, m) {
		var ps problems
		ps.add("method", KeyMethodUnknown, "unknown aggregation method %q (want zscore, fitted or raw)", s)
		return "", ps.err()
	}
	return m, nil
}

// RoundResult is one entry's outcome in a round.
type RoundResult struct {
	Entry string
	// Rank is 1 for the best entry; no two entries share a rank.
	Rank int
	// Score is what the entry is ranked by: the (trimmed) mean of N for
	// zscore, the estimated quality for fitted, RawMean for raw.
	Score float64
	// RawMean is the plain mean of the jurors' totals T on 0–100, untrimmed.
	RawMean float64
	// Jurors is how many jurors scored the entry.
	Jurors int
	// Component numbers the connected part of the juror–entry graph the
	// entry belongs to, 0 being the largest. Fitted scores are comparable
	// only within a component (see the package documentation).
	Component int
}

// trimFrom is the number of jurors from which an entry's highest and lowest
// N are dropped.
const trimFrom = 5

// AggregateRound turns one round's rubric scores into ranked results, best
// first, by method m ("" means MethodZScore). Every score must have a value
// on the scale of every criterion and no other, and a juror scores an entry
// at most once; otherwise the error is an *InputError listing every problem.
// An empty round gives no results and no error.
func AggregateRound(criteria []Criterion, scores []Score, m Method) ([]RoundResult, error) {
	m, err := ParseMethod(string(m))
	if err != nil {
		return nil, err
	}
	s, err := newSheet(criteria, scores)
	if err != nil {
		return nil, err
	}
	var score []float64
	switch m {
	case MethodZScore:
		score = s.zscore()
	case MethodRaw:
		score = s.rawMeans()
	case MethodFitted:
		score, _ = s.fit()
	}
	raw := s.rawMeans()
	out := make([]RoundResult, len(s.entries))
	for e, code := range s.entries {
		out[e] = RoundResult{
			Entry:     code,
			Score:     score[e],
			RawMean:   raw[e],
			Jurors:    int(s.byEntry[e+1] - s.byEntry[e]),
			Component: s.entryComp[e],
		}
	}
	rank(out)
	return out, nil
}

// rank sorts results best first and numbers them.
func rank(rs []RoundResult) {
	slices.SortFunc(rs, compareResults)
	for i := range rs {
		rs[i].Rank = i + 1
	}
}

// tieTolerance is the resolution at which scores are compared when ranking:
// far finer than any difference jurors mean, far coarser than the rounding
// error of the arithmetic here (about 1e-13 on a 0–100 scale).
const tieTolerance = 1e-9

// tieKey rounds x to a multiple of tieTolerance. Comparing rounded values,
// rather than testing |a−b| < tolerance, keeps the ranking a strict order
// (transitive), as sorting needs.
func tieKey(x float64) float64 { return math.Round(x / tieTolerance) }

// compareResults orders a before b when a ranks higher: by score, then raw
// mean, both higher first, then by entry code.
func compareResults(a, b RoundResult) int {
	if c := cmp.Compare(tieKey(b.Score), tieKey(a.Score)); c != 0 {
		return c
	}
	if c := cmp.Compare(tieKey(b.RawMean), tieKey(a.RawMean)); c != 0 {
		return c
	}
	return strings.Compare(a.Entry, b.Entry)
}

// sheet is a validated round: every juror's total for every entry they
// scored, indexed both ways. Jurors and entries are numbered in code order and
// cells kept in (juror, entry) order, so that every sum below runs in an order
// that does not depend on the order of the input.
type sheet struct {
	jurors  []string
	entries []string
	cells   []cell // sorted by juror, then entry

	byJuror []int32 // cells of juror j are cells[byJuror[j]:byJuror[j+1]]
	byEntry []int32 // the entry's cells are cells[ofEntry[byEntry[e]:byEntry[e+1]]]
	ofEntry []int32

	entryComp []int // component of each entry, 0 the largest
	jurorComp []int
	comps     int
}

type cell struct {
	juror, entry int32
	t            float64
}

func newSheet(criteria []Criterion, scores []Score) (*sheet, error) {
	var ps problems
	r := newRubric(criteria, &ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	s := &sheet{}
	jurors := make(map[string]int32)
	entries := make(map[string]int32)
	for _, sc := range scores {
		if _, ok := jurors[sc.Juror]; !ok {
			jurors[sc.Juror] = 0
			s.jurors = append(s.jurors, sc.Juror)
		}
		if _, ok := entries[sc.Entry]; !ok {
			entries[sc.Entry] = 0
			s.entries = append(s.entries, sc.Entry)
		}
	}
	slices.Sort(s.jurors)
	slices.Sort(s.entries)
	for i, c := range s.jurors {
		jurors[c] = int32(i)
	}
	for i, c := range s.entries {
		entries[c] = int32(i)
	}

	s.cells = make([]cell, len(scores))
	for i, sc := range scores {
		if sc.Juror == "" {
			ps.add(fmt.Sprintf("scores[%d].juror", i), KeyScoreJuror, "scores[%d]: juror is empty", i)
		}
		if sc.Entry == "" {
			ps.add(fmt.Sprintf("scores[%d].entry", i), KeyScoreEntry, "scores[%d]: entry is empty", i)
		}
		t := r.total(sheetRef{i, sc.Juror, sc.Entry}, sc.Values, &ps)
		s.cells[i] = cell{juror: jurors[sc.Juror], entry: entries[sc.Entry], t: t}
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		ca, cb := s.cells[a], s.cells[b]
		if c := cmp.Compare(ca.juror, cb.juror); c != 0 {
			return c
		}
		if c := cmp.Compare(ca.entry, cb.entry); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	sorted := make([]cell, len(idx))
	for k, i := range idx {
		sorted[k] = s.cells[i]
		if k > 0 {
			p := sorted[k-1]
			if p.juror == sorted[k].juror && p.entry == sorted[k].entry {
				f := fmt.Sprintf("scores[%d]", i)
				ps.add(f, KeyScoreDuplicate, "%s: juror %q scored entry %q twice (also in scores[%d])",
					f, scores[i].Juror, scores[i].Entry, idx[k-1])
			}
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	s.cells = sorted
	s.index()
	s.components()
	return s, nil
}

// index fills byJuror, byEntry and ofEntry.
func (s *sheet) index() {
	s.byJuror = make([]int32, len(s.jurors)+1)
	s.byEntry = make([]int32, len(s.entries)+1)
	for _, c := range s.cells {
		s.byJuror[c.juror+1]++
		s.byEntry[c.entry+1]++
	}
	for j := range s.jurors {
		s.byJuror[j+1] += s.byJuror[j]
	}
	for e := range s.entries {
		s.byEntry[e+1] += s.byEntry[e]
	}
	s.ofEntry = make([]int32, len(s.cells))
	next := slices.Clone(s.byEntry[:len(s.entries)])
	for k, c := range s.cells {
		s.ofEntry[next[c.entry]] = int32(k)
		next[c.entry]++
	}
}

// rawMeans returns the plain mean of T per entry.
func (s *sheet) rawMeans() []float64 {
	out := make([]float64, len(s.entries))
	for e := range s.entries {
		var sum float64
		ks := s.ofEntry[s.byEntry[e]:s.byEntry[e+1]]
		for _, k := range ks {
			sum += s.cells[k].t
		}
		out[e] = sum / float64(len(ks))
	}
	return out
}

// meanSD returns the mean and population standard deviation of juror j's
// totals.
func (s *sheet) meanSD(j int) (mean, sd float64) {
	cs := s.cells[s.byJuror[j]:s.byJuror[j+1]]
	for _, c := range cs {
		mean += c.t
	}
	mean /= float64(len(cs))
	var ss float64
	for _, c := range cs {
		d := c.t - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(cs)))
}

// zscore returns each entry's (trimmed) mean of N = 50 + 10·z.
func (s *sheet) zscore() []float64 {
	n := make([]float64, len(s.cells))
	for j := range s.jurors {
		mean, sd := s.meanSD(j)
		for k := s.byJuror[j]; k < s.byJuror[j+1]; k++ {
			z := 0.0
			if sd > 0 {
				z = (s.cells[k].t - mean) / sd
			}
			n[k] = 50 + 10*z
		}
	}
	out := make([]float64, len(s.entries))
	var buf []float64
	for e := range s.entries {
		buf = buf[:0]
		for _, k := range s.ofEntry[s.byEntry[e]:s.byEntry[e+1]] {
			buf = append(buf, n[k])
		}
		if len(buf) >= trimFrom {
			slices.Sort(buf)
			buf = buf[1 : len(buf)-1]
		}
		var sum float64
		for _, v := range buf {
			sum += v
		}
		out[e] = sum / float64(len(buf))
	}
	return out
}
