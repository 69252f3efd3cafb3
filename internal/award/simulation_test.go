package award

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The simulation scores made-up editions whose true quality is known, to
// check that the normalising methods do what they are for: undo jurors'
// harshness and leniency that the plain mean lets through.

// simRubric is a three-criterion rubric scored in whole points 0–100.
var simRubric = []Criterion{
	{Code: "inovasi", Weight: 35, Min: 0, Max: 100},
	{Code: "dampak", Weight: 40, Min: 0, Max: 100},
	{Code: "replikasi", Weight: 25, Min: 0, Max: 100},
}

type simConfig struct {
	entries, jurors, perEntry int
	harshness                 float64 // offsets drawn uniformly from ±harshness
	noise                     float64 // sd of a juror's error on an entry
	banded                    bool    // jurors see a narrow band of quality
}

type simEdition struct {
	quality []float64 // per entry, on the 0–100 scale of T
	offset  []float64 // per juror
	scores  []Score
}

func entryCode(i int) string { return fmt.Sprintf("E%02d", i) }
func jurorCode(j int) string { return fmt.Sprintf("J%02d", j) }

// simulate draws one edition: quality ~ N(60, 12), each juror's offset
// uniform in ±harshness, and each criterion score quality + offset + a
// juror–entry error (sd noise) + a small criterion error (sd 3), rounded and
// kept on the scale.
func simulate(seed uint64, cfg simConfig) simEdition {
	rng := rand.New(rand.NewPCG(seed, 0x4b4d))
	ed := simEdition{quality: make([]float64, cfg.entries), offset: make([]float64, cfg.jurors)}
	for i := range ed.quality {
		ed.quality[i] = 60 + 12*rng.NormFloat64()
	}
	for j := range ed.offset {
		ed.offset[j] = cfg.harshness * (2*rng.Float64() - 1)
	}
	var panels [][]int
	if cfg.banded {
		panels = bandedPanels(ed.quality, cfg)
	} else {
		panels = balancedPanels(rng, cfg)
	}
	for i, panel := range panels {
		for _, j := range panel {
			base := ed.quality[i] + ed.offset[j] + cfg.noise*rng.NormFloat64()
			values := make(map[string]float64, len(simRubric))
			for _, c := range simRubric {
				values[c.Code] = math.Round(min(c.Max, max(c.Min, base+3*rng.NormFloat64())))
			}
			ed.scores = append(ed.scores, Score{Juror: jurorCode(j), Entry: entryCode(i), Values: values})
		}
	}
	return ed
}

// balancedPanels gives each entry perEntry distinct jurors, always those
// with the lightest load so far (ties at random), so that loads differ by at
// most one. It redraws until the juror–entry graph is connected.
func balancedPanels(rng *rand.Rand, cfg simConfig) [][]int {
	for {
		load := make([]int, cfg.jurors)
		panels := make([][]int, cfg.entries)
		for _, i := range rng.Perm(cfg.entries) {
			order := rng.Perm(cfg.jurors)
			slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(load[a], load[b]) })
			panels[i] = slices.Clone(order[:cfg.perEntry])
			for _, j := range panels[i] {
				load[j]++
			}
		}
		if connected(panels, cfg.jurors) {
			return panels
		}
	}
}

// bandedPanels sorts entries by true quality and gives each a window of
// neighbouring jurors: every juror sees entries of similar quality, which is
// what zscore assumes away.
func bandedPanels(quality []float64, cfg simConfig) [][]int {
	byQuality := make([]int, len(quality))
	for i := range byQuality {
		byQuality[i] = i
	}
	slices.SortFunc(byQuality, func(a, b int) int { return cmp.Compare(quality[a], quality[b]) })
	panels := make([][]int, len(quality))
	windows := cfg.jurors - cfg.perEntry + 1
	for p, i := range byQuality {
		first := p * windows / len(quality)
		for k := range cfg.perEntry {
			panels[i] = append(panels[i], first+k)
		}
	}
	return panels
}

func connected(panels [][]int, jurors int) bool {
	seen := make([]bool, jurors)
	seen[panels[0][0]] = true
	for changed := true; changed; {
		changed = false
		for _, p := range panels {
			reached := slices.ContainsFunc(p, func(j int) bool { return seen[j] })
			for _, j := range p {
				if reached && !seen[j] {
					seen[j], changed = true, true
				}
			}
		}
	}
	return !slices.Contains(seen, false)
}

