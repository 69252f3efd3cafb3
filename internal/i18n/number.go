package i18n

import (
	"math"
	"strconv"
	"strings"
)

// Separators returns the thousands and decimal separators of lang:
// Indonesian writes 1.234,5 and English 1,234.5.
func Separators(lang string) (thousands, decimal string) {
	if lang == "en" {
		return ",", "."
	}
	return ".", ","
}

// Number writes f with at most two decimals, grouped in thousands, the way
// lang writes numbers; a minus is the typographic "−".
func Number(lang string, f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "–"
	}
	th, dec := Separators(lang)
	s := strconv.FormatFloat(math.Abs(f), 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if f < 0 && (intPart != "0" || frac != "") {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec + frac)
	}
	return b.String()
}

// Signed is Number with an explicit plus sign for growth.
func Signed(lang string, f float64) string {
	s := Number(lang, f)
	if f > 0 && s != "0" {
		return "+" + s
	}
	return s
}

// Percent writes a change in percent: whole numbers from ±10% up, one
// decimal below that.
func Percent(lang string, pct float64) string {
	r := math.Round(pct)
	if math.Abs(pct) < 10 {
		r = math.Round(pct*10) / 10
	}
	return Signed(lang, r) + "%"
}
