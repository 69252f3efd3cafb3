package indonesian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one search term of a text.
type Token struct {
	Term     string // lowercased, diacritics folded
	Start    int    // byte offset of the token in the text
	End      int    // byte offset just after it
	Position int    // 1-based ordinal of the token in the text
}

// Tokenizer splits text into search terms. It needs a stemmer only to
// decide when a ku-/kau- clitic should be split off. A Tokenizer is safe
// for concurrent use.
type Tokenizer struct {
	stem *Stemmer
}

// NewTokenizer returns a tokenizer that checks clitic splits with s.
func NewTokenizer(s *Stemmer) *Tokenizer { return &Tokenizer{stem: s} }

// Tokenize splits text with the default stemmer's lexicon; see
// (*Tokenizer).Tokens.
func Tokenize(text string) []string {
	toks := NewTokenizer(Default()).Tokens(text)
	if len(toks) == 0 {
		return nil
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// Tokens lowercases and folds diacritics (é → e), splits on punctuation
// and space (numbers too: 12,5 is 12 and 5), and keeps together what a
// search should see whole: acronyms (QRIS → qris, S.H. → sh), apostrophe
// spellings (Jum'at → jumat) and hyphenated reduplications (anak-anak,
// sayur-mayur), while other hyphenated compounds are split
// (jakarta-bandung). A clitic ku- or kau- is split off
// when the word is not itself a root and the rest is (kuambil → ku ambil).
// Stop words are kept: the caller filters them with IsStopWord.
func (t *Tokenizer) Tokens(text string) []Token {
	var out []Token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := scanWord(text, i)
		out = t.emit(out, text, start, end)
		i = end
	}
	for k := range out {
		out[k].Position = k + 1
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '.', ',', '\'', '\u2019':
		return true
	}
	return false
}

// scanWord returns the end of the word starting at i: letters, digits,
// combining marks, and joiners that sit between two word characters.
func scanWord(text string, i int) int {
	end := i
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if isWordRune(r) || unicode.Is(unicode.Mn, r) {
			end += size
			continue
		}
		if isJoiner(r) && end+size < len(text) {
			next, _ := utf8.DecodeRuneInString(text[end+size:])
			if isWordRune(next) {
				end += size
				continue
			}
		}
		break
	}
	return end
}

// emit splits one scanned word on its joiners and appends the tokens.
func (t *Tokenizer) emit(out []Token, text string, start, end int) []Token {
	type seg struct {
		start, end int
		sep        rune // joiner before the segment, 0 for the first
	}
	var segs []seg
	segStart, sep := start, rune(0)
	for i := start; i < end; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isJoiner(r) {
			segs = append(segs, seg{segStart, i, sep})
			segStart, sep = i+size, r
		}
		i += size
	}
	segs = append(segs, seg{segStart, end, sep})

	// Merge segments that belong together, in one left-to-right pass.
	for k := 0; k < len(segs); {
		first := k
		term := fold(text[segs[k].start:segs[k].end])
		parts := []string{term}
		acronym := isSingleLetter(term)
		k++
		for k < len(segs) {
			next := fold(text[segs[k].start:segs[k].end])
			prev := text[segs[k-1].start:segs[k-1].end]
			cur := text[segs[k].start:segs[k].end]
			switch segs[k].sep {
			case '.', ',':
				// Numbers are split at their separators (12,5 is 12
				// and 5), as SQLite's unicode61 does: the same figure
				// is written 10,23, 10, 23 or 10.23, and 1.000 or
				// 1,000, and only its digit groups meet across the
				// spellings. Kept whole, news text that spaces its
				// decimals lost to FTS5 (facqa-id MRR@10 0.8091 →
				// 0.8141 split; tydiqa-id 0.7069 → 0.7065).
				if segs[k].sep == '.' && acronym && isSingleLetter(next) {
					term += next
					k++
					continue
				}
			case '\'', '\u2019':
				if !isDigits(prev) && !isDigits(cur) {
					term += next
					k++
					continue
				}
			default: // hyphens
				if related(parts[len(parts)-1], next) {
					term += "-" + next
					parts = append(parts, next)
					acronym = false
					k++
					continue
				}
			}
			break
		}
		tok := Token{Term: term, Start: segs[first].start, End: segs[k-1].end}
		out = t.clitic(out, tok)
	}
	return out
}

// clitic splits ku-/kau- off a token when the rest is a lexicon root and
// the whole is not (kuambil, kaulihat; not kuasa, kuning, kutipan).
func (t *Tokenizer) clitic(out []Token, tok Token) []Token {
	w := tok.Term
	if t.stem == nil || len(w) < 5 || !strings.HasPrefix(w, "ku") && !strings.HasPrefix(w, "kau") || strings.IndexByte(w, '-') >= 0 {
		return append(out, tok)
	}
	if t.stem.lex.Contains(w) {
		return append(out, tok)
	}
	n := 2
	if strings.HasPrefix(w, "kau") {
		n = 3
	}
	rest := w[n:]
	if len(rest) < minRootLen || tok.End-tok.Start != len(w) {
		// Offsets only split cleanly when folding kept the length.
		return append(out, tok)
	}
	if !t.stem.lex.Contains(rest) {
		return append(out, tok)
	}
	return append(out,
		Token{Term: w[:n], Start: tok.Start, End: tok.Start + n},
		Token{Term: rest, Start: tok.Start + n, End: tok.End})
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isSingleLetter(s string) bool {
	return len(s) == 1 && s[0] >= 'a' && s[0] <= 'z'
}

// latinFold maps U+00C0–U+017F to their base letters; '*' marks the
// ligatures spelled out in foldRune, '.' the signs that are not letters.
const latinFold = "aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"

// fold lowercases s and removes diacritics; ASCII input is returned
// without copying when already lowercase.
func fold(s string) string {
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRune(&b, r)
	}
	return b.String()
}

func foldRune(b *strings.Builder, r rune) {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
		return
	case unicode.Is(unicode.Mn, r):
		return // combining accent (e + U+0301)
	case r >= 0xC0 && r <= 0x17F:
		switch c := latinFold[r-0xC0]; c {
		case '*':
			switch r {
			case 0xC6, 0xE6:
				b.WriteString("ae")
			case 0xDE, 0xFE:
				b.WriteString("th")
			case 0xDF:
				b.WriteString("ss")
			case 0x132, 0x133:
				b.WriteString("ij")
			case 0x152, 0x153:
				b.WriteString("oe")
			}
			return
		case '.':
		default:
			b.WriteByte(c)
			return
		}
	}
	b.WriteRune(unicode.ToLower(r))
}

// Normalize lowercases a word and folds its diacritics, as the tokenizer
// does, so that words from other sources meet the lexicon in one form.
func Normalize(word string) string { return fold(word) }
