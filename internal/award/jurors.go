package award

import "slices"

// JurorStats describes how one juror scored in a round, for the chart that
// lets the secretariat see harsh, lenient and flat jurors at a glance.
type JurorStats struct {
	Juror string
	// N is how many entries the juror scored.
	N int
	// Mean and SD are the mean and population standard deviation of the
	// juror's totals T (0–100): the numbers zscore normalises by.
	Mean, SD float64
	Min, Max float64
	// Offset is the juror's fitted harshness, in points of T: how much
	// higher (lenient, > 0) or lower (harsh, < 0) the juror scores than the
	// average juror of the same component would the same entries.
	Offset float64
	// Component is the connected part of the juror–entry graph the juror
	// belongs to, numbered as in RoundResult.
	Component int
	// Totals are the juror's totals, ascending, for a strip or box plot.
	Totals []float64
	// FewSheets marks a juror with fewer than MinZScoreSheets totals in
	// the round: their mean and spread say little about their harshness,
	// so the pages flag them rather than call them harsh or lenient.
	FewSheets bool
}

// MinZScoreSheets is the fewest totals from which a juror's mean and spread
// describe the juror rather than the entries they happened to get. The
// arithmetic does not depend on it (z = 0 when sd = 0, as documented, and
// the award results contract is kept); the results flag the jurors below.
const MinZScoreSheets = 3

// JurorStatistics returns one JurorStats per juror of a round, in juror code
// order. It validates scores as AggregateRound does.
func JurorStatistics(criteria []Criterion, scores []Score) ([]JurorStats, error) {
	s, err := newSheet(criteria, scores)
	if err != nil {
		return nil, err
	}
	_, offsets := s.fit()
	out := make([]JurorStats, len(s.jurors))
	for j, code := range s.jurors {
		cs := s.cells[s.byJuror[j]:s.byJuror[j+1]]
		totals := make([]float64, len(cs))
		for k, c := range cs {
			totals[k] = c.t
		}
		slices.Sort(totals)
		mean, sd := s.meanSD(j)
		out[j] = JurorStats{
			Juror:     code,
			N:         len(cs),
			Mean:      mean,
			SD:        sd,
			Min:       totals[0],
			Max:       totals[len(totals)-1],
			Offset:    offsets[j],
			Component: s.jurorComp[j],
			Totals:    totals,
			FewSheets: len(cs) < MinZScoreSheets,
		}
	}
	return out, nil
}
