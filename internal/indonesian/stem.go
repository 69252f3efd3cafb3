package indonesian

import (
	"strings"
	"sync"
)

// maxWordLen bounds the work done for one word: longer strings (URLs,
// hashes, run-together text) are returned unchanged. The longest real
// Indonesian forms (dipertanggungjawabkannya) are under 30 bytes.
const maxWordLen = 64

// minRootLen is the shortest root the stemmer accepts after stripping an
// affix; shorter lexicon entries (ab, ad…) only match whole words.
const minRootLen = 3

// maxPrefixes is the number of derivational prefixes stripped at most
// (di-per-ke…, mem-ber-…), as in Nazief–Adriani.
const maxPrefixes = 3

// Stemmer reduces Indonesian words to their roots, checking every candidate
// against its lexicon. A Stemmer is safe for concurrent use.
type Stemmer struct {
	lex      *Lexicon
	informal bool
}

// Option configures a Stemmer.
type Option func(*Stemmer)

// WithInformal enables colloquial (Jakarta) forms: the nasal prefixes ng-,
// nge-, ny-, m-, n- without me- (ngambil, ngecek, nyapu, mukul, nulis), the
// suffix -in for -kan/-i (bacain) and e for a in the last syllable
// (ngadepin → hadap). It is off by default because it conflates words in
// formal text (nanti, mana, nyata are roots).
func WithInformal() Option {
	return func(s *Stemmer) { s.informal = true }
}

// New returns a stemmer that checks candidates against lex. Words added to
// lex later are seen by the stemmer.
func New(lex *Lexicon, opts ...Option) *Stemmer {
	s := &Stemmer{lex: lex}
	for _, o := range opts {
		o(s)
	}
	return s
}

var defaultStemmer = sync.OnceValue(func() *Stemmer { return New(EmbeddedLexicon()) })

// Default returns the shared stemmer over the embedded lexicon, built on
// first use.
func Default() *Stemmer { return defaultStemmer() }

// Lexicon returns the stemmer's lexicon.
func (s *Stemmer) Lexicon() *Lexicon { return s.lex }

// Stem returns the root of a lowercase word. Roots in the lexicon come back
// unchanged; when no affix split leads to a root the word comes back
// unchanged too, less a trailing -nya (a clitic on an unknown word:
// stakeholdernya → stakeholder). The result is never empty for a non-empty
// word and never longer than it.
func (s *Stemmer) Stem(word string) string {
	r, _ := s.stem(word)
	return r
}

// stem also reports whether the result is a lexicon root.
func (s *Stemmer) stem(word string) (string, bool) {
	if word == "" || len(word) > maxWordLen {
		return word, false
	}
	st := searcher{m: s.lex.snapshot(), informal: s.informal, depth: maxPrefixes}
	r, ok := st.any(word)
	if r == "" || len(r) > len(word) {
		return word, false
	}
	return r, ok
}

type suffix uint8

const (
	sufNone suffix = iota
	sufAn
	sufKan
	sufI
	sufIn // colloquial -in, for -kan and -i alike: no tag is checked
)

type prefix uint8

const (
	pDi prefix = iota
	pKe
	pSe
	pBer
	pTer
	pMe
	pPe
	pPer
	pKu
	pInformal
)

// cand is one way to strip a prefix from x: the root candidate is
// lead + x[off:], lead being the recoded first letter (meny-apu → s+apu).
type cand struct {
	lead string
	off  int
	kind prefix
}

// searcher holds the state of one Stem call; its buffers live on the
// caller's stack.
type searcher struct {
	m        map[string]uint16
	informal bool
	strict   bool   // respect the lexicon's tags
	affixed  bool   // a derivational affix is being stripped
	need     uint16 // prefix tag the candidate being checked must carry
	depth    int    // prefixes strip may remove: maxPrefixes, or 1 (prefixFirst)
	top      [maxWordLen]byte
	buf      [maxPrefixes][maxWordLen + 2]byte
	vowel    [maxWordLen + 2]byte
}

func (st *searcher) any(w string) (string, bool) {
	if _, ok := st.m[w]; ok {
		return w, true
	}
	if strings.IndexByte(w, '-') >= 0 {
		return st.hyphenated(w)
	}
	return st.word(w)
}

