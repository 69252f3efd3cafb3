package brief

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"

	"lumbung/internal/km"
)

// Doc is what a brief shows, every string as it should read: numbers
// already formatted for Lang.
type Doc struct {
	Lang        string // "id" (the default) or "en": the brief's own words
	Title       string
	Kind        km.Kind
	Status      km.Status // anything but published is marked on the page
	Demo        bool
	Agency      string
	Summary     string
	Metrics     []Metric
	Lessons     string
	Replication string
	// Adopters is how many agencies adopted the practice; the line is
	// printed only when HasAdopters is set.
	Adopters    int
	HasAdopters bool
	URL         string // the practice's page, absolute: printed and encoded as the QR code
	Printed     string // the date of printing, as it should read; "" for none
}

// Metric is one impact figure, formatted.
type Metric struct {
	Indicator string
	Unit      string
	Baseline  string
	Value     string
	Change    string // absolute change, signed ("+12,5")
	Percent   string // relative change ("+25%"); "" when it means nothing
}

// Fonts are the TrueType files a brief is set in.
type Fonts struct{ Regular, Bold string }

// DebianFonts are DejaVu Sans as Debian's fonts-dejavu-core installs it.
var DebianFonts = Fonts{
	Regular: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	Bold:    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}

// Writer draws briefs. It reads its fonts on first use and keeps them;
// it is safe for concurrent use.
type Writer struct {
	fonts Fonts
	log   *slog.Logger

	once          sync.Once
	regular, bold []byte // nil: the core fonts
}

// New returns a Writer that sets text in fonts, logging to log.
func New(fonts Fonts, log *slog.Logger) *Writer {
	if log == nil {
		log = slog.Default()
	}
	return &Writer{fonts: fonts, log: log}
}

// load reads the fonts once and checks that fpdf accepts them; on any
// failure it warns once and leaves the Writer on the core fonts.
func (w *Writer) load() {
	w.once.Do(func() {
		reg, err := os.ReadFile(w.fonts.Regular)
		var bold []byte
		if err == nil {
			bold, err = os.ReadFile(w.fonts.Bold)
		}
		if err == nil {
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes("DejaVu", "", reg)
			pdf.AddUTF8FontFromBytes("DejaVu", "B", bold)
			err = pdf.Error()
		}
		if err != nil {
			w.log.Warn("practice brief: TrueType font unavailable, using the core fonts (cp1252); install fonts-dejavu-core",
				"regular", w.fonts.Regular, "bold", w.fonts.Bold, "err", err)
			return
		}
		w.regular, w.bold = reg, bold
	})
}

// UnicodeFonts reports whether briefs are set in the TrueType fonts rather
// than the core ones.
func (w *Writer) UnicodeFonts() bool {
	w.load()
	return w.regular != nil
}

// Page geometry, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 15.0
	contentW     = pageW - 2*margin
	footerTop    = pageH - margin - 33 // the QR code and the address below this
	qrSize       = 30.0
)

// Type sizes (points) and line heights (mm).
const (
	textSize, textLine       = 9.5, 4.6
	headSize, headLine       = 11.0, 5.5
	headGap                  = 2.5 // above each section heading
	tableSize, tableLine     = 8.5, 4.6
	titleSize, titleLine     = 17.0, 7.4
	maxTitleLines            = 3
	agencySize, agencyLine   = 11.0, 5.2
	maxAgencyLines           = 2
	noteSize, noteLine       = 8.5, 4.4
	adoptersSize, adoptersLn = 10.0, 6.0
)

// page is one brief being drawn.
type page struct {
	pdf     *fpdf.Fpdf
	l       labels
	family  string
	enc     func(string) string // to the font's encoding
	clipped bool                // some text did not fit
}

func (p *page) font(style string, size float64) { p.pdf.SetFont(p.family, style, size) }

func (p *page) width(s string) float64 { return p.pdf.GetStringWidth(p.enc(s)) }

func (p *page) color(r, g, b int) { p.pdf.SetTextColor(r, g, b) }

