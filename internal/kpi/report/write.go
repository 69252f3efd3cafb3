package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"lumbung/internal/kpi"
)

// Input is what an export shows: a competition, its data and its result.
type Input struct {
	Competition  kpi.Competition
	Description  string
	Organiser    string
	Status       string // as it should read ("Terbit")
	Demo         bool
	Measurements []kpi.Measurement
	Result       kpi.Result
	Generated    time.Time
}

func (in Input) sentence(lb kpi.Leaderboard) string { return kpi.Sentence(in.Competition, lb.Summary) }

// methodNames are the methods as the exports name them.
var methodNames = map[kpi.Method]string{
	kpi.Percent:  "persentase perubahan",
	kpi.Absolute: "perubahan absolut",
	kpi.LogRatio: "rasio logaritmik",
}

var reasonNames = map[string]string{
	kpi.ReasonControl:    "pembanding (tidak diperingkat)",
	kpi.ReasonNoBaseline: "tanpa data baseline",
	kpi.ReasonNoPeriod:   "tanpa data masa kompetisi",
	kpi.ReasonNoData:     "tanpa data",
}

var flagNames = map[string]string{
	kpi.FlagZeroBaseline: "baseline nol: tanpa persentase",
	kpi.FlagLogUndefined: "rasio log tidak terdefinisi",
}

// XLSX writes a workbook: "Ringkasan" (the competition and its summary),
// "Peringkat" (the overall leaderboard, then the unranked), one
// "Peringkat <group>" sheet per size group, and "Data" (participant, date,
// value, which ReadXLSX reads back). Numbers are stored as numbers, with
// the 15 significant digits a spreadsheet keeps; the JSON API and the
// command line give full float64 precision.
func XLSX(w io.Writer, in Input) error {
	f := excelize.NewFile()
	defer f.Close()
	c := in.Competition
	const summary = "Ringkasan"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	lb := in.Result.Overall
	rows := [][]any{
		{"Kompetisi", c.Name},
		{"Kode", c.Code},
		{"Penyelenggara", in.Organiser},
		{"Status", in.Status},
		{"Indikator", c.Metric.Name},
		{"Satuan", c.Metric.Unit},
		{"Arah", map[bool]string{true: "makin tinggi makin baik", false: "makin rendah makin baik"}[c.Metric.HigherIsBetter]},
		{"Baseline", c.Baseline.From.Format(time.DateOnly) + " s.d. " + c.Baseline.To.Format(time.DateOnly)},
		{"Masa kompetisi", c.Period.From.Format(time.DateOnly) + " s.d. " + c.Period.To.Format(time.DateOnly)},
		{"Metode", methodNames[lb.Method]},
	}
	if lb.K != nil {
		rows = append(rows, []any{"k (rasio log)", *lb.K})
	}
	rows = append(rows,
		[]any{"Ringkasan", in.sentence(lb)},
		[]any{"Peserta diperingkat", lb.Summary.Participants},
		[]any{"Jumlah B (baseline)", lb.Summary.Baseline},
		[]any{"Jumlah P (kompetisi)", lb.Summary.Period},
		[]any{"Perubahan (%)", nullable(lb.Summary.Percent)},
		[]any{"Pembanding", lb.Summary.Controls},
		[]any{"Perubahan pembanding (%)", nullable(lb.Summary.ControlPercent)},
		[]any{"Selisih (poin persentase, DiD)", nullable(lb.Summary.DiD)},
		[]any{"Dibuat", in.Generated.Format(time.RFC3339)},
	)
	if in.Demo {
		rows = append(rows, []any{"Catatan", "Data demonstrasi, bukan data sebenarnya."})
	}
	if in.Description != "" {
		rows = append(rows, []any{"Keterangan", in.Description})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(summary, cell, &r); err != nil {
			return err
		}
	}
	f.SetColStyle(summary, "A", bold)
	f.SetColWidth(summary, "A", "A", 30)
	f.SetColWidth(summary, "B", "B", 70)

	boards := append([]kpi.Leaderboard{in.Result.Overall}, in.Result.Groups...)
	used := map[string]bool{summary: true, "Data": true}
	for _, b := range boards {
		name := sheetName("Peringkat "+b.Group, used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := boardSheet(f, name, b, bold); err != nil {
			return err
		}
	}

	if _, err := f.NewSheet("Data"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Data")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"participant", "date", "value"}); err != nil {
		return err
	}
	ms := slices.Clone(in.Measurements)
	slices.SortFunc(ms, func(a, b kpi.Measurement) int {
		if r := strings.Compare(a.Participant, b.Participant); r != 0 {
			return r
		}
		return a.Date.Compare(b.Date)
	})
	for i, m := range ms {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{m.Participant, m.Date.Format(time.DateOnly), m.Value}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

func boardSheet(f *excelize.File, name string, b kpi.Leaderboard, bold int) error {
	header := []any{"Peringkat", "Kode", "Nama", "Kelompok", "B (rata-rata baseline)", "P (rata-rata kompetisi)",
		"Perubahan (P−B)", "Persentase (%)", "Skor", "Catatan"}
	if err := f.SetSheetRow(name, "A1", &header); err != nil {
		return err
	}
	f.SetRowStyle(name, 1, 1, bold)
	row := 2
	for _, e := range b.Participants {
		r := []any{e.Rank, e.Participant, e.Name, e.Group, e.Baseline, e.Period, e.Change, nullable(e.Percent), nullable(e.Score), flagNames[e.Flag]}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
		row++
	}
	if len(b.Unranked) > 0 {
		row++
		for _, u := range b.Unranked {
			r := []any{"–", u.Participant, u.Name, u.Group, nullable(u.Baseline), nullable(u.Period), nil, nil, nil, reasonNames[u.Reason]}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				return err
			}
			row++
		}
	}
	f.SetColWidth(name, "C", "C", 32)
	f.SetColWidth(name, "D", "J", 18)
	return nil
}

// sheetName makes a legal, unused sheet name: at most 31 characters, none
// of : \ / ? * [ ].
func sheetName(s string, used map[string]bool) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s))
	r := []rune(s)
	if len(r) > 28 {
		r = r[:28]
	}
	base := string(r)
	name := base
	for i := 2; used[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	used[strings.ToLower(name)] = true
	return name
}

