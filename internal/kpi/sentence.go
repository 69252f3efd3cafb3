package kpi

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence tells a leaderboard's summary in one Indonesian sentence, such
// as "12 pasar, transaksi digital naik 47%" or, with controls, "12 pasar,
// transaksi digital naik 47% (29,5 poin persentase di atas pembanding)".
// Percentages are rounded to one decimal and written with a decimal comma.
func Sentence(c Competition, s Summary) string {
	noun := c.noun()
	if s.Participants == 0 {
		return fmt.Sprintf("Belum ada %s yang dapat diperingkat", noun)
	}
	head := fmt.Sprintf("%d %s, %s", s.Participants, noun, lowerFirst(c.Metric.Name))
	if s.Percent == nil {
		return head + " belum dapat dihitung persentasenya (baseline nol)"
	}
	out := head + " " + movement(*s.Percent)
	if s.DiD != nil {
		d := math.Round(*s.DiD*10) / 10
		switch {
		case d > 0:
			out += fmt.Sprintf(" (%s poin persentase di atas pembanding)", FormatNumber(d, 1))
		case d < 0:
			out += fmt.Sprintf(" (%s poin persentase di bawah pembanding)", FormatNumber(-d, 1))
		default:
			out += " (sama dengan pembanding)"
		}
	}
	return out
}

// movement is "naik 47%", "turun 3,5%" or "tidak berubah".
func movement(pct float64) string {
	word := "naik"
	if pct < 0 {
		word = "turun"
	}
	r := math.Round(math.Abs(pct)*10) / 10
	switch {
	case pct == 0:
		return "tidak berubah"
	case r == 0:
		return word + " kurang dari 0,1%"
	}
	return word + " " + FormatNumber(r, 1) + "%"
}

// lowerFirst lower-cases a leading capital unless the word is an acronym
// ("Transaksi digital" becomes "transaksi digital"; "QRIS" stays).
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// FormatNumber writes x the Indonesian way, rounded to at most decimals
// places with trailing zeros dropped: 1234.5 → "1.234,5", 47.0 → "47",
// 3.14159 with two decimals → "3,14".
func FormatNumber(x float64, decimals int) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if neg && (strings.Trim(intPart, "0") != "" || frac != "") {
		b.WriteByte('-')
	}
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteByte(',')
		b.WriteString(frac)
	}
	return b.String()
}
