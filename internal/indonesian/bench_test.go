package indonesian

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
)

// benchWords returns the benchmark word list: the file named by
// STEM_BENCH_WORDS (one word per line, first tab-separated column), else
// the Snowball evaluation list, else affixed forms built from the lexicon.
func benchWords(tb testing.TB) []string {
	tb.Helper()
	path := os.Getenv("STEM_BENCH_WORDS")
	if path == "" {
		path = "../../../shared/eval/stem/snowball_outputs.tsv"
	}
	if f, err := os.Open(path); err == nil {
		defer f.Close()
		seen := map[string]bool{}
		var words []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			w, _, _ := strings.Cut(sc.Text(), "\t")
			if w = strings.TrimSpace(w); w != "" && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			return words
		}
	}
	var words []string
	for i, r := range Default().Lexicon().Words() {
		words = append(words, []string{r, "me" + r + "kan", "di" + r + "i", "pe" + r + "an", r + "nya"}[i%5])
	}
	return words
}

func reportWordsPerSec(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "words/s")
}

// BenchmarkStemDistinct stems distinct words with no cache.
func BenchmarkStemDistinct(b *testing.B) {
	words := benchWords(b)
	s := Default()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Stem(words[i%len(words)])
	}
	reportWordsPerSec(b)
}

// BenchmarkStemRepeated stems a stream drawn from 1,000 distinct words
// through the bounded cache StemLines uses.
func BenchmarkStemRepeated(b *testing.B) {
	words := benchWords(b)
	if len(words) > 1000 {
		words = words[:1000]
	}
	c := NewCache(Default(), stemLinesCache)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Stem(words[i%len(words)])
	}
	reportWordsPerSec(b)
}

// BenchmarkStemLines runs StemLines over the whole list, I/O included.
func BenchmarkStemLines(b *testing.B) {
	words := benchWords(b)
	input := []byte(strings.Join(words, "\n") + "\n")
	b.SetBytes(int64(len(input)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := StemLines(bytes.NewReader(input), io.Discard, Default()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(words))/b.Elapsed().Seconds(), "words/s")
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat("Pembayaran QRIS naik 12,5% pada 2025; anak-anak kuambil Jakarta-Bandung. ", 20)
	tok := NewTokenizer(Default())
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tok.Tokens(text)
	}
}
