package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/i18n"
)

// separators, formatNumber, formatSigned and formatPercent are i18n's,
// shared with the PDF brief of a practice.
func separators(lang string) (thousands, decimal string) { return i18n.Separators(lang) }

func formatNumber(lang string, f float64) string { return i18n.Number(lang, f) }

func formatSigned(lang string, f float64) string { return i18n.Signed(lang, f) }

func formatPercent(lang string, pct float64) string { return i18n.Percent(lang, pct) }

// plainNumber writes f for an input field: no grouping, the language's
// decimal separator, so parseNumber reads it back unchanged.
func plainNumber(lang string, f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	_, dec := separators(lang)
	return strings.Replace(s, ".", dec, 1)
}

// parseNumber reads a number as people type it: "1234.5", "1.234,5",
// "1,234.5", "12,5" or "−3". When both separators appear the last one is
// the decimal mark; a lone separator followed by exactly three digits is
// read as grouping in the language that groups with it ("1.500" is fifteen
// hundred in Indonesian), otherwise as the decimal mark.
func parseNumber(lang, s string) (float64, bool) {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "−", "-", "_", "").Replace(s)
	if s == "" {
		return 0, false
	}
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case dot >= 0 && comma >= 0:
		if dot > comma {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		}
	case comma >= 0:
		th, _ := separators(lang)
		if strings.Count(s, ",") > 1 || (th == "," && len(s)-comma-1 == 3) {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.Replace(s, ",", ".", 1)
		}
	case dot >= 0:
		th, _ := separators(lang)
		if strings.Count(s, ".") > 1 || (th == "." && len(s)-dot-1 == 3) {
			s = strings.ReplaceAll(s, ".", "")
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

var monthsID = [...]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// wib is Jakarta time, in which dates and times are shown.
var wib = time.FixedZone("WIB", 7*3600)

// formatDate writes a day as "12 Maret 2026" or "12 March 2026".
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(wib)
	month := t.Month().String()
	if lang != "en" {
		month = monthsID[t.Month()-1]
	}
	return strconv.Itoa(t.Day()) + " " + month + " " + strconv.Itoa(t.Year())
}

var monthsShortID = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

// formatShortDateTime writes "28 Nov 2026 04.13" for tables.
func formatShortDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(wib)
	month := t.Format("Jan")
	clock := t.Format("15:04")
	if lang != "en" {
		month = monthsShortID[t.Month()-1]
		clock = t.Format("15.04")
	}
	return strconv.Itoa(t.Day()) + " " + month + " " + strconv.Itoa(t.Year()) + " " + clock
}

// formatDay formats a YYYY-MM-DD string; anything else is returned as is.
func formatDay(lang, day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, wib)
	if err != nil {
		return day
	}
	return formatDate(lang, t)
}

// formatDateTime writes "12 Maret 2026 14.05 WIB" (Indonesian uses a dot
// between hours and minutes).
func formatDateTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(wib)
	clock := t.Format("15.04")
	if lang == "en" {
		clock = t.Format("15:04")
	}
	return formatDate(lang, t) + " " + clock + " WIB"
}

// formatSize writes a file size for people.
func formatSize(lang string, n int64) string {
	switch {
	case n >= 1<<20:
		return formatNumber(lang, math.Round(float64(n)/(1<<20)*10)/10) + " MB"
	case n >= 1<<10:
		return formatNumber(lang, math.Round(float64(n)/(1<<10))) + " KB"
	}
	return formatNumber(lang, float64(n)) + " B"
}