// recovery measures how well a ranking recovers the true order: the share of
// the true top k found in the ranking's top k, and Spearman's rank
// correlation over all entries (no ties on either side).
func recovery(rs []RoundResult, quality []float64, k int) (overlap, spearman float64) {
	truth := make([]int, len(quality))
	for i := range truth {
		truth[i] = i
	}
	slices.SortFunc(truth, func(a, b int) int { return cmp.Compare(quality[b], quality[a]) })
	trueRank := make(map[string]int, len(truth))
	for r, i := range truth {
		trueRank[entryCode(i)] = r
	}
	var hits, d2 float64
	for r, res := range rs {
		tr := trueRank[res.Entry]
		if r < k && tr < k {
			hits++
		}
		d2 += float64((r - tr) * (r - tr))
	}
	n := float64(len(rs))
	return hits / float64(k), 1 - 6*d2/(n*(n*n-1))
}

type simFigures struct {
	overlap, spearman, overlapSD, spearmanSD float64
}

// runSimulation scores seeds editions with every method and returns each
// method's mean top-k overlap and Spearman correlation, with their standard
// deviations across seeds.
func runSimulation(t *testing.T, cfg simConfig, seeds, k int) map[Method]simFigures {
	t.Helper()
	type acc struct{ o, s, oo, ss float64 }
	sums := map[Method]*acc{}
	for _, m := range Methods {
		sums[m] = &acc{}
	}
	for seed := range uint64(seeds) {
		ed := simulate(seed, cfg)
		for _, m := range Methods {
			rs := aggregate(t, simRubric, ed.scores, m)
			if len(rs) != cfg.entries {
				t.Fatalf("seed %d %s: got %d results, want %d", seed, m, len(rs), cfg.entries)
			}
			if m == MethodFitted && rs[len(rs)-1].Component != 0 && !cfg.banded {
				t.Fatalf("seed %d: juror–entry graph not connected", seed)
			}
			o, s := recovery(rs, ed.quality, k)
			a := sums[m]
			a.o += o
			a.s += s
			a.oo += o * o
			a.ss += s * s
		}
	}
	out := map[Method]simFigures{}
	n := float64(seeds)
	for m, a := range sums {
		mo, ms := a.o/n, a.s/n
		out[m] = simFigures{
			overlap: mo, spearman: ms,
			overlapSD:  math.Sqrt(max(0, a.oo/n-mo*mo)),
			spearmanSD: math.Sqrt(max(0, a.ss/n-ms*ms)),
		}
	}
	return out
}

func logFigures(t *testing.T, name string, seeds, k int, f map[Method]simFigures) {
	t.Helper()
	t.Logf("%s, %d seeds: mean top-%d overlap and Spearman ρ (sd across seeds)", name, seeds, k)
	for _, m := range Methods {
		x := f[m]
		t.Logf("  %-6s  overlap %.3f (%.3f)  ρ %.4f (%.4f)", m, x.overlap, x.overlapSD, x.spearman, x.spearmanSD)
	}
}

func TestSimulationRecoversTopFifteen(t *testing.T) {
	const seeds, k = 200, 15
	base := simConfig{entries: 51, jurors: 12, perEntry: 3, harshness: 15, noise: 5}

	t.Run("harsh and lenient jurors, balanced random panels", func(t *testing.T) {
		f := runSimulation(t, base, seeds, k)
		logFigures(t, "offsets ±15, noise 5", seeds, k, f)
		raw := f[MethodRaw]
		for _, m := range []Method{MethodZScore, MethodFitted} {
			if d := f[m].overlap - raw.overlap; d < 0.05 {
				t.Errorf("%s: got top-%d overlap %.3f against raw %.3f, want it at least 0.05 higher", m, k, f[m].overlap, raw.overlap)
			}
			if d := f[m].spearman - raw.spearman; d < 0.03 {
				t.Errorf("%s: got Spearman %.4f against raw %.4f, want it at least 0.03 higher", m, f[m].spearman, raw.spearman)
			}
		}
	})

	t.Run("no harshness", func(t *testing.T) {
		cfg := base
		cfg.harshness = 0
		f := runSimulation(t, cfg, seeds, k)
		logFigures(t, "offsets 0, noise 5", seeds, k, f)
		// With nothing to correct, the corrections cost only their own
		// estimation noise: a little, not much.
		for _, m := range []Method{MethodZScore, MethodFitted} {
			if f[m].spearman < f[MethodRaw].spearman-0.03 {
				t.Errorf("%s: got Spearman %.4f against raw %.4f, want within 0.03", m, f[m].spearman, f[MethodRaw].spearman)
			}
		}
	})

	t.Run("banded panels", func(t *testing.T) {
		cfg := base
		cfg.banded = true
		f := runSimulation(t, cfg, seeds, k)
		logFigures(t, "offsets ±15, noise 5, each juror sees one band of quality", seeds, k, f)
		// zscore's assumption fails: every juror's band is pulled to 50.
		// The fitted model does not need it.
		if f[MethodFitted].spearman <= f[MethodZScore].spearman {
			t.Errorf("fitted: got Spearman %.4f against zscore %.4f, want it higher", f[MethodFitted].spearman, f[MethodZScore].spearman)
		}
	})
}
