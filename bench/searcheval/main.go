// Command searcheval measures Lumbung's search against SQLite FTS5 bm25 in
// the same run, on a passage collection with questions and relevance
// judgements (../shared/eval/tydiqa-id or facqa-id): MRR@10, nDCG@10,
// Recall@100, and per-query latency (p50, p99). Lumbung goes through the
// same code as `lumbung import practices` and `lumbung search --batch`; the
// baseline is an FTS5 table with the unicode61 tokenizer queried with the OR
// of the question's raw tokens, ranked by bm25().
package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/km"
	"lumbung/internal/search"
	"lumbung/internal/store"
)

func main() {
	dir := flag.String("set", "../shared/eval/tydiqa-id", "collection directory (corpus.tsv, queries.tsv, qrels.txt)")
	split := flag.String("split", "", "only questions of this split (train, valid); empty for all")
	maxQ := flag.Int("n", 0, "at most this many questions (0: all)")
	flag.StringVar(&diffPath, "diff", "", "write each question's rank of the first relevant passage in both systems to this TSV")
	flag.IntVar(&relatedN, "related", 0, "also measure related practices for `N` passages (see relatedEval)")
	flag.Parse()
	if err := run(*dir, *split, *maxQ); err != nil {
		fmt.Fprintln(os.Stderr, "searcheval:", err)
		os.Exit(1)
	}
}

type question struct{ id, text string }

var (
	diffPath string
	relatedN int
)

func run(dir, split string, maxQ int) error {
	ctx := context.Background()
	passages, err := readTSV(filepath.Join(dir, "corpus.tsv"))
	if err != nil {
		return err
	}
	qrows, err := readTSV(filepath.Join(dir, "queries.tsv"))
	if err != nil {
		return err
	}
	qrels, err := readQrels(filepath.Join(dir, "qrels.txt"))
	if err != nil {
		return err
	}
	var qs []question
	for _, r := range qrows {
		if split != "" && r[1] != split {
			continue
		}
		if _, ok := qrels[r[0]]; ok {
			qs = append(qs, question{r[0], r[2]})
		}
	}
	if maxQ > 0 && len(qs) > maxQ {
		qs = qs[:maxQ]
	}

	// Lumbung: import, index, search.
	tmp, err := os.MkdirTemp("", "searcheval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, "", tmp)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.EnsureRoot(ctx); err != nil {
		return err
	}
	a := app.New(st, &files.Store{Dir: tmp}, 1<<20, nil)
	var jl bytes.Buffer
	enc := json.NewEncoder(&jl)
	for _, p := range passages {
		enc.Encode(map[string]string{"id": p[0], "title": "", "body": p[1]})
	}
	t0 := time.Now()
	if res, err := a.ImportPractices(ctx, app.System, &jl, app.ImportOptions{}); err != nil {
		return fmt.Errorf("import: %v %v", err, res.Errors)
	}
	importTime := time.Since(t0)
	ix, err := search.Open(tmp, false)
	if err != nil {
		return err
	}
	defer ix.Close()
	t0 = time.Now()
	if _, err := ix.CatchUp(ctx, st); err != nil {
		return err
	}
	indexTime := time.Since(t0)
	syn, err := a.Synonyms(ctx)
	if err != nil {
		return err
	}
	ext := map[int64]string{}
	for after := int64(0); ; {
		ids, err := st.PracticeIDs(ctx, after, 5000)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		byID, err := a.PracticeSummaries(ctx, ids)
		if err != nil {
			return err
		}
		for id, p := range byID {
			ext[id] = p.ExternalID
		}
		after = ids[len(ids)-1]
	}
	var lumRuns [][]string
	var lumLat []time.Duration
	for _, q := range qs {
		s := time.Now()
		res, err := ix.Search(ctx, search.Request{Text: q.text, Limit: 100, NoFuzzy: true}, syn)
		lumLat = append(lumLat, time.Since(s))
		if err != nil {
			return err
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, ext[h.ID])
		}
		lumRuns = append(lumRuns, ids)
	}

	// FTS5 baseline.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(tmp, "fts.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(pid UNINDEXED, text, tokenize = 'unicode61')`); err != nil {
		return err
	}
	tx, _ := db.Begin()
	for _, p := range passages {
		tx.Exec(`INSERT INTO t (pid, text) VALUES ($1, $2)`, p[0], p[1])
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	var ftsRuns [][]string
	var ftsLat []time.Duration
	for _, q := range qs {
		toks := rawTokens(q.text)
		var ids []string
		s := time.Now()
		if len(toks) > 0 {
			rows, err := db.Query(`SELECT pid FROM t WHERE t MATCH $1 ORDER BY bm25(t) LIMIT 100`, strings.Join(toks, " OR "))
			if err != nil {
				return fmt.Errorf("fts %q: %w", q.text, err)
			}
			for rows.Next() {
				var id string
				rows.Scan(&id)
				ids = append(ids, id)
			}
			rows.Close()
		}
		ftsLat = append(ftsLat, time.Since(s))
		ftsRuns = append(ftsRuns, ids)
	}

	fmt.Printf("== %s: %d passages, %d questions (split %q)\n", filepath.Base(dir), len(passages), len(qs), split)
	fmt.Printf("Lumbung import %.2f s, indexing %.2f s (%.0f practices/s)\n", importTime.Seconds(), indexTime.Seconds(), float64(len(passages))/indexTime.Seconds())
	lm := metrics(qs, lumRuns, qrels)
	fm := metrics(qs, ftsRuns, qrels)
	fmt.Printf("%-22s %8s %8s %10s %9s %9s\n", "system", "MRR@10", "nDCG@10", "Recall@100", "p50 ms", "p99 ms")
	fmt.Printf("%-22s %8.4f %8.4f %10.4f %9.3f %9.3f\n", "lumbung", lm[0], lm[1], lm[2], pct(lumLat, 50), pct(lumLat, 99))
	fmt.Printf("%-22s %8.4f %8.4f %10.4f %9.3f %9.3f\n", "sqlite fts5 bm25 (raw)", fm[0], fm[1], fm[2], pct(ftsLat, 50), pct(ftsLat, 99))
	fmt.Printf("ratio MRR@10 lumbung/fts5: %.3f\n", lm[0]/fm[0])
	if relatedN > 0 {
		if err := relatedEval(ctx, st, ix, syn, passages, ext); err != nil {
			return err
		}
	}
	if diffPath != "" {
		return writeDiff(diffPath, qs, lumRuns, ftsRuns, qrels)
	}
	return nil
}

