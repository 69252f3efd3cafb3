// Command searchload measures search at scale: it imports N generated
// practices (JSONL from bench/genpractices) into a fresh SQLite database,
// builds the index in batches (practices/s), then runs the development
// questions of ../shared/eval/tydiqa-id as queries and prints p50/p99
// latency, with the process's peak RSS.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

func main() {
	in := flag.String("in", "", "practices JSONL (from bench/genpractices)")
	queries := flag.String("queries", "../shared/eval/tydiqa-id/queries.tsv", "questions TSV (qid, split, question)")
	nq := flag.Int("q", 2000, "number of queries")
	dir := flag.String("dir", "", "data directory to use (default: a temporary one, removed after)")
	flag.BoolVar(&reuse, "reuse", false, "reuse the database and index already in -dir (skip import and build)")
	flag.BoolVar(&rebuild, "rebuild", false, "reuse the database in -dir but build the index again (timed; profiled with -cpuprofile)")
	flag.BoolVar(&facets, "facets", true, "ask for facets")
	flag.BoolVar(&highlight, "highlight", true, "ask for highlights")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the query phase to this file")
	flag.IntVar(&slowest, "slow", 0, "also print the `N` slowest queries, with their time and hits")
	flag.IntVar(&related, "related", 0, "also time `N` related-practices lookups (a practice page's), practices spread over the ids")
	flag.Parse()
	profile = *cpuprofile
	if err := run(*in, *queries, *nq, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "searchload:", err)
		os.Exit(1)
	}
}

var (
	reuse, rebuild, facets, highlight bool
	profile                           string
	slowest, related                  int
)

func run(in, queries string, nq int, dir string) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "searchload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.EnsureRoot(ctx); err != nil {
		return err
	}
	a := app.New(st, &files.Store{Dir: dir}, 1<<20, nil)
	var ix *search.Index
	var n int
	var importDur, indexDur time.Duration
	switch {
	case reuse:
		if ix, err = search.Open(dir, false); err != nil {
			return err
		}
		c, _ := ix.DocCount()
		n = int(c)
	case rebuild:
		stop, err := startProfile()
		if err != nil {
			return err
		}
		if ix, n, indexDur, err = buildIndex(ctx, st, dir); err != nil {
			return err
		}
		stop()
		profile = ""
	default:
		if ix, n, importDur, indexDur, err = build(ctx, a, st, in, dir); err != nil {
			return err
		}
	}
	defer ix.Close()
	return measure(ctx, a, ix, n, importDur, indexDur, queries, nq)
}

func build(ctx context.Context, a *app.App, st *store.Store, in, dir string) (*search.Index, int, time.Duration, time.Duration, error) {
	f, err := os.Open(in)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	t0 := time.Now()
	res, err := a.ImportPractices(ctx, app.System, f, app.ImportOptions{BatchSize: 2000})
	f.Close()
	if err != nil {
		return nil, 0, 0, 0, fmt.Errorf("import: %v (%d errors)", err, len(res.Errors))
	}
	n := res.Created + res.Updated
	importDur := time.Since(t0)
	ix, _, indexDur, err := buildIndex(ctx, st, dir)
	return ix, n, importDur, indexDur, err
}

// buildIndex indexes every practice of the database into a fresh index.
func buildIndex(ctx context.Context, st *store.Store, dir string) (*search.Index, int, time.Duration, error) {
	ix, err := search.Fresh(dir)
	if err != nil {
		return nil, 0, 0, err
	}
	t0 := time.Now()
	n, err := ix.Rebuild(ctx, st, nil)
	if err != nil {
		ix.Close()
		return nil, 0, 0, err
	}
	return ix, n, time.Since(t0), nil
}

