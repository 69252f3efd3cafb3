// Package kpi owns the arithmetic of KPI competitions: which participants
// compete on which metric over which windows, how an upload of daily
// measurements is checked line by line, how baseline and competition means
// become scores, ranks, group leaderboards and a difference in differences
// against control units, and how the result is told in one Indonesian
// sentence and drawn as small SVG charts. It does no I/O beyond reading a CSV
// from an io.Reader: the store keeps competitions and measurements, and the
// edges call Compute and render what it returns.
//
// Choices the issue left open, made here once so every edge agrees:
//
//   - B and P are means over the days that have a measurement inside the
//     window, not over calendar days; a missing day neither counts as zero
//     nor lowers the mean. Measurements outside both windows are ignored.
//   - A competitor with no measurement in the baseline or the competition
//     window is not ranked. It is listed in Leaderboard.Unranked with the
//     reason, and left out of the summary sums, so ΣB and ΣP always cover
//     the same participants.
//   - A competitor whose score is undefined (percent with B ≤ 0, log ratio
//     with B+k ≤ 0 or P+k ≤ 0) is ranked, after everyone with a score, with
//     a null score and a flag. Percent is null whenever B ≤ 0: a percentage
//     of a negative baseline flips sign and would rank backwards. A score
//     beyond float64 (a baseline a hair above zero) is undefined too.
//   - ValidateMeasurements refuses values beyond ±MaxValue (10^15), so that
//     means, sums and changes stay finite: JSON has no Infinity.
//   - Ranks are 1, 2, 3… with no shared places: after the score, ties go to
//     the better absolute change, then to the smaller participant code.
//     Scores and changes are compared at 12 significant digits so floating
//     point noise (50 against 50.00000000000001) never decides a place; the
//     numbers themselves are reported at full precision.
//   - The default log-ratio offset k is the median B of the competitors that
//     have baseline data. Group leaderboards reuse the competition's k, so a
//     participant has the same score on every board; only ranks and the
//     summary are recomputed per group.
//   - Compute refuses measurements that fail ValidateMeasurements (unknown
//     participant, two values for one day, NaN, a forbidden negative; not
//     the bound, so that values stored before it still compute)
//     rather than guess which value counts.
//   - ParseCSV and CheckCSV return the good rows together with the errors.
//     An upload should be stored all or nothing: callers refuse the batch
//     when any error is returned and show every error at once.
package kpi
