package indonesian

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzStem(f *testing.F) {
	for _, w := range []string{"", "a", "-", "menyapu", "mempertanggungjawabkannya", "anak-anak-anak",
		"ngadepin", "kuambil", "pelajar", "bukunyalah", "ber-", "-nya", "meng", "pe", "\xff", "é"} {
		f.Add(w)
	}
	formal, informal := Default(), New(Default().Lexicon(), WithInformal())
	f.Fuzz(func(t *testing.T, w string) {
		for _, s := range []*Stemmer{formal, informal} {
			got := s.Stem(w)
			if w != "" && got == "" {
				t.Fatalf("Stem(%q): got empty", w)
			}
			if len(got) > len(w) {
				t.Fatalf("Stem(%q): got %q, longer than the input", w, got)
			}
		}
	})
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"", "Anak-anak kuambil 12,5 café", "S.H.", "a-b-c", "1.2.3,4", "x'y", "--", "é\u0301"} {
		f.Add(s)
	}
	tok := NewTokenizer(Default())
	f.Fuzz(func(t *testing.T, text string) {
		prevEnd := 0
		for i, tk := range tok.Tokens(text) {
			if tk.Term == "" {
				t.Fatalf("token %d of %q: empty term", i, text)
			}
			if tk.Start < prevEnd || tk.End <= tk.Start || tk.End > len(text) {
				t.Fatalf("token %+v of %q: offsets out of order or range", tk, text)
			}
			if tk.Position != i+1 {
				t.Fatalf("token %+v of %q: position, want %d", tk, text, i+1)
			}
			if utf8.ValidString(text) && strings.ContainsAny(tk.Term, " \t\n") {
				t.Fatalf("token %+v of %q: contains space", tk, text)
			}
			prevEnd = tk.End
		}
	})
}
