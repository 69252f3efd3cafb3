package award

import (
	"fmt"
	"math"
	"slices"
)

// Criterion is one line of a round's rubric: jurors score it on the scale
// Min–Max, and it counts Weight in the juror's total. Weights are relative;
// they need not sum to 1 or 100.
type Criterion struct {
	Code   string
	Weight float64
	Min    float64
	Max    float64
}

// Score is one juror's rubric for one entry: a value per criterion code.
type Score struct {
	Juror  string
	Entry  string
	Values map[string]float64
}

// rubric is a validated set of criteria, ready to total many scores.
type rubric struct {
	criteria []Criterion
	index    map[string]int
	weight   float64 // sum of the weights
}

func newRubric(criteria []Criterion, ps *problems) rubric {
	r := rubric{criteria: criteria, index: make(map[string]int, len(criteria))}
	if len(criteria) == 0 {
		ps.add("criteria", KeyCriteriaEmpty, "no criteria: a round needs at least one")
	}
	for i, c := range criteria {
		f := fmt.Sprintf("criteria[%d]", i)
		if c.Code == "" {
			ps.add(f+".code", KeyCriterionCode, "%s: criterion code is empty", f)
		} else if _, dup := r.index[c.Code]; dup {
			ps.add(f+".code", KeyCriterionDuplicate, "%s: criterion %q is listed twice", f, c.Code)
		} else {
			r.index[c.Code] = i
		}
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			ps.add(f+".weight", KeyCriterionWeight, "%s (%q): weight must be a positive number, got %v", f, c.Code, c.Weight)
		}
		if !finite(c.Min) || !finite(c.Max) || !(c.Min < c.Max) {
			ps.add(f+".max", KeyCriterionScale, "%s (%q): scale must run from a lower to a higher number, got %v–%v", f, c.Code, c.Min, c.Max)
		}
		r.weight += c.Weight
	}
	return r
}

// sheetRef names the sheet being totalled in problems: scores[index], or
// the values passed to Total when index is negative. Names are built only
// when there is a problem to report, as totalling is the hot path.
type sheetRef struct {
	index        int
	juror, entry string
}

// field returns the path of a criterion's value, e.g. "scores[3].values.a".
func (r sheetRef) field(code string) string {
	if r.index < 0 {
		return "values." + code
	}
	return fmt.Sprintf("scores[%d].values.%s", r.index, code)
}

// who names the sheet in messages.
func (r sheetRef) who() string {
	if r.index < 0 {
		return "values"
	}
	return fmt.Sprintf("scores[%d] (juror %q, entry %q)", r.index, r.juror, r.entry)
}

// total returns the weighted mean of the rescaled values, recording
// problems against ref.
func (r rubric) total(ref sheetRef, values map[string]float64, ps *problems) float64 {
	var sum float64
	found := 0
	for _, c := range r.criteria {
		v, ok := values[c.Code]
		switch {
		case !ok:
			ps.add(ref.field(c.Code), KeyScoreMissing, "%s: no score for criterion %q", ref.who(), c.Code)
			continue
		case !finite(v):
			ps.add(ref.field(c.Code), KeyScoreNotNumber, "%s: criterion %q score is not a number: %v", ref.who(), c.Code, v)
		case v < c.Min || v > c.Max:
			ps.add(ref.field(c.Code), KeyScoreOutOfRange, "%s: criterion %q score %v is outside its scale %v–%v", ref.who(), c.Code, v, c.Min, c.Max)
		default:
			sum += c.Weight * 100 * (v - c.Min) / (c.Max - c.Min)
		}
		found++
	}
	if len(values) > found {
		var unknown []string
		for k := range values {
			if _, ok := r.index[k]; !ok {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			ps.add(ref.field(k), KeyScoreUnknown, "%s: unknown criterion %q", ref.who(), k)
		}
	}
	return sum / r.weight
}

// Total returns a juror's total T for one entry: each criterion score
// rescaled to 0–100 as 100·(s−min)/(max−min), then the weighted mean over
// the criteria. It is what every aggregation method starts from, and what an
// entrant's feedback shows per juror.
func Total(criteria []Criterion, values map[string]float64) (float64, error) {
	var ps problems
	r := newRubric(criteria, &ps)
	if err := ps.err(); err != nil {
		return 0, err
	}
	t := r.total(sheetRef{index: -1}, values, &ps)
	if err := ps.err(); err != nil {
		return 0, err
	}
	return t, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
