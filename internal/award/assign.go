package award

import (
	"cmp"
	"slices"
)

// ValidateCriteria checks a rubric as AggregateRound would: codes present
// and unique, weights positive, scales running from a lower to a higher
// number.
func ValidateCriteria(criteria []Criterion) error {
	var ps problems
	newRubric(criteria, &ps)
	return ps.err()
}

// Pair is a juror–entry pair, by code.
type Pair struct {
	Juror, Entry string
}

// AutoAssign gives each entry n jurors, respecting conflicts and keeping the
// load balanced. Entries are taken in code order; each takes the n
// non-conflicted jurors with the lightest load so far, preferring among
// equals the jurors who have shared fewest entries with the ones already
// picked for it (so panels mix), then juror code. With two or more jurors
// per entry the juror–entry graph is then made connected where conflicts
// allow, so that every juror's scores can be compared with every other's
// (see [Connected]): while it has several parts, two new assignments in
// different parts swap their jurors, which keeps every load and panel size.
// The result is deterministic. existing pairs (already assigned) count
// toward loads and panels and are not returned again, nor moved. An entry
// that cannot get n jurors is an *InputError.
func AutoAssign(entries, jurors []string, n int, conflicted func(juror, entry string) bool, existing []Pair) ([]Pair, error) {
	var ps problems
	if n <= 0 {
		ps.add("jurors_per_entry", "award.assign.n_invalid", "jurors per entry must be at least 1, got %d", n)
		return nil, ps.err()
	}
	es := slices.Clone(entries)
	slices.Sort(es)
	js := slices.Clone(jurors)
	slices.Sort(js)
	load := map[string]int{}
	panel := map[string][]string{}
	shared := map[[2]string]int{}
	for _, p := range existing {
		load[p.Juror]++
		panel[p.Entry] = append(panel[p.Entry], p.Juror)
	}
	for _, ms := range panel {
		for _, a := range ms {
			for _, b := range ms {
				if a != b {
					shared[[2]string{a, b}]++
				}
			}
		}
	}
	var out []Pair
	for _, e := range es {
		for len(panel[e]) < n {
			best := ""
			var bestKey [2]int
			for _, j := range js {
				if slices.Contains(panel[e], j) || conflicted(j, e) {
					continue
				}
				overlap := 0
				for _, m := range panel[e] {
					overlap += shared[[2]string{j, m}]
				}
				key := [2]int{load[j], overlap}
				if best == "" || cmp.Compare(key[0], bestKey[0]) < 0 || (key[0] == bestKey[0] && key[1] < bestKey[1]) {
					best, bestKey = j, key
				}
			}
			if best == "" {
				ps.add("entries."+e, "award.assign.not_enough_jurors",
					"entry %q: only %d jurors without a conflict of interest, %d needed", e, len(panel[e]), n)
				break
			}
			for _, m := range panel[e] {
				shared[[2]string{best, m}]++
				shared[[2]string{m, best}]++
			}
			panel[e] = append(panel[e], best)
			load[best]++
			out = append(out, Pair{Juror: best, Entry: e})
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	if n >= 2 {
		connect(out, existing, conflicted)
	}
	return out, nil
}

// connect swaps the jurors of pairs of out until the graph of existing and
// out is connected or no swap joins two of its parts. A swap of out[i]
// and out[k] is allowed when neither juror is conflicted with, or already
// on, the other's entry; it is kept only if it lowers the number of parts.
func connect(out, existing []Pair, conflicted func(juror, entry string) bool) {
	all := func() []Pair { return append(slices.Clone(existing), out...) }
	on := map[[2]string]bool{}
	for _, p := range all() {
		on[[2]string{p.Juror, p.Entry}] = true
	}
	parts := Connected(all())
	for parts > 1 {
		improved := false
		for i := 0; i < len(out) && !improved; i++ {
			for k := i + 1; k < len(out) && !improved; k++ {
				a, b := out[i], out[k]
				if a.Juror == b.Juror || a.Entry == b.Entry || on[[2]string{a.Juror, b.Entry}] || on[[2]string{b.Juror, a.Entry}] ||
					conflicted(a.Juror, b.Entry) || conflicted(b.Juror, a.Entry) {
					continue
				}
				out[i], out[k] = Pair{Juror: b.Juror, Entry: a.Entry}, Pair{Juror: a.Juror, Entry: b.Entry}
				if p := Connected(all()); p < parts {
					delete(on, [2]string{a.Juror, a.Entry})
					delete(on, [2]string{b.Juror, b.Entry})
					on[[2]string{b.Juror, a.Entry}], on[[2]string{a.Juror, b.Entry}] = true, true
					parts, improved = p, true
				} else {
					out[i], out[k] = a, b
				}
			}
		}
		if !improved {
			return
		}
	}
}

// Connected reports how many connected parts the juror–entry graph of pairs
// has: 1 means every juror's scores can be compared with every other's.
func Connected(pairs []Pair) int {
	roots := map[string]bool{}
	for _, r := range parts(pairs) {
		roots[r] = true
	}
	return len(roots)
}

// Group is one connected part of a round's juror–entry graph: jurors who
// share entries with each other, directly or through a chain of other
// jurors, and the entries they score. Scores are comparable within a group
// only (see the package documentation on connected components).
type Group struct {
	Jurors, Entries []string // codes, in order
}

// Groups splits the juror–entry graph of pairs into its connected parts,
// the largest first (by entries, then jurors), then by first juror code.
// More than one group means a round's jurors cannot all be compared, which
// manual assignment can cause and AutoAssign avoids where it can. Jurors
// and entries appear only through pairs: a juror with no entry in the
// round scores nothing and is in no group.
func Groups(pairs []Pair) []Group {
	byRoot := map[string]*Group{}
	var out []*Group
	for node, r := range parts(pairs) {
		g := byRoot[r]
		if g == nil {
			g = &Group{}
			byRoot[r] = g
			out = append(out, g)
		}
		switch code := node[2:]; node[:2] {
		case "j:":
			g.Jurors = append(g.Jurors, code)
		default:
			g.Entries = append(g.Entries, code)
		}
	}
	for _, g := range out {
		slices.Sort(g.Jurors)
		slices.Sort(g.Entries)
	}
	slices.SortFunc(out, func(a, b *Group) int {
		if c := cmp.Compare(len(b.Entries), len(a.Entries)); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.Jurors), len(a.Jurors)); c != 0 {
			return c
		}
		return cmp.Compare(a.Jurors[0], b.Jurors[0])
	})
	gs := make([]Group, len(out))
	for i, g := range out {
		gs[i] = *g
	}
	return gs
}

// parts maps every node of the juror–entry graph of pairs ("j:" and a
// juror code, "e:" and an entry code) to the root of its connected part.
func parts(pairs []Pair) map[string]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if parent[x] == "" || parent[x] == x {
			parent[x] = x
			return x
		}
		r := find(parent[x])
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		a, b := find("j:"+p.Juror), find("e:"+p.Entry)
		if a != b {
			parent[a] = b
		}
	}
	roots := make(map[string]string, len(parent))
	for x := range parent {
		roots[x] = find(x)
	}
	return roots
}
