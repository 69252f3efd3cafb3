package web

import (
	"fmt"
	"html/template"
	"strings"

	"lumbung/internal/award"
	"lumbung/internal/i18n"
)

// jurorChart is one round's per-juror score distribution: each juror's
// totals (0–100) as dots on a line, with the mean and one standard
// deviation either side, so a harsh juror's row sits left of the others
// and a lenient one's right. Drawn as inline SVG on the server; the table
// beside it carries the same figures for screen readers and print.
type jurorChart struct {
	Round string
	SVG   template.HTML
	Rows  []jurorChartRow
}

type jurorChartRow struct {
	Label                      string
	N                          int
	Mean, SD, Min, Max, Offset string
	Harsh, Lenient             bool
	// FewSheets: too few totals to call the juror harsh or lenient.
	FewSheets bool
}

const (
	chartLeft  = 150.0 // room for the juror labels
	chartWidth = 460.0 // the 0–100 axis
	chartRight = 20.0
	chartRow   = 30.0
	chartTop   = 28.0
)

// harshness beyond which a juror is marked harsh or lenient, in points of T.
const offsetMark = 5.0

// newJurorChart draws stats; public replaces the jurors' names with
// "Juri 1", "Juri 2", … in the order of the statistics (e-mail order),
// which says nothing about who they are.
func newJurorChart(lang, code, round string, stats []award.JurorStats, jurors []award.Juror, public bool) jurorChart {
	names := map[string]string{}
	for _, j := range jurors {
		names[j.Email] = j.Name
	}
	c := jurorChart{Round: round}
	for i, s := range stats {
		label := i18n.T(lang, "award.chart.juror_n", i+1)
		if !public {
			label = s.Juror
			if n := names[s.Juror]; n != "" {
				label = n
			}
		}
		c.Rows = append(c.Rows, jurorChartRow{Label: label, N: s.N, Mean: formatNumber(lang, s.Mean), SD: formatNumber(lang, s.SD),
			Min: formatNumber(lang, s.Min), Max: formatNumber(lang, s.Max), Offset: formatSigned(lang, s.Offset),
			Harsh: !s.FewSheets && s.Offset <= -offsetMark, Lenient: !s.FewSheets && s.Offset >= offsetMark, FewSheets: s.FewSheets})
	}
	x := func(v float64) float64 { return chartLeft + chartWidth*max(0, min(100, v))/100 }
	h := chartTop + chartRow*float64(len(stats)) + 24
	w := chartLeft + chartWidth + chartRight
	var b strings.Builder
	esc := template.HTMLEscapeString
	title := i18n.T(lang, "award.chart.title", round)
	fmt.Fprintf(&b, `<svg class="award-chart" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-labelledby="ch-%s-t ch-%s-d" xmlns="http://www.w3.org/2000/svg">`,
		w, h, esc(chartID(code)), esc(chartID(code)))
	fmt.Fprintf(&b, `<title id="ch-%s-t">%s</title><desc id="ch-%s-d">%s</desc>`, esc(chartID(code)), esc(title), esc(chartID(code)),
		esc(i18n.T(lang, "award.chart.desc")))
	// Grid and axis labels every 20 points.
	for v := 0; v <= 100; v += 20 {
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x(float64(v)), chartTop-6, x(float64(v)), h-20)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, x(float64(v)), h-6, v)
	}
	fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="14" text-anchor="middle">%s</text>`, chartLeft+chartWidth/2, esc(i18n.T(lang, "award.chart.axis")))
	for i, s := range stats {
		y := chartTop + chartRow*float64(i) + chartRow/2
		class := "row"
		switch {
		case c.Rows[i].Harsh:
			class += " harsh"
		case c.Rows[i].Lenient:
			class += " lenient"
		}
		fmt.Fprintf(&b, `<g class="%s">`, class)
		fmt.Fprintf(&b, `<text class="label" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, chartLeft-8, y+4, esc(truncate(c.Rows[i].Label, 22)))
		fmt.Fprintf(&b, `<line class="track" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x(0), y, x(100), y)
		fmt.Fprintf(&b, `<rect class="sd" x="%.1f" y="%.1f" width="%.1f" height="10"/>`, x(s.Mean-s.SD), y-5, x(s.Mean+s.SD)-x(s.Mean-s.SD))
		for _, t := range s.Totals {
			fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="3.5"/>`, x(t), y)
		}
		fmt.Fprintf(&b, `<line class="mean" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, x(s.Mean), y-9, x(s.Mean), y+9)
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String()) // every text above is escaped
	return c
}

func chartID(round string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, round)
}

func truncate(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