// startProfile starts the CPU profile asked for with -cpuprofile, if any,
// and returns the function that stops it.
func startProfile() (func(), error) {
	if profile == "" {
		return func() {}, nil
	}
	f, err := os.Create(profile)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func measure(ctx context.Context, a *app.App, ix *search.Index, n int, importDur, indexDur time.Duration, queries string, nq int) error {
	syn, err := a.Synonyms(ctx)
	if err != nil {
		return err
	}
	qs, err := readQuestions(queries, nq)
	if err != nil {
		return err
	}
	// Warm up the page cache and the stem cache.
	for _, q := range qs[:min(len(qs), 100)] {
		ix.Search(ctx, search.Request{Text: q, Limit: 10}, syn)
	}
	stop, err := startProfile()
	if err != nil {
		return err
	}
	defer stop()
	var lat []time.Duration
	var hits uint64
	type timed struct {
		d    time.Duration
		hits uint64
		q    string
	}
	var each []timed
	for _, q := range qs {
		s := time.Now()
		r, err := ix.Search(ctx, search.Request{Text: q, Limit: 10, Facets: facets, Highlight: highlight}, syn)
		d := time.Since(s)
		lat = append(lat, d)
		if err != nil {
			return err
		}
		hits += r.Total
		each = append(each, timed{d, r.Total, q})
	}
	if slowest > 0 {
		sort.Slice(each, func(i, j int) bool { return each[i].d > each[j].d })
		for _, t := range each[:min(slowest, len(each))] {
			fmt.Printf("  %8.1f ms %8d hits  %s\n", float64(t.d.Microseconds())/1000, t.hits, t.q)
		}
	}
	pct := percentiles(lat)
	switch {
	case reuse:
		fmt.Printf("practices: %d (index reused)\n", n)
	case rebuild:
		fmt.Printf("practices: %d; index build %.1f s (%.0f practices/s)\n", n, indexDur.Seconds(), float64(n)/indexDur.Seconds())
	default:
		fmt.Printf("practices: %d; import %.1f s (%.0f/s); index build %.1f s (%.0f practices/s)\n",
			n, importDur.Seconds(), float64(n)/importDur.Seconds(), indexDur.Seconds(), float64(n)/indexDur.Seconds())
	}
	fmt.Printf("queries: %d (facets %t, highlights %t), mean hits %.0f; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		len(lat), facets, highlight, float64(hits)/float64(len(lat)), pct(50), pct(99), float64(lat[len(lat)-1].Microseconds())/1000)
	if related > 0 {
		if err := measureRelated(ctx, a.Store, ix, syn, n); err != nil {
			return err
		}
	}
	fmt.Printf("peak RSS: %s\n", peakRSS())
	return nil
}

// measureRelated times the related-practices lookup of a practice page
// (Index.RelatedRequest, as the public sees it) for practices spread
// evenly over the ids.
func measureRelated(ctx context.Context, st *store.Store, ix *search.Index, syn *search.Synonyms, n int) error {
	var lat []time.Duration
	for i := range related {
		id := int64(i*max(n/related, 1) + 1)
		p, err := st.Practice(ctx, id)
		if err != nil {
			return fmt.Errorf("practice %d: %w", id, err)
		}
		s := time.Now()
		if _, err := ix.Search(ctx, ix.RelatedRequest(p, km.Visibility{}, 5), syn); err != nil {
			return err
		}
		lat = append(lat, time.Since(s))
	}
	pct := percentiles(lat)
	fmt.Printf("related: %d lookups; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", len(lat), pct(50), pct(99), float64(lat[len(lat)-1].Microseconds())/1000)
	return nil
}

// percentiles sorts lat and returns its percentile function, in ms.
func percentiles(lat []time.Duration) func(p float64) float64 {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return func(p float64) float64 {
		i := int(math.Ceil(p/100*float64(len(lat)))) - 1
		return float64(lat[max(i, 0)].Microseconds()) / 1000
	}
}

func readQuestions(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var out []string
	first := true
	for sc.Scan() && len(out) < n {
		if first {
			first = false
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) >= 3 {
			out = append(out, fs[2])
		}
	}
	return out, sc.Err()
}

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