// minUntaggedRoot is the shortest untagged root (a hunspell entry without
// affix flags: mostly loans, abbreviations and names) the stemmer reaches
// through a derivational affix. Three-letter ones are rarely a real
// derivation's root (bal-i for bali, pe-nah for penah, kau-dal, ase-an for
// asean) and often the remains of a typo; tagged three-letter roots take
// their affixes productively (uji-an, di-isi, ber-adu).
const minUntaggedRoot = 4

// accept reports whether v (a lexicon value) is a root of length n for a
// word that carried derivational suffix suf.
func (st *searcher) accept(v uint16, n int, suf suffix) bool {
	if st.affixed && v&tagged == 0 && n < minUntaggedRoot {
		return false
	}
	if !st.strict {
		return true
	}
	if v&st.need != st.need {
		return false
	}
	if v&tagged == 0 {
		// Untagged roots (hunspell entries without affix flags, mostly
		// nouns and loans, and words added at run time) wait for the
		// second pass, so that a productive root wins a tie:
		// memesan → pesan, not the obscure mesan.
		return false
	}
	switch suf {
	case sufAn:
		return v&takesAn != 0
	case sufKan:
		return v&takesKan != 0
	case sufI:
		return v&takesI != 0
	}
	return true
}

// productive reports whether s is a root hunspell gives affix flags.
func (st *searcher) productive(s string) bool {
	v, ok := st.m[s]
	return ok && len(s) >= minRootLen && v&tagged != 0
}

// root checks a substring of the input word.
func (st *searcher) root(s string, suf suffix) bool {
	if len(s) < minRootLen {
		return false
	}
	v, ok := st.m[s]
	return ok && st.accept(v, len(s), suf)
}

// find checks a built candidate and returns it as a string.
func (st *searcher) find(b []byte, suf suffix) (string, bool) {
	if len(b) < minRootLen {
		return "", false
	}
	if v, ok := st.m[string(b)]; ok && st.accept(v, len(b), suf) {
		return string(b), true
	}
	if st.informal {
		// Colloquial e for a in the last syllable: adep → adap.
		for i := len(b) - 2; i > 0; i-- {
			if isVowel(b[i]) {
				if b[i] != 'e' || isVowel(b[i-1]) {
					break
				}
				v := append(st.vowel[:0], b...)
				v[i] = 'a'
				if val, ok := st.m[string(v)]; ok && st.accept(val, len(v), suf) {
					return string(v), true
				}
				break
			}
		}
	}
	return "", false
}

// word stems a word without hyphens.
func (st *searcher) word(w string) (string, bool) {
	l1, part := cutParticle(w)
	l2, poss := cutPossessive(l1)
	l3, suf := cutDerivational(l2, st.informal)

	// Inflectional suffixes first: they never change the root. A bare
	// particle or -ku/-mu is only taken at once for a root hunspell gives
	// affixes: menikah is me-nikah before it is meni-kah.
	if part != "" && st.productive(l1) {
		return l1, true
	}
	if poss != "" && (poss == "nya" && st.root(l2, sufNone) || st.productive(l2)) {
		return l2, true
	}
	if part == "tah" {
		// -tah is archaic (apatah) and its false hits are common
		// (dibantah, perintah): it is only taken when it yields a root
		// directly.
		l1, part = w, ""
		l2, poss = cutPossessive(l1)
		l3, suf = cutDerivational(l2, st.informal)
	}
	for pass := 0; pass < 2; pass++ {
		st.strict = pass == 0
		st.affixed = true
		r, ok := st.affixes(w, l1, l2, l3, suf)
		st.affixed = false
		if ok {
			return r, true
		}
		if pass == 0 {
			if part != "" && st.root(l1, sufNone) {
				return l1, true
			}
			if poss != "" && st.root(l2, sufNone) {
				return l2, true
			}
		}
	}
	if r, ok := st.loan(l2, l3, suf); ok {
		return r, false
	}
	if poss == "nya" && !strings.HasSuffix(l2, "an") && strings.HasSuffix(l2, "a") && len(l2) < maxWordLen {
		// -anya for -annya is a common slip (kemampuanya,
		// kepercayaanya): when the word less -nya leads nowhere, read
		// the n as doubled.
		n := append(st.top[:0], l2...)
		if r, ok := st.any(string(append(n, 'n'))); ok {
			return r, true
		}
	}
	if poss == "nya" && len(l2) >= 2 {
		return l2, false
	}
	return w, false
}

