package kpi

import (
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Charts are hand-written SVG: a fixed drawing size in a viewBox, so they
// scale down to a phone's width, system fonts, every label escaped. They
// are meant to be inlined in a page or served as image/svg+xml. They carry
// no style attribute, which the pages' Content-Security-Policy would
// refuse; the class "kpi-chart" lets the stylesheet make them fluid.

const (
	chartWidth = 640
	fontAttrs  = `font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12"`
)

// BarChart draws a leaderboard as horizontal bars, one <rect class="bar">
// per ranked participant in rank order, each with a <title> tooltip and a
// text label; bars grow right from zero for a positive score and left for
// a negative one. An entry without a score gets an empty bar labelled
// "baseline nol" or "tanpa skor" so that it still has its place.
func BarChart(lb Leaderboard) []byte {
	const (
		rowH   = 28
		top    = 48
		labelX = 8
		plotL  = 230 // participant labels (24 characters) and negative values to the left
		plotR  = 570 // room for the value label of the longest bar
	)
	n := len(lb.Participants)
	height := top + max(n, 1)*rowH + 16
	id := "kpi-" + slug(lb.Competition+"-"+lb.Group) + "-bar"

	title := "Peringkat " + displayName(lb.Name, lb.Competition)
	if lb.Group != "" {
		title += " — " + lb.Group
	}
	title += " (" + methodLabel(lb.Method) + ")"
	desc := fmt.Sprintf("Diagram batang skor %s untuk %d peserta, urut dari peringkat 1.",
		methodLabel(lb.Method), n)
	if n > 0 {
		e := lb.Participants[0]
		desc += fmt.Sprintf(" Peringkat 1: %s (%s), %s.", displayName(e.Name, e.Participant), e.Participant, scoreLabel(lb.Method, e.Score))
	}

	var b strings.Builder
	svgOpen(&b, id, height, title, desc)
	// The heading must fit the drawing; the full title is in <title>.
	heading := title
	if lb.Group != "" {
		heading = "Peringkat " + lb.Group + " (" + methodLabel(lb.Method) + ")"
	}
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" font-weight="600">%s</text>`+"\n", labelX, esc(truncate(heading, 72)))
	if n == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d">Belum ada peserta yang diperingkat</text>`+"\n", labelX, top+rowH/2)
		b.WriteString("</svg>\n")
		return []byte(b.String())
	}

	lo, hi := 0.0, 0.0
	for _, e := range lb.Participants {
		if e.Score != nil {
			lo, hi = min(lo, *e.Score), max(hi, *e.Score)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	x := func(v float64) float64 { return plotL + (v-lo)/(hi-lo)*(plotR-plotL) }
	x0 := x(0)

	for i, e := range lb.Participants {
		y := top + i*rowH
		mid := y + rowH/2
		fmt.Fprintf(&b, `<text x="%d" y="%d" dy=".35em">%s</text>`+"\n", labelX, mid,
			esc(truncate(fmt.Sprintf("%d. %s", e.Rank, displayName(e.Name, e.Participant)), 24)))
		tip := fmt.Sprintf("%s: %s; baseline %s, periode %s", entryLabel(e), scoreLabel(lb.Method, e.Score),
			FormatNumber(e.Baseline, 2), FormatNumber(e.Period, 2))
		if e.Score == nil {
			fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%d" width="0" height="%d" fill="#999"><title>%s</title></rect>`+"\n",
				coord(x0), y+6, rowH-12, esc(tip))
			why := "tanpa skor"
			if e.Flag == FlagZeroBaseline {
				why = "baseline nol"
			}
			fmt.Fprintf(&b, `<text x="%s" y="%d" dy=".35em" fill="#555">%s</text>`+"\n", coord(x0+4), mid, why)
			continue
		}
		xv := x(*e.Score)
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%d" width="%s" height="%d" fill="#1b6f8a"><title>%s</title></rect>`+"\n",
			coord(min(x0, xv)), y+6, coord(math.Abs(xv-x0)), rowH-12, esc(tip))
		label, anchor, lx := scoreLabel(lb.Method, e.Score), "start", xv+4
		if *e.Score < 0 {
			anchor, lx = "end", xv-4
		}
		fmt.Fprintf(&b, `<text x="%s" y="%d" dy=".35em" text-anchor="%s">%s</text>`+"\n", coord(lx), mid, anchor, esc(label))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#444"/>`+"\n", coord(x0), top, coord(x0), top+n*rowH)
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// seriesColours are the Okabe–Ito colours, which stay apart for readers
// with colour-blindness, less the yellow that vanishes on white.
var seriesColours = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"}

// SeriesChart draws each participant's daily values as one line (<path
// class="series">) across two shaded panels (<rect class="window">): the
// baseline window and the competition window, side by side in date order.
// The days between the windows are left out, as the arithmetic leaves them
// out; each panel is as wide as its share of the days, but at least 30% of
// the plot so that a short window stays legible. Control units are dashed.
// A legend names every line.
func SeriesChart(c Competition, ms []Measurement) []byte {
	const (
		top     = 48
		plotL   = 64
		plotR   = chartWidth - 16
		plotH   = 220
		plotB   = top + plotH
		gapW    = 20
		legendY = plotB + 40
		legendH = 18
		legendW = 210
	)
	type series struct {
		p      Participant
		byWin  [2][]Measurement
		colour string
	}
	windows := [2]Window{c.Baseline, c.Period}
	labels := [2]string{"Baseline", "Masa kompetisi"}
	var all []*series
	lo, hi := 0.0, math.Inf(-1)
	for _, p := range c.Participants {
		s := &series{p: p}
		for _, m := range ms {
			if m.Participant != p.Code {
				continue
			}
			for w, win := range windows {
				if win.Contains(m.Date) {
					s.byWin[w] = append(s.byWin[w], m)
					lo, hi = min(lo, m.Value), max(hi, m.Value)
				}
			}
		}
		if len(s.byWin[0])+len(s.byWin[1]) > 0 {
			s.colour = seriesColours[len(all)%len(seriesColours)]
			all = append(all, s)
		}
	}
	if math.IsInf(hi, -1) {
		hi = 1
	}
	step, lo, hi := niceScale(lo, hi)
	y := func(v float64) float64 { return plotB - (v-lo)/(hi-lo)*plotH }

	// Panel geometry: the earlier window on the left.
	first, second := 0, 1
	if dayNumber(c.Period.From) < dayNumber(c.Baseline.From) {
		first, second = 1, 0
	}
	avail := float64(plotR - plotL - gapW)
	var px, pw [2]float64
	share := float64(windows[first].Days()) / float64(windows[0].Days()+windows[1].Days())
	pw[first] = min(max(share, 0.3), 0.7) * avail
	pw[second] = avail - pw[first]
	px[first] = plotL
	px[second] = plotL + pw[first] + gapW
	// A day is a slot of equal width within its panel; a value sits in
	// the middle of its slot.
	x := func(w int, t time.Time) float64 {
		d := float64(dayNumber(t) - dayNumber(windows[w].From))
		return px[w] + (d+0.5)/float64(windows[w].Days())*pw[w]
	}

	rows := (len(all) + 2) / 3
	height := legendY + rows*legendH + 8
	name := displayName(c.Name, c.Code)
	title := name + ": " + c.Metric.Name + " per hari"
	desc := fmt.Sprintf("Grafik garis nilai harian %s untuk %d peserta, pada baseline %s dan masa kompetisi %s.",
		c.Metric.Name, len(all), rangeLabel(c.Baseline), rangeLabel(c.Period))

	var b strings.Builder
	svgOpen(&b, "kpi-"+slug(c.Code)+"-series", height, title, desc)
	fmt.Fprintf(&b, `<text x="8" y="20" font-size="15" font-weight="600">%s</text>`+"\n", esc(title))
	if c.Metric.Unit != "" {
		fmt.Fprintf(&b, `<text x="8" y="38" fill="#555">%s</text>`+"\n", esc(c.Metric.Unit))
	}
	for w, win := range windows {
		fill := "#dde8f3"
		if w == 1 {
			fill = "#fbe3c8"
		}
		fmt.Fprintf(&b, `<rect class="window" x="%s" y="%d" width="%s" height="%d" fill="%s"><title>%s %s</title></rect>`+"\n",
			coord(px[w]), top, coord(pw[w]), plotH, fill, labels[w], esc(rangeLabel(win)))
		fmt.Fprintf(&b, `<text x="%s" y="%d" fill="#333">%s</text>`+"\n", coord(px[w]+4), top+14, labels[w])
		fmt.Fprintf(&b, `<text x="%s" y="%d" text-anchor="middle" fill="#333">%s</text>`+"\n",
			coord(px[w]+pw[w]/2), plotB+16, esc(rangeLabel(win)))
		fmt.Fprintf(&b, `<line x1="%s" y1="%d" x2="%s" y2="%d" stroke="#444"/>`+"\n", coord(px[w]), plotB, coord(px[w]+pw[w]), plotB)
	}
	for v := lo; v <= hi+step/2; v += step {
		for w := range windows {
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#bbb" stroke-width="0.5"/>`+"\n",
				coord(px[w]), coord(y(v)), coord(px[w]+pw[w]), coord(y(v)))
		}
		fmt.Fprintf(&b, `<text x="%d" y="%s" dy=".35em" text-anchor="end" fill="#333">%s</text>`+"\n",
			plotL-6, coord(y(v)), FormatNumber(v, 2))
	}

	if len(all) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">Belum ada data</text>`+"\n", (plotL+plotR)/2, top+plotH/2)
	}
	for i, s := range all {
		var d strings.Builder
		for w, seg := range s.byWin {
			slices.SortFunc(seg, func(a, b Measurement) int { return a.Date.Compare(b.Date) })
			for j, m := range seg {
				cmd := "L"
				if j == 0 {
					cmd = "M"
				}
				fmt.Fprintf(&d, "%s%s %s ", cmd, coord(x(w, m.Date)), coord(y(m.Value)))
			}
			if len(seg) == 1 { // a lone day: a round cap on a zero-length line draws a dot
				d.WriteString("l0 0 ")
			}
		}
		label := displayName(s.p.Name, s.p.Code)
		dash := ""
		if s.p.Control {
			label += " (pembanding)"
			dash = ` stroke-dasharray="5 4"`
		}
		fmt.Fprintf(&b, `<path class="series" d="%s" fill="none" stroke="%s" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"%s><title>%s</title></path>`+"\n",
			strings.TrimSpace(d.String()), s.colour, dash, esc(label))
		lx, ly := 8+(i%3)*legendW, legendY+(i/3)*legendH
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"%s/>`+"\n", lx, ly, lx+18, ly, s.colour, dash)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dy=".35em">%s</text>`+"\n", lx+24, ly, esc(truncate(label, 26)))
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// svgOpen writes the root element with its accessible name and description.
func svgOpen(b *strings.Builder, id string, height int, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" class="kpi-chart" role="img" aria-labelledby="%s-title %s-desc" %s>`+"\n",
		chartWidth, height, chartWidth, height, id, id, fontAttrs)
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`+"\n", id, esc(title))
	fmt.Fprintf(b, `<desc id="%s-desc">%s</desc>`+"\n", id, esc(desc))
}

// niceScale widens [lo, hi] to multiples of a round step (1, 2 or 5 times a
// power of ten) giving about four intervals.
func niceScale(lo, hi float64) (step, nlo, nhi float64) {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, f := range []float64{1, 2, 5} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	return step, math.Floor(lo/step) * step, math.Ceil(hi/step) * step
}

func methodLabel(m Method) string {
	switch m {
	case Percent:
		return "persentase perubahan"
	case Absolute:
		return "perubahan absolut"
	case LogRatio:
		return "rasio logaritmik"
	}
	return string(m)
}

// scoreLabel writes a score with its sign, in the method's terms.
func scoreLabel(m Method, score *float64) string {
	if score == nil {
		return "tanpa skor"
	}
	v := *score
	var s string
	switch m {
	case Percent:
		s = FormatNumber(v, 1) + "%"
	case LogRatio:
		s = FormatNumber(v, 3)
	default:
		s = FormatNumber(v, 2)
	}
	if v > 0 && s != "0" && s != "0%" {
		s = "+" + s
	}
	return s
}

func entryLabel(e Entry) string {
	if e.Name == "" {
		return fmt.Sprintf("%d. %s", e.Rank, e.Participant)
	}
	return fmt.Sprintf("%d. %s (%s)", e.Rank, e.Name, e.Participant)
}

func displayName(name, code string) string {
	if name != "" {
		return name
	}
	return code
}

var monthsID = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}

func dateLabel(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), monthsID[t.Month()-1], t.Year())
}

// rangeLabel is "1 Jan – 10 Jan 2024", with both years when they differ.
func rangeLabel(w Window) string {
	from := dateLabel(w.From)
	if w.From.Year() == w.To.Year() {
		from = fmt.Sprintf("%d %s", w.From.Day(), monthsID[w.From.Month()-1])
	}
	return from + " – " + dateLabel(w.To)
}

// truncate shortens s to n characters, marking the cut; the full text is
// in the element's <title>.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// slug makes s safe inside an id attribute.
func slug(s string) string {
	return strings.Trim(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s), "-")
}

func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