// line writes s at (x, y) in a cell w wide and h high.
func (p *page) line(x, y, w, h float64, align, s string) {
	p.pdf.SetXY(x, y)
	p.pdf.CellFormat(w, h, p.enc(s), "", 0, align, false, 0, "")
}

// wrap breaks s into lines no wider than w in the current font: at spaces,
// inside a word only when the word alone is wider. Paragraphs keep one
// empty line between them.
func (p *page) wrap(s string, w float64) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		line := ""
		for _, word := range words {
			for p.width(word) > w {
				n := p.fit(word, w)
				if line != "" {
					out, line = append(out, line), ""
				}
				out, word = append(out, word[:n]), word[n:]
			}
			if word == "" {
				continue
			}
			if line == "" {
				line = word
			} else if cand := line + " " + word; p.width(cand) <= w {
				line = cand
			} else {
				out, line = append(out, line), word
			}
		}
		if line != "" {
			out = append(out, line)
		}
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// fit is the length in bytes of the longest prefix of s no wider than w;
// at least one rune, so that wrapping always moves on.
func (p *page) fit(s string, w float64) int {
	n := 0
	for i, r := range s {
		next := i + utf8.RuneLen(r)
		if n > 0 && p.width(s[:next]) > w {
			break
		}
		n = next
	}
	return n
}

// ellipsis ends s with "…" within w, cutting s as needed.
func (p *page) ellipsis(s string, w float64) string {
	s = strings.TrimRight(s, " ")
	for s != "" && p.width(s+"…") > w {
		_, size := utf8.DecodeLastRuneInString(s)
		s = strings.TrimRight(s[:len(s)-size], " ")
	}
	return s + "…"
}

// clip keeps at most n of lines, marking the last one kept with an
// ellipsis when some are dropped.
func (p *page) clip(lines []string, n int, w float64) []string {
	if len(lines) <= n {
		return lines
	}
	p.clipped = true
	lines = lines[:n]
	for len(lines) > 1 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	lines[len(lines)-1] = p.ellipsis(lines[len(lines)-1], w)
	return lines
}

// oneLine is s on a single line of width w, cut with an ellipsis if need be.
func (p *page) oneLine(s string, w float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if p.width(s) <= w {
		return s
	}
	p.clipped = true
	return p.ellipsis(s, w)
}

// section is one part of the body whose height the page shares out.
type section struct {
	heading string
	lines   []string // text sections
	metrics []Metric // the impact table
	unit    float64  // height of one line or row
	fixed   float64  // heading and table header
	give    int      // lines or rows granted
}

func (s *section) need() int {
	if s.metrics != nil {
		return len(s.metrics)
	}
	return len(s.lines)
}