// loan strips a verbal prefix (me-, di-, ber-, ter-), and -kan or -i,
// from a loanword in -asi that the lexicon lacks: mereplikasi,
// dimitigasi, mendiseminasikan. Such loans (Dutch -atie, English -ation)
// are nouns and roots in Indonesian, and government writing takes new
// ones faster than any word list; without this the verb never meets its
// noun. It runs only on words the lexicon leaves unexplained, strips one
// prefix, and wants a loan-shaped remainder of seven letters or more (see
// loanShaped), so that short loans that merely start like a prefix
// (dilatasi, meditasi) stay whole, as do a root with -isasi (dinamisasi)
// and the loans of loans.txt (diseminasi). A longer one the lexicon lacks
// (disambiguasi) loses its di-: the rule's known cost, rare beside the
// verbs it joins to their nouns (about 100 changes on the 64,586-word
// Wikipedia list, half a dozen of them such misreadings).
func (st *searcher) loan(l2, l3 string, suf suffix) (string, bool) {
	xs := [2]string{l2, ""}
	if suf == sufKan || suf == sufI {
		xs[1] = l3
	}
	for _, x := range xs {
		if len(x) < 9 || !strings.HasSuffix(x, "asi") {
			continue
		}
		if st.loanOfRoot(x) {
			return "", false // dinamisasi is dinamis-asi, not di-namisasi
		}
		var cs [8]cand
		for _, c := range prefixCands(append(st.top[:0], x...), cs[:0], true, false) {
			switch c.kind {
			case pMe, pDi, pBer, pTer:
			default:
				continue
			}
			r := c.lead + x[c.off:]
			if loanShaped(r) {
				return r, true
			}
		}
	}
	return "", false
}

// loanOfRoot reports whether x is a lexicon root with -isasi or -asi
// (dinamisasi, tertibisasi, teritorialisasi): a whole word, which the loan
// rule must not read as prefixed.
func (st *searcher) loanOfRoot(x string) bool {
	for _, suf := range []string{"isasi", "asi"} {
		if base, ok := strings.CutSuffix(x, suf); ok && len(base) >= minUntaggedRoot {
			if _, ok := st.m[base]; ok {
				return true
			}
		}
	}
	return false
}

// loanShaped reports whether s looks like a loanword in -asi (replikasi,
// validasi, digitalisasi): seven letters or more, and an onset Indonesian
// words have (a vowel, a consonant and a vowel, or a cluster loans bring:
// pr, tr, kl, sp…). A remainder such as rtifikasi (se-rtifikasi) fails.
func loanShaped(s string) bool {
	if len(s) < 7 || !strings.HasSuffix(s, "asi") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	if isVowel(s[0]) || isVowel(s[1]) {
		return true
	}
	switch s[:2] {
	case "bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr",
		"sk", "sl", "sp", "st", "sw", "tr":
		return isVowel(s[2])
	}
	return false
}

// affixes runs the derivational search of one pass, in Enhanced Confix
// Stripping order: confixes that take the prefix first, then the
// suffix-stripped word, then prefixes on it, then the loop that puts the
// suffixes back one by one and strips prefixes again.
//
// The prefix-first reading is there for roots that end like the suffix
// (di-mulai, pe-tani, men-capai), which carry one prefix. Tried with
// stacked prefixes before the suffix it would read the root's first
// syllable as a second prefix (di-ke-tuai, mem-ber-kati, me-ter-juni);
// so it strips one prefix here, and more only after the suffix-first
// reading has failed (the plain prefix search on l2 below).
func (st *searcher) affixes(w, l1, l2, l3 string, suf suffix) (string, bool) {
	if suf != sufNone && prefixFirst(l2, suf) {
		st.depth = 1
		r, ok := st.prefixes(l2, sufNone)
		st.depth = maxPrefixes
		if ok {
			return r, true
		}
	}
	var l3k string // -kan read as k + -an: masakan → masak
	if suf == sufKan {
		l3k = l2[:len(l2)-2]
	}
	if suf != sufNone {
		if st.root(l3, suf) {
			return l3, true
		}
		if l3k != "" && st.root(l3k, sufAn) {
			return l3k, true
		}
		if r, ok := st.prefixes(l3, suf); ok {
			return r, true
		}
	}
	if r, ok := st.prefixes(l2, sufNone); ok {
		return r, true
	}
	// k + -an after the plain prefix reading: pemakan is pe-makan, but
	// peledakan is pe-ledak-an.
	if l3k != "" {
		if r, ok := st.prefixes(l3k, sufAn); ok {
			return r, true
		}
	}
	if l3k != "" && sharedK(l3k) {
		// Three-letter roots (dik, bik) are left out: on the misspelt
		// forms this rule meets they are more often wrong than right.
		if r, ok := st.prefixes(l3k, sufKan); ok && len(r) > minRootLen {
			return r, true
		}
	}
	if l1 != l2 {
		if r, ok := st.prefixes(l1, sufNone); ok {
			return r, true
		}
	}
	if w != l1 {
		if r, ok := st.prefixes(w, sufNone); ok {
			return r, true
		}
	}
	return "", false
}

