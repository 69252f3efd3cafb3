package award

import (
	"fmt"
	"strings"

	"lumbung/internal/km"
)

// Problem is one thing wrong with the input of a computation.
type Problem struct {
	// Field locates the problem in the input, e.g. "criteria[2].weight" or
	// "scores[7].values.inovasi".
	Field string
	// Key is a message key for the edges' i18n catalogue, e.g.
	// "award.score.out_of_range".
	Key string
	// Message says in English what is wrong, with the offending values.
	Message string
}

// InputError reports every problem found in the input at once, so that a
// secretariat fixing a scoring sheet sees all of them rather than one per
// attempt.
type InputError struct {
	Problems []Problem
}

// maxListed bounds how many problems Error spells out; a sheet imported with
// a wrong scale can have hundreds.
const maxListed = 5

// Error lists the first problems in input order.
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("award: ")
	for i, p := range e.Problems {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-maxListed)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Message)
	}
	return b.String()
}

// As lets edges that already map *km.ValidationError handle award input
// errors the same way: errors.As(err, &v) with v a *km.ValidationError gets
// one message key per field.
func (e *InputError) As(target any) bool {
	t, ok := target.(**km.ValidationError)
	if !ok {
		return false
	}
	v := &km.ValidationError{}
	for _, p := range e.Problems {
		v.Add(p.Field, p.Key)
	}
	*t = v
	return true
}

// problems collects Problems; its err is nil when there are none.
type problems []Problem

func (ps *problems) add(field, key, format string, args ...any) {
	*ps = append(*ps, Problem{Field: field, Key: key, Message: fmt.Sprintf(format, args...)})
}

func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &InputError{Problems: ps}
}

// Message keys, one per kind of problem.
const (
	KeyCriteriaEmpty        = "award.criteria.empty"
	KeyCriterionCode        = "award.criterion.code_required"
	KeyCriterionDuplicate   = "award.criterion.duplicate"
	KeyCriterionWeight      = "award.criterion.weight_not_positive"
	KeyCriterionScale       = "award.criterion.scale_invalid"
	KeyScoreJuror           = "award.score.juror_required"
	KeyScoreEntry           = "award.score.entry_required"
	KeyScoreDuplicate       = "award.score.duplicate"
	KeyScoreMissing         = "award.score.missing_criterion"
	KeyScoreUnknown         = "award.score.unknown_criterion"
	KeyScoreNotNumber       = "award.score.not_a_number"
	KeyScoreOutOfRange      = "award.score.out_of_range"
	KeyMethodUnknown        = "award.method.unknown"
	KeyRoundsEmpty          = "award.rounds.empty"
	KeyRoundCode            = "award.round.code_required"
	KeyRoundDuplicate       = "award.round.duplicate"
	KeyRoundKind            = "award.round.kind_unknown"
	KeyRoundOrder           = "award.round.order_duplicate"
	KeyRoundAdvance         = "award.round.advance_negative"
	KeyRoundWeight          = "award.round.weight_negative"
	KeyRoundsNoWeight       = "award.rounds.no_weight"
	KeyResultsUnknownRound  = "award.results.unknown_round"
	KeyResultsDuplicate     = "award.results.duplicate_entry"
	KeyResultsEntryRequired = "award.results.entry_required"
	KeyResultsNotNumber     = "award.results.not_a_number"
)
