package award

import (
	"cmp"
	"math"
	"slices"
)

// components finds the connected parts of the juror–entry graph and numbers
// them by size (entries, then jurors, largest first), then by their first
// entry code.
func (s *sheet) components() {
	nj := len(s.jurors)
	parent := make([]int32, nj+len(s.entries)) // jurors first, then entries
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, c := range s.cells {
		a, b := find(c.juror), find(int32(nj)+c.entry)
		if a != b {
			parent[max(a, b)] = min(a, b)
		}
	}
	type comp struct {
		root            int32
		entries, jurors int
		firstEntry      int // entries are numbered in code order
	}
	byRoot := map[int32]*comp{}
	var comps []*comp
	get := func(r int32) *comp {
		c, ok := byRoot[r]
		if !ok {
			c = &comp{root: r, firstEntry: math.MaxInt}
			byRoot[r] = c
			comps = append(comps, c)
		}
		return c
	}
	for e := range s.entries {
		c := get(find(int32(nj + e)))
		c.entries++
		c.firstEntry = min(c.firstEntry, e)
	}
	for j := range s.jurors {
		get(find(int32(j))).jurors++
	}
	slices.SortFunc(comps, func(a, b *comp) int {
		if c := cmp.Compare(b.entries, a.entries); c != 0 {
			return c
		}
		if c := cmp.Compare(b.jurors, a.jurors); c != 0 {
			return c
		}
		return cmp.Compare(a.firstEntry, b.firstEntry)
	})
	number := make(map[int32]int, len(comps))
	for i, c := range comps {
		number[c.root] = i
	}
	s.comps = len(comps)
	s.entryComp = make([]int, len(s.entries))
	for e := range s.entries {
		s.entryComp[e] = number[find(int32(nj+e))]
	}
	s.jurorComp = make([]int, nj)
	for j := range s.jurors {
		s.jurorComp[j] = number[find(int32(j))]
	}
}

// fit solves the least-squares model T = q(entry) + b(juror) with the
// offsets b summing to zero within each component, and returns q per entry
// and b per juror.
//
// Setting the derivatives to zero gives q_i = mean over i's jurors of
// (T_ij − b_j), and, substituting, for each juror j
//
//	n_j·b_j − Σ_{i∈E(j)} (1/n_i)·Σ_{k∈J(i)} b_k = Σ_{i∈E(j)} (T_ij − T̄_i)
//
// where E(j) are the entries j scored, J(i) the jurors of i and n their
// counts. That is M·b = r with M a weighted Laplacian of the juror graph: it
// is positive semi-definite, singular along the all-ones vector of each
// component, and 1ᵀr = 0. Adding 11ᵀ makes it positive definite without
// changing the solution with 1ᵀb = 0, so each component is one Cholesky
// solve of the size of its juror panel: cheap, since there are far fewer
// jurors than entries.
func (s *sheet) fit() (q, b []float64) {
	q = make([]float64, len(s.entries))
	b = make([]float64, len(s.jurors))
	tbar := s.rawMeans()

	members := make([][]int, s.comps) // jurors of each component, in code order
	for j := range s.jurors {
		members[s.jurorComp[j]] = append(members[s.jurorComp[j]], j)
	}
	local := make([]int, len(s.jurors)) // juror's position in its component
	for _, js := range members {
		for p, j := range js {
			local[j] = p
		}
	}
	for _, js := range members {
		n := len(js)
		if n < 2 {
			continue // a lone juror's offset is 0 by the constraint
		}
		m := make([]float64, n*n)
		for i := range m {
			m[i] = 1 // the 11ᵀ term
		}
		r := make([]float64, n)
		for _, j := range js {
			pj := local[j]
			for k := s.byJuror[j]; k < s.byJuror[j+1]; k++ {
				c := s.cells[k]
				e := c.entry
				r[pj] += c.t - tbar[e]
				m[pj*n+pj]++
				ks := s.ofEntry[s.byEntry[e]:s.byEntry[e+1]]
				w := 1 / float64(len(ks))
				for _, kk := range ks {
					m[pj*n+local[s.cells[kk].juror]] -= w
				}
			}
		}
		x := choleskySolve(m, r, n)
		for p, j := range js {
			b[j] = x[p]
		}
	}
	for e := range s.entries {
		ks := s.ofEntry[s.byEntry[e]:s.byEntry[e+1]]
		var sum float64
		for _, k := range ks {
			sum += b[s.cells[k].juror]
		}
		q[e] = tbar[e] - sum/float64(len(ks))
	}
	return q, b
}

// choleskySolve solves a·x = r for a symmetric positive definite n×n matrix
// a stored by rows. It overwrites a with its Cholesky factor.
func choleskySolve(a, r []float64, n int) []float64 {
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			sum := a[i*n+j]
			for k := 0; k < j; k++ {
				sum -= a[i*n+k] * a[j*n+k]
			}
			if i == j {
				// Rounding can leave a tiny non-positive pivot only if the
				// component were not connected, which components rules out;
				// guard anyway rather than produce NaN.
				a[i*n+i] = math.Sqrt(max(sum, 1e-300))
			} else {
				a[i*n+j] = sum / a[j*n+j]
			}
		}
	}
	x := make([]float64, n)
	for i := 0; i < n; i++ { // L·y = r
		sum := r[i]
		for k := 0; k < i; k++ {
			sum -= a[i*n+k] * x[k]
		}
		x[i] = sum / a[i*n+i]
	}
	for i := n - 1; i >= 0; i-- { // Lᵀ·x = y
		sum := x[i]
		for k := i + 1; k < n; k++ {
			sum -= a[k*n+i] * x[k]
		}
		x[i] = sum / a[i*n+i]
	}
	return x
}