// prefixes strips up to maxPrefixes derivational prefixes from x, checking
// the lexicon after each one.
func (st *searcher) prefixes(x string, suf suffix) (string, bool) {
	if len(x) < minRootLen+2 {
		return "", false
	}
	b := append(st.top[:0], x...)
	return st.strip(b, 0, 0, suf)
}

// strip tries every candidate at this depth before going deeper, so that
// one prefix with a recoding (me-nyata) beats two prefixes.
func (st *searcher) strip(x []byte, depth int, used uint16, suf suffix) (string, bool) {
	var cs [8]cand
	cands := prefixCands(x, cs[:0], depth == 0, st.informal)
	n := 0
	for _, c := range cands {
		if !allowed(c.kind, depth, used, suf, st.strict) {
			continue
		}
		cands[n] = c
		n++
	}
	cands = cands[:n]
	// On a word whose only affix is this prefix, the strict pass first
	// takes the reading whose root hunspell-id gives that prefix, then
	// any reading, before it tries stacked prefixes.
	tagged := st.strict && depth == 0 && suf == sufNone && len(cands) > 1
	for _, c := range cands {
		if !tagged {
			break
		}
		b := append(st.buf[depth][:0], c.lead...)
		b = append(b, x[c.off:]...)
		st.need = prefixTag(c.kind)
		r, ok := st.find(b, suf)
		st.need = 0
		if ok {
			return r, true
		}
	}
	for _, c := range cands {
		b := append(st.buf[depth][:0], c.lead...)
		b = append(b, x[c.off:]...)
		if r, ok := st.find(b, suf); ok {
			return r, true
		}
	}
	if depth+1 >= st.depth {
		return "", false
	}
	for _, c := range cands {
		if len(x)-c.off+len(c.lead) < minRootLen+2 {
			continue
		}
		b := append(st.buf[depth][:0], c.lead...)
		b = append(b, x[c.off:]...)
		if r, ok := st.strip(b, depth+1, used|1<<c.kind, suf); ok {
			return r, true
		}
	}
	return "", false
}

// allowed applies the prefix-order rules: di-, me-, ku- and the informal
// nasals only come first, no prefix twice, and the confixes Nazief–Adriani
// rule out (be-i, di-an, ke-i, ke-kan, me-an, se-i, se-kan, te-an), plus
// pe-kan, which does not exist either (pe- nouns take -an: pemasakan is
// pe-masak-an, not pe-masa-kan).
//
// ke-…-i is let through in the second pass only: it is the imperative of
// mengetahui and menghendaki (ketahui, kehendaki), which no other split
// explains, and elsewhere a misreading.
func allowed(k prefix, depth int, used uint16, suf suffix, strict bool) bool {
	if used&(1<<k) != 0 {
		return false
	}
	if depth > 0 {
		switch k {
		case pDi, pMe, pKu, pInformal:
			return false
		}
		return true
	}
	switch suf {
	case sufI:
		return k != pBer && k != pSe && (k != pKe || !strict)
	case sufAn:
		return k != pDi && k != pMe && k != pTer
	case sufKan:
		return k != pKe && k != pSe && k != pPe
	}
	return true
}

// prefixTag returns the lexicon tag of a prefix put on a bare root. The
// strict pass asks for it on a word whose only affix is that prefix, so
// that the recoding hunspell-id attests wins (mengawal → kawal, berasa →
// rasa, memadu → padu); the roots it turns away come back in the second
// pass.
func prefixTag(k prefix) uint16 {
	switch k {
	case pBer:
		return takesBer
	case pMe:
		return takesMe
	case pPe:
		return takesPe
	case pPer:
		return takesPer
	case pTer:
		return takesTer
	}
	return 0
}