// relatedEval measures the related practices of relatedN passages spread
// over the collection, as the practice page asks for them
// (Index.RelatedRequest), against the first 30 words of the same text as
// the query (the method before session 4). Passages of one Wikipedia
// article sit next to each other in the corpus, so the share of the top 5
// within three places of the passage tells, roughly, how many are about
// the same subject; with latency p50 and p99.
func relatedEval(ctx context.Context, st *store.Store, ix *search.Index, syn *search.Synonyms, passages [][]string, ext map[int64]string) error {
	pos := map[string]int{}
	for i, p := range passages {
		pos[p[0]] = i
	}
	byExt := map[string]int64{}
	for id, e := range ext {
		byExt[e] = id
	}
	type method struct {
		name string
		req  func(km.Practice) search.Request
		near int
		hits int
		lat  []time.Duration
	}
	methods := []*method{
		{name: "rarest 12 words", req: func(p km.Practice) search.Request { return ix.RelatedRequest(p, km.Visibility{}, 5) }},
		{name: "first 30 words", req: func(p km.Practice) search.Request {
			w := strings.Fields(p.Title + " " + strings.Join(p.Tags, " ") + " " + p.Summary)
			return search.Request{Text: strings.Join(w[:min(len(w), 30)], " "), Limit: 5, Exclude: []int64{p.ID}, NoFuzzy: true}
		}},
	}
	step := max(len(passages)/relatedN, 1)
	for i := 0; i < len(passages); i += step {
		p, err := st.Practice(ctx, byExt[passages[i][0]])
		if err != nil {
			return fmt.Errorf("passage %s: %w", passages[i][0], err)
		}
		for _, m := range methods {
			s := time.Now()
			res, err := ix.Search(ctx, m.req(p), syn)
			m.lat = append(m.lat, time.Since(s))
			if err != nil {
				return err
			}
			for _, h := range res.Hits {
				m.hits++
				if d := pos[ext[h.ID]] - i; d >= -3 && d <= 3 {
					m.near++
				}
			}
		}
	}
	fmt.Printf("related practices, %d passages: share of the top 5 within 3 places (same article, roughly)\n", len(methods[0].lat))
	for _, m := range methods {
		fmt.Printf("%-22s %6.3f of %5d  p50 %.2f ms  p99 %.2f ms\n", m.name, float64(m.near)/float64(max(m.hits, 1)), m.hits, pct(m.lat, 50), pct(m.lat, 99))
	}
	return nil
}

// writeDiff writes, per question, the rank of the first relevant passage
// in each system's run (0: not in the top 100), for reading where one
// system beats the other.
func writeDiff(path string, qs []question, lum, fts [][]string, qrels map[string]map[string]bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	rank := func(run []string, rel map[string]bool) int {
		for r, id := range run {
			if rel[id] {
				return r + 1
			}
		}
		return 0
	}
	fmt.Fprintln(w, "qid\tlumbung\tfts5\tquestion")
	for i, q := range qs {
		fmt.Fprintf(w, "%s\t%d\t%d\t%s\n", q.id, rank(lum[i], qrels[q.id]), rank(fts[i], qrels[q.id]), q.text)
	}
	return w.Flush()
}

// rawTokens splits like FTS5's unicode61: runs of letters and digits, lowercased.
func rawTokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		out = append(out, `"`+f+`"`)
	}
	return out
}

func metrics(qs []question, runs [][]string, qrels map[string]map[string]bool) [3]float64 {
	var mrr, ndcg, recall float64
	for i, q := range qs {
		rel := qrels[q.id]
		for r, id := range runs[i] {
			if r < 10 && rel[id] {
				mrr += 1 / float64(r+1)
				break
			}
		}
		var dcg, idcg float64
		for r, id := range runs[i] {
			if r < 10 && rel[id] {
				dcg += 1 / math.Log2(float64(r+2))
			}
		}
		for r := 0; r < min(len(rel), 10); r++ {
			idcg += 1 / math.Log2(float64(r+2))
		}
		if idcg > 0 {
			ndcg += dcg / idcg
		}
		found := 0
		for r, id := range runs[i] {
			if r < 100 && rel[id] {
				found++
			}
		}
		recall += float64(found) / float64(len(rel))
	}
	n := float64(len(qs))
	return [3]float64{mrr / n, ndcg / n, recall / n}
}

func pct(d []time.Duration, p float64) float64 {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return float64(s[max(i, 0)].Microseconds()) / 1000
}

func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out [][]string
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		out = append(out, strings.Split(sc.Text(), "\t"))
	}
	return out, sc.Err()
}

func readQrels(path string) (map[string]map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || fs[3] == "0" {
			continue
		}
		if out[fs[0]] == nil {
			out[fs[0]] = map[string]bool{}
		}
		out[fs[0]][fs[2]] = true
	}
	return out, sc.Err()
}
