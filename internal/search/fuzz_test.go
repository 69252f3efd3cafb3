package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"lumbung/internal/km"
)

// FuzzParse: any input parses without panicking, and nothing it yields is
// longer than the input or holds a control character.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`pelayanan "pasar digital" layan* -qris`, `"`, `*`, `-`, "\x00\xff", "😀 日本語", `""""`, `a"b"c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := parse(s)
		for _, part := range [][]string{p.words, p.phrases, p.prefixes, p.excluded} {
			for _, w := range part {
				if len(w) > len(s) {
					t.Fatalf("part %q longer than input %q", w, s)
				}
				if strings.ContainsFunc(w, func(r rune) bool { return r < 0x20 }) {
					t.Fatalf("part %q holds a control character", w)
				}
			}
		}
		textQuery(p, NewSynonyms(nil), map[string]string{}, nil) // must not panic
	})
}

// FuzzSearch runs arbitrary queries against a small index: never a panic,
// never an error other than ErrBadQuery.
func FuzzSearch(f *testing.F) {
	fx := seed(f)
	for _, s := range []string{"pelayanan", `"pasar digital"`, "layan*", "koordinasl", "*", strings.Repeat("x", 1100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "")
		}
		_, err := fx.ix.Search(context.Background(), Request{Text: s, Visibility: km.Visibility{}, Limit: 5}, NewSynonyms(nil))
		if err != nil && len(s) <= MaxQueryBytes {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	fx := seed(b)
	ctx := context.Background()
	fx.ix.CatchUp(ctx, fx.st)
	syn := NewSynonyms(nil)
	qs := []string{"pelayanan kesehatan", "transaksi QRIS pasar", `"pasar digital"`, "koordinasi SKPD obat"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := fx.ix.Search(ctx, Request{Text: qs[i%len(qs)], Limit: 10, Facets: true}, syn); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