// prefixFirst reports the confixes for which Enhanced Confix Stripping
// removes the prefix before the suffix (dimulai is di-mulai, not
// di-mula-i): be-an, me-i, di-i, pe-i, ter-i.
func prefixFirst(w string, suf suffix) bool {
	switch suf {
	case sufAn:
		return strings.HasPrefix(w, "be")
	case sufI:
		return strings.HasPrefix(w, "me") || strings.HasPrefix(w, "di") ||
			strings.HasPrefix(w, "pe") || strings.HasPrefix(w, "te")
	}
	return false
}

// sharedK reports whether x, a word less -an, can be a form with -kan
// whose k merges with a k-final root, a common spelling of -kkan
// (menembakan, dimasakan, ditegakan): di-, me- and ter- never take -an, so
// for them -an after a k is read as -kan.
func sharedK(x string) bool {
	if len(x) < minRootLen+3 || x[len(x)-1] != 'k' {
		return false
	}
	return strings.HasPrefix(x, "di") || strings.HasPrefix(x, "me") || strings.HasPrefix(x, "te")
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && !isVowel(c)
}

func at(x []byte, i int) byte {
	if i < len(x) {
		return x[i]
	}
	return 0
}

// prefixCands appends the ways to strip one prefix from x, most likely
// first. The rules are those of Enhanced Confix Stripping (Arifin et al.
// 2009) with Asian et al.'s additions (mem-p/meng-k/men-t kept for loans:
// memproduksi, mengkritik, mentransfer) and the menge-/penge- forms of
// monosyllables (mengebom).
func prefixCands(x []byte, out []cand, first, informal bool) []cand {
	if len(x) < 4 {
		return out
	}
	c2, c3, c4 := at(x, 2), at(x, 3), at(x, 4)
	switch string(x[:2]) {
	case "di":
		out = append(out, cand{"", 2, pDi})
	case "ke":
		out = append(out, cand{"", 2, pKe})
	case "se":
		out = append(out, cand{"", 2, pSe})
	case "be":
		switch {
		case c2 == 'r' && isVowel(c3):
			out = append(out, cand{"", 3, pBer}, cand{"", 2, pBer}) // ber-V, be-rV
		case c2 == 'r' && c3 != 'r':
			out = append(out, cand{"", 3, pBer})
		case c2 == 'l' && isVowel(c3):
			out = append(out, cand{"", 3, pBer}) // bel-ajar
		case isConsonant(c2) && c2 != 'l' && c2 != 'r' && c3 == 'e' && c4 == 'r':
			out = append(out, cand{"", 2, pBer}) // be-kerja
		}
	case "te":
		switch {
		case c2 == 'r' && isVowel(c3):
			out = append(out, cand{"", 3, pTer}, cand{"", 2, pTer})
		case c2 == 'r' && c3 != 'r':
			out = append(out, cand{"", 3, pTer})
		case isConsonant(c2) && c2 != 'r' && c3 == 'e' && c4 == 'r':
			out = append(out, cand{"", 2, pTer}) // te-percaya
		}
	case "me":
		out = nasal(x, out, pMe, informal)
	case "pe":
		switch {
		case c2 == 'l' && string(x[:min(len(x), 7)]) == "pelajar":
			out = append(out, cand{"", 3, pPe}) // the one pel- word (Nazief–Adriani)
		case c2 == 'r' && isVowel(c3):
			out = append(out, cand{"", 3, pPer}, cand{"", 2, pPe}) // per-V, pe-rV
		case c2 == 'r' && c3 != 'r':
			out = append(out, cand{"", 3, pPer})
		case c2 == 'l' && isVowel(c3):
			out = append(out, cand{"", 2, pPe}, cand{"", 3, pPe}) // pe-lari, pel-ajar
		case (c2 == 'w' || c2 == 'y') && isVowel(c3):
			out = append(out, cand{"", 2, pPe})
		case c2 == 'm' || c2 == 'n':
			out = nasal(x, out, pPe, informal)
		case isConsonant(c2):
			out = append(out, cand{"", 2, pPe}) // pe-kerja, pe-tani
		}
	}
	if !first {
		return out
	}
	switch {
	case x[0] == 'k' && x[1] == 'u':
		out = append(out, cand{"", 2, pKu}) // ku-ambil
	case x[0] == 'k' && x[1] == 'a' && x[2] == 'u':
		out = append(out, cand{"", 3, pKu}) // kau-lihat
	}
	if informal {
		out = informalCands(x, out)
	}
	return out
}

