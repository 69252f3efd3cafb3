package indonesian

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

const (
	goldPath   = "../../../shared/eval/stem/ud_csui_gold.tsv"
	lucenePath = "../../../shared/eval/stem/lucene_outputs.tsv"
	// sastrawiPath holds the test pairs of Sastrawi's own suite (MIT; see
	// the file's header). Sastrawi runs most of them against a small test
	// dictionary, so a few roots are its choices rather than ours
	// (bolak-balik, idealis → ideal, perusakan → rusa).
	sastrawiPath = "testdata/sastrawi_tests.tsv"
)

// evalPair is one row of an evaluation file.
type evalPair struct{ word, want, mode string }

// readPairs reads a TSV with a header row: word, expected root and, in
// lucene_outputs.tsv, a mode column (full or inflectional-only).
func readPairs(tb testing.TB, path string) []evalPair {
	tb.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		tb.Skipf("%s not present", path)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []evalPair
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue // attribution and licence of a fixture
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 || cols[0] == "" {
			continue
		}
		p := evalPair{word: cols[0], want: cols[1], mode: "full"}
		if len(cols) > 2 && cols[2] != "" {
			p.mode = cols[2]
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func accuracy(t *testing.T, pairs []evalPair) (float64, []string) {
	s := Default()
	ok := 0
	var misses []string
	for _, p := range pairs {
		if got := s.Stem(p.word); got == p.want {
			ok++
		} else {
			misses = append(misses, p.word+": got "+got+", want "+p.want)
		}
	}
	return 100 * float64(ok) / float64(len(pairs)), misses
}

// TestAccuracyGold measures agreement with the UD Indonesian-CSUI lemmas.
// About half of the pairs have the word itself as lemma, and many of those
// are affixed forms the treebank leaves whole while stemming their
// siblings (pembatalan → pembatalan next to pembahasan → bahas, dilelang →
// dilelang next to dicabut → cabut), so the score is logged for the pairs
// whose lemma differs from the word as well: that is where the gold says
// what the root is.
func TestAccuracyGold(t *testing.T) {
	pairs := readPairs(t, goldPath)
	pct, misses := accuracy(t, pairs)
	var roots, same []evalPair
	for _, p := range pairs {
		if p.word == p.want {
			same = append(same, p)
		} else {
			roots = append(roots, p)
		}
	}
	rootPct, _ := accuracy(t, roots)
	samePct, _ := accuracy(t, same)
	t.Logf("UD CSUI gold: %.1f%% of %d pairs; %.1f%% of the %d whose lemma differs from the word; %.1f%% of the %d whose lemma is the word",
		pct, len(pairs), rootPct, len(roots), samePct, len(same))
	if testing.Verbose() {
		for _, m := range misses {
			t.Log("  miss:", m)
		}
	}
	if pct < goldFloor {
		t.Errorf("gold accuracy %.1f%%, want ≥ %.1f%%", pct, goldFloor)
	}
	if rootPct < goldRootFloor {
		t.Errorf("gold accuracy on root lemmas %.1f%%, want ≥ %.1f%%", rootPct, goldRootFloor)
	}
}

// TestAccuracySastrawi measures agreement with the word → root pairs of
// Sastrawi's published test suite.
func TestAccuracySastrawi(t *testing.T) {
	agreement(t, "Sastrawi test suite", readPairs(t, sastrawiPath), sastrawiFloor)
}

// TestAccuracyLucene measures agreement with Lucene's stemmer outputs.
// Known differences: menuduh (Lucene uduh; the root is tuduh) and pantai
// (Lucene panta; pantai is a root).
func TestAccuracyLucene(t *testing.T) {
	var full []evalPair
	for _, p := range readPairs(t, lucenePath) {
		if p.mode == "full" {
			full = append(full, p)
		}
	}
	agreement(t, "Lucene stemmer outputs (full mode)", full, luceneFloor)
}

// agreement logs the share of pairs the stemmer matches and each
// difference, and fails below floor.
func agreement(t *testing.T, name string, pairs []evalPair, floor float64) {
	t.Helper()
	pct, misses := accuracy(t, pairs)
	t.Logf("%s: %.1f%% of %d pairs", name, pct, len(pairs))
	for _, m := range misses {
		t.Log("  differs:", m)
	}
	if pct < floor {
		t.Errorf("%s: agreement %.1f%%, want ≥ %.1f%%", name, pct, floor)
	}
}

// Floors the stemmer reaches (88.0%, 96.9%, 96.7%, 89.6% when last
// raised); raise them when it improves.
const (
	goldFloor     = 87.8
	goldRootFloor = 96.7
	luceneFloor   = 95.0
	sastrawiFloor = 89.5
)
