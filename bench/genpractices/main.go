// Command genpractices writes N realistic Indonesian practice records as
// JSONL (the format of `lumbung import practices`), for benchmarks. Their
// sentences are recombined from a passage collection (by default the
// Indonesian Wikipedia passages of ../shared/eval/tydiqa-id/corpus.tsv), so
// the vocabulary and sentence lengths are those of real Indonesian text.
// The output is deterministic for a given -seed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

func main() {
	n := flag.Int("n", 10000, "number of practices")
	corpus := flag.String("corpus", "../shared/eval/tydiqa-id/corpus.tsv", "TSV of passages (id<TAB>text), header line first")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	sentences, err := loadSentences(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genpractices:", err)
		os.Exit(1)
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	kinds := []string{"good", "good", "good", "bad", "ordinary"}
	affairs := []string{"pendidikan", "kesehatan", "perhubungan", "perdagangan", "sosial", "lingkungan_hidup", "kependudukan", "pelayanan_publik", "keuangan", "kepegawaian"}
	pick := func(k int) string {
		var b strings.Builder
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentences[rng.IntN(len(sentences))])
		}
		return b.String()
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer w.Flush()
	enc := json.NewEncoder(w)
	for i := 1; i <= *n; i++ {
		title := pick(1)
		if words := strings.Fields(title); len(words) > 10 {
			title = strings.Join(words[:10], " ")
		}
		summary := pick(1)
		if len(summary) > 300 {
			summary = strings.ToValidUTF8(summary[:300], "") + "…"
		}
		rec := map[string]any{
			"id": fmt.Sprintf("gen-%07d", i), "title": title, "summary": summary, "kind": kinds[rng.IntN(len(kinds))],
			"affair": affairs[rng.IntN(len(affairs))], "year": 2018 + rng.IntN(8), "tags": []string{"bench"},
			"problem": pick(2), "actions": pick(3), "results": pick(2), "lessons": pick(2),
			"body": "## Uraian\n\n" + pick(4) + "\n\n## Rincian\n\n- " + pick(1) + "\n- " + pick(1),
		}
		if rng.IntN(3) == 0 {
			base := float64(50 + rng.IntN(500))
			rec["metrics"] = []map[string]any{{"indicator": "Capaian layanan", "unit": "layanan", "baseline": base, "value": base * (0.8 + rng.Float64())}}
		}
		if err := enc.Encode(rec); err != nil {
			fmt.Fprintln(os.Stderr, "genpractices:", err)
			os.Exit(1)
		}
	}
}

func loadSentences(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []string
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		_, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		for _, s := range strings.SplitAfter(text, ". ") {
			if s = strings.TrimSpace(s); len(s) > 20 {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no sentences", path)
	}
	return out, sc.Err()
}