// nasal handles meN- and peN-, whose nasal assimilates to the root's first
// letter and replaces it when that letter is voiceless (p, t, k, s).
func nasal(x []byte, out []cand, k prefix, informal bool) []cand {
	c2, c3, c4, c5 := at(x, 2), at(x, 3), at(x, 4), at(x, 5)
	switch c2 {
	case 'l', 'r', 'w', 'y':
		if isVowel(c3) {
			out = append(out, cand{"", 2, k}) // me-lihat
		}
	case 'm':
		switch {
		case c3 == 'b' || c3 == 'f' || c3 == 'v' || c3 == 'p':
			out = append(out, cand{"", 3, k}) // mem-baca, mem-produksi
		case isVowel(c3) || (c3 == 'r' && isVowel(c4)):
			out = append(out, cand{"", 2, k}, cand{"p", 3, k}) // me-makan, mem-pukul
		}
	case 'n':
		switch {
		case c3 == 'y' && isVowel(c4):
			out = append(out, cand{"s", 4, k}, cand{"", 2, k}) // meny-sapu, me-nyanyi
			if informal {
				out = append(out, cand{"c", 4, k})
			}
		case c3 == 'g':
			switch {
			case isVowel(c4):
				out = append(out, cand{"", 4, k}, cand{"k", 4, k}) // meng-ambil, meng-kirim
				if c4 == 'e' && isConsonant(c5) {
					out = append(out, cand{"", 5, k}) // menge-bom
				}
				out = append(out, cand{"", 2, k}) // me-nganga
			case c4 != 0:
				out = append(out, cand{"", 4, k}) // meng-gali, meng-hadap, meng-kritik
			}
		case c3 == 'c' || c3 == 'd' || c3 == 'j' || c3 == 's' || c3 == 'z' || c3 == 't':
			out = append(out, cand{"", 3, k}) // men-cari, men-transfer
		case isVowel(c3):
			out = append(out, cand{"", 2, k}, cand{"t", 3, k}) // me-nanti, men-tulis
		}
	}
	return out
}

// informalCands adds the colloquial nasal prefixes used without me-.
func informalCands(x []byte, out []cand) []cand {
	c1, c2 := x[1], at(x, 2)
	switch {
	case x[0] == 'n' && c1 == 'g' && c2 == 'e' && isConsonant(at(x, 3)):
		out = append(out, cand{"", 3, pInformal}) // nge-cek
		fallthrough
	case x[0] == 'n' && c1 == 'g' && isVowel(c2):
		out = append(out, cand{"", 2, pInformal}, cand{"k", 2, pInformal}, cand{"h", 2, pInformal})
	case x[0] == 'n' && c1 == 'y' && isVowel(c2):
		out = append(out, cand{"s", 2, pInformal}, cand{"c", 2, pInformal})
	case x[0] == 'm' && isVowel(c1):
		out = append(out, cand{"p", 1, pInformal})
	case x[0] == 'n' && isVowel(c1):
		out = append(out, cand{"t", 1, pInformal})
	}
	return out
}

func cutParticle(w string) (string, string) {
	if len(w) < minRootLen+3 {
		return w, ""
	}
	switch w[len(w)-3:] {
	case "lah", "kah", "tah", "pun":
		return w[:len(w)-3], w[len(w)-3:]
	}
	return w, ""
}

func cutPossessive(w string) (string, string) {
	if len(w) >= minRootLen+3 && strings.HasSuffix(w, "nya") {
		return w[:len(w)-3], "nya"
	}
	if len(w) >= minRootLen+2 && (strings.HasSuffix(w, "ku") || strings.HasSuffix(w, "mu")) {
		return w[:len(w)-2], w[len(w)-2:]
	}
	return w, ""
}