func nullable(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}

// PDF writes an A4 summary: the competition, the summary sentence and
// figures, a bar chart of the ranking, a line chart of the daily mean of
// competitors and controls, and the leaderboard table. Charts are drawn
// with PDF rectangles and lines, so they stay sharp at any zoom. Text uses
// the core fonts through the cp1252 translator, which covers Indonesian.
func PDF(w io.Writer, in Input) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(in.Competition.Name, true)
	pdf.SetCreator("Lumbung", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("Lumbung · %s · dibuat %s · halaman %d/{nb}", in.Competition.Code,
			in.Generated.Format("2006-01-02 15:04"), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	c := in.Competition
	lb := in.Result.Overall
	text := func(style string, size float64, h float64, s string) {
		pdf.SetFont("Helvetica", style, size)
		pdf.SetTextColor(20, 20, 20)
		pdf.MultiCell(0, h, tr(s), "", "L", false)
	}
	text("B", 16, 7, c.Name)
	if in.Demo {
		pdf.SetTextColor(150, 60, 0)
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(0, 5, tr("Data demonstrasi, bukan data sebenarnya."), "", "L", false)
	}
	text("", 9, 4.5, fmt.Sprintf("%s · status: %s · indikator: %s (%s, %s)", in.Organiser, in.Status, c.Metric.Name, c.Metric.Unit,
		map[bool]string{true: "makin tinggi makin baik", false: "makin rendah makin baik"}[c.Metric.HigherIsBetter]))
	text("", 9, 4.5, fmt.Sprintf("Baseline %s s.d. %s · masa kompetisi %s s.d. %s · metode: %s",
		c.Baseline.From.Format(time.DateOnly), c.Baseline.To.Format(time.DateOnly),
		c.Period.From.Format(time.DateOnly), c.Period.To.Format(time.DateOnly), methodNames[lb.Method]))
	if in.Description != "" {
		pdf.Ln(1)
		text("", 9, 4.5, in.Description)
	}
	pdf.Ln(3)
	text("B", 13, 6.5, in.sentence(lb))
	s := lb.Summary
	line := fmt.Sprintf("%d peserta diperingkat: jumlah B %s, jumlah P %s, perubahan %s.", s.Participants,
		kpi.FormatNumber(s.Baseline, 2), kpi.FormatNumber(s.Period, 2), pctText(s.Percent))
	if s.Controls > 0 {
		line += fmt.Sprintf(" %d pembanding: perubahan %s; selisih (DiD) %s poin persentase.", s.Controls, pctText(s.ControlPercent), numText(s.DiD, 1))
	}
	text("", 10, 5, line)
	pdf.Ln(3)

	barChart(pdf, tr, lb)
	pdf.Ln(4)
	seriesChart(pdf, tr, c, in.Measurements)
	pdf.Ln(4)

	boards := append([]kpi.Leaderboard{lb}, in.Result.Groups...)
	for _, b := range boards {
		title := "Peringkat keseluruhan"
		if b.Group != "" {
			title = "Peringkat kelompok " + b.Group
		}
		if pdf.GetY() > 250 {
			pdf.AddPage()
		}
		text("B", 11, 6, title)
		if b.Group != "" {
			text("", 9, 4.5, kpi.Sentence(c, b.Summary))
		}
		table(pdf, tr, b)
		pdf.Ln(3)
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}

func pctText(p *float64) string {
	if p == nil {
		return "–"
	}
	return kpi.FormatNumber(*p, 1) + "%"
}

func numText(p *float64, dec int) string {
	if p == nil {
		return "–"
	}
	return kpi.FormatNumber(*p, dec)
}

func scoreText(m kpi.Method, p *float64) string {
	if p == nil {
		return "–"
	}
	switch m {
	case kpi.Percent:
		return kpi.FormatNumber(*p, 1) + "%"
	case kpi.LogRatio:
		return kpi.FormatNumber(*p, 3)
	}
	return kpi.FormatNumber(*p, 2)
}

// barChart draws one horizontal bar per ranked participant, in rank order,
// from a zero line; at most 25 bars, so the chart fits its page.
func barChart(pdf *fpdf.Fpdf, tr func(string) string, lb kpi.Leaderboard) {
	entries := lb.Participants
	if len(entries) > 25 {
		entries = entries[:25]
	}
	const rowH, labelW, valueW = 6.0, 55.0, 22.0
	left, _, right, _ := pdf.GetMargins()
	pageW, _ := pdf.GetPageSize()
	plotL := left + labelW
	plotR := pageW - right - valueW
	pdf.SetFont("Helvetica", "B", 11)
	pdf.CellFormat(0, 6, tr("Skor per peserta ("+methodNames[lb.Method]+")"), "", 1, "L", false, 0, "")
	if len(entries) == 0 {
		pdf.SetFont("Helvetica", "", 9)
		pdf.CellFormat(0, 6, tr("Belum ada peserta yang diperingkat."), "", 1, "L", false, 0, "")
		return
	}
	if pdf.GetY()+float64(len(entries))*rowH > 280 {
		pdf.AddPage()
	}
	lo, hi := 0.0, 0.0
	for _, e := range entries {
		if e.Score != nil {
			lo, hi = math.Min(lo, *e.Score), math.Max(hi, *e.Score)
		}
	}
	if hi == lo {
		hi = lo + 1
	}
	x := func(v float64) float64 { return plotL + (v-lo)/(hi-lo)*(plotR-plotL) }
	x0 := x(0)
	top := pdf.GetY()
	pdf.SetFont("Helvetica", "", 8)
	for i, e := range entries {
		y := top + float64(i)*rowH
		name := e.Name
		if name == "" {
			name = e.Participant
		}
		pdf.SetXY(left, y)
		pdf.SetTextColor(20, 20, 20)
		pdf.CellFormat(labelW-2, rowH, tr(clip(fmt.Sprintf("%d. %s", e.Rank, name), 34)), "", 0, "L", false, 0, "")
		if e.Score == nil {
			pdf.SetXY(x0+1, y)
			pdf.SetTextColor(110, 110, 110)
			pdf.CellFormat(40, rowH, tr(flagNames[e.Flag]), "", 0, "L", false, 0, "")
			continue
		}
		xv := x(*e.Score)
		pdf.SetFillColor(27, 111, 138)
		pdf.Rect(math.Min(x0, xv), y+1, math.Max(math.Abs(xv-x0), 0.2), rowH-2, "F")
		pdf.SetTextColor(20, 20, 20)
		label := scoreText(lb.Method, e.Score)
		if *e.Score < 0 {
			pdf.SetXY(xv-21, y)
			pdf.CellFormat(20, rowH, tr(label), "", 0, "R", false, 0, "")
		} else {
			pdf.SetXY(xv+1, y)
			pdf.CellFormat(20, rowH, tr(label), "", 0, "L", false, 0, "")
		}
	}
	pdf.SetDrawColor(60, 60, 60)
	pdf.Line(x0, top, x0, top+float64(len(entries))*rowH)
	pdf.SetY(top + float64(len(entries))*rowH + 1)
	if len(lb.Participants) > len(entries) {
		pdf.SetFont("Helvetica", "I", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%d peserta lain ada di tabel.", len(lb.Participants)-len(entries))), "", 1, "L", false, 0, "")
	}
}

// seriesChart draws the mean value per day of the competitors (solid) and
// of the controls (dashed) over the baseline and the competition windows.
func seriesChart(pdf *fpdf.Fpdf, tr func(string) string, c kpi.Competition, ms []kpi.Measurement) {
	const h = 55.0
	if pdf.GetY()+h+16 > 280 {
		pdf.AddPage()
	}
	left, _, right, _ := pdf.GetMargins()
	pageW, _ := pdf.GetPageSize()
	pdf.SetFont("Helvetica", "B", 11)
	pdf.SetTextColor(20, 20, 20)
	pdf.CellFormat(0, 6, tr("Rata-rata "+c.Metric.Name+" per hari"), "", 1, "L", false, 0, "")
	control := map[string]bool{}
	for _, p := range c.Participants {
		control[p.Code] = p.Control
	}
	type acc struct{ sum, n float64 }
	windows := [2]kpi.Window{c.Baseline, c.Period}
	var days [2]map[int]*[2]acc // window → day offset → [competitors, controls]
	lo, hi := 0.0, math.Inf(-1)
	for w := range windows {
		days[w] = map[int]*[2]acc{}
	}
	for _, m := range ms {
		for w, win := range windows {
			if !win.Contains(m.Date) {
				continue
			}
			d := int(m.Date.Sub(win.From).Hours()/24 + 0.5)
			a := days[w][d]
			if a == nil {
				a = &[2]acc{}
				days[w][d] = a
			}
			k := 0
			if control[m.Participant] {
				k = 1
			}
			a[k].sum += m.Value
			a[k].n++
		}
	}
	for w := range days {
		for _, a := range days[w] {
			for k := range a {
				if a[k].n > 0 {
					v := a[k].sum / a[k].n
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
		}
	}
	if math.IsInf(hi, -1) || hi == lo {
		hi = lo + 1
	}
	top := pdf.GetY() + 2
	plotL, plotR := left+14, pageW-right
	gap := 4.0
	total := float64(windows[0].Days() + windows[1].Days())
	avail := plotR - plotL - gap
	w0 := math.Min(math.Max(float64(windows[0].Days())/total, 0.3), 0.7) * avail
	px := [2]float64{plotL, plotL + w0 + gap}
	pw := [2]float64{w0, avail - w0}
	y := func(v float64) float64 { return top + h - (v-lo)/(hi-lo)*h }
	fills := [2][3]int{{221, 232, 243}, {251, 227, 200}}
	labels := [2]string{"Baseline", "Masa kompetisi"}
	for w := range windows {
		pdf.SetFillColor(fills[w][0], fills[w][1], fills[w][2])
		pdf.Rect(px[w], top, pw[w], h, "F")
		pdf.SetFont("Helvetica", "", 7)
		pdf.SetTextColor(60, 60, 60)
		pdf.SetXY(px[w]+1, top+1)
		pdf.CellFormat(pw[w]-2, 4, tr(labels[w]), "", 0, "L", false, 0, "")
		pdf.SetXY(px[w], top+h+1)
		pdf.CellFormat(pw[w], 4, tr(windows[w].From.Format("02-01-2006")+" – "+windows[w].To.Format("02-01-2006")), "", 0, "C", false, 0, "")
	}
	pdf.SetFont("Helvetica", "", 7)
	for _, v := range []float64{lo, (lo + hi) / 2, hi} {
		pdf.SetXY(left, y(v)-2)
		pdf.CellFormat(13, 4, tr(kpi.FormatNumber(v, 1)), "", 0, "R", false, 0, "")
	}
	colours := [2][3]int{{0, 114, 178}, {213, 94, 0}}
	for k := range 2 {
		pdf.SetDrawColor(colours[k][0], colours[k][1], colours[k][2])
		pdf.SetLineWidth(0.5)
		if k == 1 {
			pdf.SetDashPattern([]float64{1.5, 1}, 0)
		}
		for w := range windows {
			n := windows[w].Days()
			var prevX, prevY float64
			have := false
			for d := range n {
				a := days[w][d]
				if a == nil || a[k].n == 0 {
					continue
				}
				xx := px[w] + (float64(d)+0.5)/float64(n)*pw[w]
				yy := y(a[k].sum / a[k].n)
				if have {
					pdf.Line(prevX, prevY, xx, yy)
				}
				prevX, prevY, have = xx, yy, true
			}
		}
		pdf.SetDashPattern([]float64{}, 0)
	}
	pdf.SetLineWidth(0.2)
	pdf.SetY(top + h + 6)
	pdf.SetFont("Helvetica", "", 8)
	pdf.SetTextColor(0, 114, 178)
	pdf.CellFormat(40, 4, tr("— peserta"), "", 0, "L", false, 0, "")
	pdf.SetTextColor(213, 94, 0)
	pdf.CellFormat(40, 4, tr("- - pembanding"), "", 1, "L", false, 0, "")
	pdf.SetTextColor(20, 20, 20)
}

// table writes a leaderboard as a table, then its unranked participants.
func table(pdf *fpdf.Fpdf, tr func(string) string, b kpi.Leaderboard) {
	widths := []float64{10, 62, 22, 22, 22, 20, 22}
	head := []string{"#", "Peserta", "B", "P", "P-B", "%", "Skor"}
	pdf.SetFont("Helvetica", "B", 8)
	pdf.SetFillColor(230, 236, 240)
	for i, hd := range head {
		align := "R"
		if i == 1 {
			align = "L"
		}
		pdf.CellFormat(widths[i], 6, tr(hd), "B", 0, align, true, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 8)
	for _, e := range b.Participants {
		name := e.Name
		if name == "" {
			name = e.Participant
		}
		if e.Group != "" && b.Group == "" {
			name += " (" + e.Group + ")"
		}
		cells := []string{fmt.Sprint(e.Rank), clip(name, 40), kpi.FormatNumber(e.Baseline, 2), kpi.FormatNumber(e.Period, 2),
			kpi.FormatNumber(e.Change, 2), pctText(e.Percent), scoreText(b.Method, e.Score)}
		for i, s := range cells {
			align := "R"
			if i == 1 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 5, tr(s), "", 0, align, false, 0, "")
		}
		pdf.Ln(-1)
	}
	for _, u := range b.Unranked {
		name := u.Name
		if name == "" {
			name = u.Participant
		}
		pdf.SetTextColor(100, 100, 100)
		cells := []string{"–", clip(name, 40), numText(u.Baseline, 2), numText(u.Period, 2)}
		for i, s := range cells {
			align := "R"
			if i == 1 {
				align = "L"
			}
			pdf.CellFormat(widths[i], 5, tr(s), "", 0, align, false, 0, "")
		}
		pdf.CellFormat(widths[4]+widths[5]+widths[6], 5, tr("  "+reasonNames[u.Reason]), "", 1, "L", false, 0, "")
		pdf.SetTextColor(20, 20, 20)
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
