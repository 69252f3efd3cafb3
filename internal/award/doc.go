// Package award owns the arithmetic of the KM Award: turning jurors' rubric
// scores into round scores, rankings, shortlists, a final ranking and
// winners. It is pure computation over plain values: no HTTP, no SQL, no
// clock, no randomness. The same input always gives the same output, down to
// the order of the results and the last bit of every score, whatever the
// order of the input.
//
// # From rubric to round score
//
// A juror scores an entry on every criterion of the round. Each criterion
// score s on a scale min–max is rescaled to 0–100 as 100·(s−min)/(max−min),
// and the weighted mean over the criteria is the juror's total T for that
// entry (see [Total]). Totals are then aggregated per entry by one of three
// methods:
//
//   - [MethodZScore] (the default): within the round, each juror's totals are
//     standardised over the entries that juror scored, z = (T−mean)/sd with
//     the population standard deviation (z = 0 when sd = 0), and mapped to
//     N = 50 + 10·z. An entry's score is the mean of its jurors' N, after
//     dropping the single highest and lowest N when it has five or more
//     jurors. This removes each juror's harshness and spread, on the
//     assumption that every juror saw a similar mix of entries.
//   - [MethodRaw]: the plain mean of T.
//   - [MethodFitted]: the least-squares fit of T = quality(entry) +
//     offset(juror); the score is the estimated quality on the 0–100 scale.
//     It removes harshness without assuming jurors saw similar entries, but
//     it needs jurors to overlap (see below).
//
// Every method also reports RawMean, the untrimmed mean of T, which breaks
// ties: results are ranked by score, then RawMean (higher first), then entry
// code (ascending). Scores and raw means are compared rounded to nine
// decimal places (they are reported in full), so that two entries whose
// scores are mathematically equal but differ in the last bit through
// floating-point rounding are ordered by that rule rather than by the noise.
//
// # Connected components and the fitted method
//
// Jurors and entries form a graph, a juror linked to every entry they scored.
// Offsets of jurors who share no entries, directly or through a chain of
// other jurors, cannot be told apart from differences in quality, so the
// fitted model is identified only within a connected component. We solve it
// per component and fix each component by making its juror offsets sum to
// zero: each component's scores are read against the average juror of that
// component. Ranking across components therefore assumes their juror panels
// are equally harsh on average. RoundResult.Component and JurorStats.Component
// number the components (0 is the largest), so a caller can warn when a round
// has more than one; assign jurors so that the graph is connected and the
// question does not arise. [Groups] finds the components from a round's
// assignments alone, before any score, so that a split made by hand can
// be caught while it can still be joined.
//
// # Rounds and the final ranking
//
// A round (screening, desk evaluation, presentation, field verification)
// ranks the entries that took part in it; its top [Round.Advance] go on
// ([Shortlist]). [FinalRanking] puts the entries that reached the last round
// first, ranked by the weighted mean of their round scores over the rounds
// they went through, the round weights renormalised over those rounds and
// rounds of weight 0 left out. Entries eliminated earlier follow, later
// eliminations first, each group ranked by its score in the round where it
// stopped. [Winners] and [WinnersByCategory] take the top of that ranking,
// finalists only.
//
// Bad input is reported as an [*InputError] listing every problem with a
// field path, a message key and an English message.
package award