func cutDerivational(w string, informal bool) (string, suffix) {
	switch {
	case len(w) >= minRootLen+3 && strings.HasSuffix(w, "kan"):
		return w[:len(w)-3], sufKan
	case len(w) >= minRootLen+2 && strings.HasSuffix(w, "an"):
		return w[:len(w)-2], sufAn
	case len(w) >= minRootLen+1 && strings.HasSuffix(w, "i"):
		return w[:len(w)-1], sufI
	case informal && len(w) >= minRootLen+2 && strings.HasSuffix(w, "in"):
		return w[:len(w)-2], sufIn
	}
	return w, sufNone
}

// hyphenated stems reduplications (anak-anak, berlari-lari, sayur-mayur,
// tolong-menolong) to one root and keeps other compounds whole, less the
// clitics of the last part (besar-kecilnya → besar-kecil).
func (st *searcher) hyphenated(w string) (string, bool) {
	i := strings.IndexByte(w, '-')
	x, y := w[:i], w[i+1:]
	if x == "" || y == "" {
		t := strings.Trim(w, "-")
		if t == "" {
			return w, false
		}
		return st.any(t)
	}
	if isClitic(y) {
		return st.any(x) // kuasa-Mu, allah-lah: a clitic set off by a hyphen
	}
	sx, okx := st.part(x)
	sy, oky := st.any(y)
	if sx == sy {
		return sx, okx
	}
	if related(x, y) {
		// The second part of a verb reduplication keeps the nasal
		// without me- (menyebut-nyebut, memanggil-manggil), which is
		// no root: the part that leads to a lexicon root wins.
		if okx != oky {
			if okx {
				return sx, true
			}
			return sy, true
		}
		if strings.HasSuffix(x, y) {
			return sy, oky // semata-mata, berancang-ancang
		}
		return sx, okx // sayur-mayur, bolak-balik
	}
	return x + "-" + st.clitics(y), false
}

// isClitic reports whether s is a particle or possessive on its own.
func isClitic(s string) bool {
	switch s {
	case "nya", "ku", "mu", "lah", "kah", "tah", "pun":
		return true
	}
	return false
}

func (st *searcher) part(x string) (string, bool) {
	if _, ok := st.m[x]; ok {
		return x, true
	}
	return st.word(x)
}

// clitics strips particles and possessives from the last part of a
// compound when that leaves a root, and -nya in any case.
func (st *searcher) clitics(y string) string {
	if strings.IndexByte(y, '-') >= 0 {
		i := strings.LastIndexByte(y, '-')
		return y[:i+1] + st.clitics(y[i+1:])
	}
	l1, part := cutParticle(y)
	l2, poss := cutPossessive(l1)
	switch {
	case part != "" && st.root(l1, sufNone):
		return l1
	case poss != "" && st.root(l2, sufNone):
		return l2
	case poss == "nya":
		return l2
	}
	return y
}

// related reports whether two hyphenated parts form a reduplication: the
// same word with affixes (mudah-mudahan, tolong-menolong), a rhyme
// (sayur-mayur) or a vowel change (bolak-balik), rather than a compound of
// two words (besar-kecil, tanya-jawab).
func related(x, y string) bool {
	if strings.ContainsAny(x, "0123456789") || strings.ContainsAny(y, "0123456789") {
		return false // ranges and codes: 2020-2021, covid-19
	}
	if x == y {
		return true
	}
	if len(x) >= 3 && len(x) == len(y) && x[1:] == y[1:] {
		return true
	}
	if len(x) >= 3 && skeleton(x, y) {
		return true
	}
	short := len(x)
	if len(y) < short {
		short = len(y)
	}
	need := (short*6 + 9) / 10
	if need < 3 {
		need = 3
	}
	return longestCommon(x, y) >= need
}

// skeleton reports whether x and y have the same consonants in the same
// places and differ only in vowels.
func skeleton(x, y string) bool {
	if len(x) != len(y) {
		return false
	}
	diff := false
	for i := 0; i < len(x); i++ {
		if x[i] == y[i] {
			continue
		}
		if !isVowel(x[i]) || !isVowel(y[i]) {
			return false
		}
		diff = true
	}
	return diff
}

// longestCommon returns the length of the longest common substring.
func longestCommon(x, y string) int {
	if len(x) > maxWordLen || len(y) > maxWordLen {
		return 0
	}
	var prev, cur [maxWordLen + 1]uint8
	best := 0
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			if x[i-1] == y[j-1] {
				cur[j] = prev[j-1] + 1
				if int(cur[j]) > best {
					best = int(cur[j])
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}