// Write draws d as a one-page A4 PDF on out.
func (w *Writer) Write(out io.Writer, d Doc) error {
	w.load()
	l := labelsFor(d.Lang)
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetCellMargin(0)
	pdf.SetCreator("Lumbung", true)
	pdf.SetTitle(d.Title, true)
	pdf.SetSubject(l.Kinds[d.Kind], true)
	if d.Lang == "en" {
		pdf.SetLang("en")
	} else {
		pdf.SetLang("id")
	}
	p := &page{pdf: pdf, l: l, family: "Helvetica", enc: pdf.UnicodeTranslatorFromDescriptor("")}
	if w.regular != nil {
		pdf.AddUTF8FontFromBytes("DejaVu", "", w.regular)
		pdf.AddUTF8FontFromBytes("DejaVu", "B", w.bold)
		p.family, p.enc = "DejaVu", func(s string) string { return s }
	}
	pdf.AddPage()

	// The header: what this is, the kind (and status when not published),
	// the title and the agency.
	y := margin
	p.font("B", 8)
	p.color(110, 110, 110)
	p.line(margin, y, contentW, 4, "L", l.Heading)
	y += 6
	x := margin
	badge := func(text string, r, g, b int) {
		p.font("B", 9)
		bw := p.width(text) + 5
		pdf.SetFillColor(r, g, b)
		pdf.Rect(x, y, bw, 6, "F")
		p.color(255, 255, 255)
		p.line(x, y, bw, 6, "C", text)
		x += bw + 2.5
	}
	switch d.Kind {
	case km.KindBad:
		badge(l.Kinds[d.Kind], 160, 45, 40)
	case km.KindOrdinary:
		badge(l.Kinds[d.Kind], 70, 90, 120)
	default:
		badge(l.Kinds[km.KindGood], 31, 110, 60)
	}
	if s, ok := l.Statuses[d.Status]; ok {
		badge(s, 150, 100, 10)
	}
	y += 9
	if d.Demo {
		p.font("B", noteSize)
		p.color(150, 60, 0)
		p.line(margin, y, contentW, noteLine, "L", l.Demo)
		y += noteLine + 1
	}
	p.font("B", titleSize)
	p.color(20, 20, 20)
	for _, s := range p.clip(p.wrap(d.Title, contentW), maxTitleLines, contentW) {
		p.line(margin, y, contentW, titleLine, "L", s)
		y += titleLine
	}
	y += 1
	p.font("", agencySize)
	p.color(60, 60, 60)
	for _, s := range p.clip(p.wrap(d.Agency, contentW), maxAgencyLines, contentW) {
		p.line(margin, y, contentW, agencyLine, "L", s)
		y += agencyLine
	}
	y += 2
	pdf.SetDrawColor(31, 110, 60)
	pdf.SetLineWidth(0.5)
	pdf.Line(margin, y, pageW-margin, y)
	y += 1

	// The body: the sections share what room there is.
	var secs []*section
	text := func(heading, s string) {
		p.font("", textSize)
		if lines := p.wrap(s, contentW); len(lines) > 0 {
			secs = append(secs, &section{heading: heading, lines: lines, unit: textLine, fixed: headGap + headLine})
		}
	}
	text(l.Summary, d.Summary)
	if len(d.Metrics) > 0 {
		secs = append(secs, &section{heading: l.Impact, metrics: d.Metrics, unit: tableLine, fixed: headGap + headLine + tableLine + 1})
	}
	text(l.Lessons, d.Lessons)
	text(l.Replication, d.Replication)
	bottom := footerTop - 2
	if d.HasAdopters {
		bottom -= adoptersLn + 1
	}
	// Room for the "read more at" line is always kept: a cut indicator
	// name in the table, known only once drawn, asks for it too.
	room := bottom - y - (noteLine + 2)
	for _, s := range secs {
		room -= s.fixed
	}
	total := 0.0
	for _, s := range secs {
		total += float64(s.need()) * s.unit
	}
	if total > room {
		share(secs, room)
	} else {
		for _, s := range secs {
			s.give = s.need()
		}
	}
	for _, s := range secs {
		y += headGap
		p.font("B", headSize)
		p.color(31, 81, 48)
		p.line(margin, y, contentW, headLine, "L", s.heading)
		y += headLine
		if s.metrics != nil {
			y = p.table(y, s.metrics, s.give)
			continue
		}
		p.font("", textSize)
		p.color(20, 20, 20)
		for _, line := range p.clip(s.lines, s.give, contentW) {
			p.line(margin, y, contentW, textLine, "L", line)
			y += textLine
		}
	}
	if d.HasAdopters {
		y += 1
		p.font("B", adoptersSize)
		p.color(31, 81, 48)
		line := fmt.Sprintf(l.Adopters, d.Adopters)
		if d.Adopters == 0 {
			line = l.NoAdopters
		}
		p.line(margin, y, contentW, adoptersLn, "L", line)
		y += adoptersLn
	}
	if p.clipped {
		y += 2
		p.font("B", noteSize)
		p.color(150, 60, 0)
		p.line(margin, y, contentW, noteLine, "L", p.oneLine(fmt.Sprintf(l.More, d.URL), contentW))
	}

	// The footer: the QR code of the practice's page and its address.
	pdf.SetDrawColor(200, 200, 200)
	pdf.SetLineWidth(0.2)
	pdf.Line(margin, footerTop, pageW-margin, footerTop)
	qr, err := qrcode.Encode(d.URL, qrcode.Medium, 512)
	if err != nil {
		return fmt.Errorf("QR code: %w", err)
	}
	pdf.RegisterImageOptionsReader("qr", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(qr))
	pdf.ImageOptions("qr", margin, footerTop+2, qrSize, qrSize, false, fpdf.ImageOptions{}, 0, d.URL)
	tx, tw := margin+qrSize+4, contentW-qrSize-4
	ty := footerTop + 6
	p.font("", noteSize)
	p.color(60, 60, 60)
	p.line(tx, ty, tw, noteLine, "L", l.Scan)
	ty += noteLine + 1
	p.font("B", 10)
	p.color(20, 20, 20)
	for _, s := range p.clip(p.wrap(d.URL, tw), 2, tw) {
		pdf.SetXY(tx, ty)
		pdf.CellFormat(tw, 5, p.enc(s), "", 0, "L", false, 0, d.URL)
		ty += 5
	}
	if d.Printed != "" {
		ty += 2
		p.font("", 8)
		p.color(110, 110, 110)
		p.line(tx, ty, tw, 4, "L", fmt.Sprintf(l.Printed, d.Printed))
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	if n := pdf.PageCount(); n != 1 {
		return fmt.Errorf("brief drew %d pages, want 1", n)
	}
	return pdf.Output(out)
}

// share grants the sections their lines or rows within room (mm): the
// smallest first get all they need, the rest share equally what is left;
// every section keeps at least one.
func share(secs []*section, room float64) {
	order := append([]*section(nil), secs...)
	sort.SliceStable(order, func(i, j int) bool {
		return float64(order[i].need())*order[i].unit < float64(order[j].need())*order[j].unit
	})
	for i, s := range order {
		each := room / float64(len(order)-i)
		n := min(s.need(), int(math.Floor(each/s.unit+1e-9)))
		n = max(n, 1)
		s.give = n
		room -= float64(n) * s.unit
	}
}

// table draws the impact table with at most rows rows, the last one
// saying how many were left out when some were, and returns the y below it.
func (p *page) table(y float64, ms []Metric, rows int) float64 {
	pdf := p.pdf
	cols := []float64{80, 28, 28, contentW - 136}
	aligns := []string{"L", "R", "R", "R"}
	row := func(cells []string) {
		x := margin
		for i, c := range cells {
			pad := 0.0
			if i == 0 {
				pad = 2
			}
			p.line(x, y, cols[i]-pad, tableLine, aligns[i], p.oneLine(c, cols[i]-pad))
			x += cols[i]
		}
		y += tableLine
	}
	p.font("B", tableSize)
	p.color(60, 60, 60)
	row([]string{p.l.Indicator, p.l.Baseline, p.l.Achieved, p.l.Change})
	pdf.SetDrawColor(200, 200, 200)
	pdf.SetLineWidth(0.2)
	pdf.Line(margin, y+0.3, pageW-margin, y+0.3)
	y += 1
	p.font("", tableSize)
	p.color(20, 20, 20)
	shown := ms
	if len(ms) > rows {
		shown = ms[:max(rows-1, 0)]
		p.clipped = true
	}
	for _, m := range shown {
		name := m.Indicator
		if m.Unit != "" {
			name += " (" + m.Unit + ")"
		}
		change := m.Change
		if m.Percent != "" {
			change += " (" + m.Percent + ")"
		}
		row([]string{name, m.Baseline, m.Value, change})
	}
	if len(shown) < len(ms) {
		p.color(110, 110, 110)
		p.line(margin, y, contentW, tableLine, "L", fmt.Sprintf(p.l.MoreMetrics, len(ms)-len(shown)))
		y += tableLine
	}
	return y
}

// Filename names the brief of practice id for saving: "praktik-12-" and
// the title's ASCII letters and digits in lower case, dashes between
// words, cut at a word within 60 characters.
func Filename(id int64, title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	})
	slug := strings.Join(words, "-")
	if len(slug) > 60 {
		if cut := strings.LastIndexByte(slug[:61], '-'); cut > 0 {
			slug = slug[:cut]
		} else {
			slug = slug[:60]
		}
	}
	name := "praktik-" + strconv.FormatInt(id, 10)
	if slug != "" {
		name += "-" + slug
	}
	return name + ".pdf"
}
