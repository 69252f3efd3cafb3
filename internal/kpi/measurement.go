package kpi

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"lumbung/internal/km"
)

// Measurement is one participant's value of the metric on one day.
type Measurement struct {
	Participant string
	Date        time.Time // only the calendar date counts
	Value       float64
	// Line is where the measurement came from in an upload (CSV line, XLSX
	// row, 1-based position in an API array), used in error messages. When
	// it is zero, ValidateMeasurements uses the position in the batch.
	Line int
}

// Codes of LineError, stable for API clients and tests.
const (
	CodeRead               = "read_error"          // the file could not be read
	CodeEmpty              = "empty"               // no data lines at all
	CodeBadCSV             = "bad_csv"             // broken quoting
	CodeColumns            = "bad_columns"         // not three columns
	CodeMissingParticipant = "missing_participant" // empty participant code
	CodeUnknownParticipant = "unknown_participant" // not in the competition
	CodeBadDate            = "bad_date"            // empty or not YYYY-MM-DD
	CodeMissingValue       = "missing_value"       // empty value
	CodeBadValue           = "bad_value"           // not a number
	CodeNotFinite          = "not_finite"          // NaN or ±Inf
	CodeTooLarge           = "too_large"           // beyond ±MaxValue
	CodeNegative           = "negative_value"      // below zero for a metric that forbids it
	CodeDuplicate          = "duplicate"           // second value for a participant and day
)

// LineError is one problem with one line of an upload. Message is in
// Indonesian and meant for the person who made the file; Code is for
// programs.
type LineError struct {
	Line    int    `json:"line"` // 0 when the problem is not on one line
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error reads like `baris 3: peserta "PSR99" tidak dikenal`.
func (e LineError) Error() string {
	if e.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("baris %d: %s", e.Line, e.Message)
}

// MaxValue bounds a measurement's magnitude, as km.MaxMetricValue bounds
// a practice's metrics: means, sums over the largest upload and changes
// between them stay finite; a value near the float64 limit (1e308) would
// make them infinite, which no number format (JSON included) can carry.
const MaxValue = km.MaxMetricValue

// MeasurementsError is returned by Compute when measurements fail
// ValidateMeasurements; Lines holds every problem.
type MeasurementsError struct {
	Lines []LineError
}

func (e *MeasurementsError) Error() string {
	return fmt.Sprintf("kpi: %d invalid measurements, first: %s", len(e.Lines), e.Lines[0].Error())
}

// ValidateMeasurements checks a batch against the competition: known
// participant, a date, a finite value within ±MaxValue, no negative value
// unless the metric allows it, and at most one value per participant and
// day, both within the batch and against existing (measurements already
// stored; may be nil). It returns every problem, ordered by line; nil
// means the batch is good. Dates outside both windows are accepted: the
// arithmetic ignores them.
func (c Competition) ValidateMeasurements(batch, existing []Measurement) []LineError {
	return c.validateMeasurements(batch, existing, true)
}

// validateMeasurements is ValidateMeasurements; bounded is false for
// measurements already stored, which Compute checks: values stored before
// MaxValue existed still compute.
func (c Competition) validateMeasurements(batch, existing []Measurement, bounded bool) []LineError {
	known := make(map[string]bool, len(c.Participants))
	for _, p := range c.Participants {
		known[p.Code] = true
	}
	type key struct {
		participant string
		day         int64
	}
	stored := make(map[key]bool, len(existing))
	for _, m := range existing {
		stored[key{m.Participant, dayNumber(m.Date)}] = true
	}
	firstLine := make(map[key]int, len(batch))
	var errs []LineError
	for i, m := range batch {
		line := m.Line
		if line == 0 {
			line = i + 1
		}
		add := func(code, format string, a ...any) {
			errs = append(errs, LineError{Line: line, Code: code, Message: fmt.Sprintf(format, a...)})
		}
		switch {
		case m.Participant == "":
			add(CodeMissingParticipant, "kode peserta kosong")
		case !known[m.Participant]:
			add(CodeUnknownParticipant, "peserta %q tidak dikenal", m.Participant)
		}
		if m.Date.IsZero() {
			add(CodeBadDate, "tanggal kosong")
		}
		switch {
		case math.IsNaN(m.Value) || math.IsInf(m.Value, 0):
			add(CodeNotFinite, "nilai %v bukan angka terhingga", m.Value)
		case m.Value < 0 && !c.Metric.AllowNegative:
			what := "indikator ini"
			if c.Metric.Name != "" {
				what = lowerFirst(c.Metric.Name)
			}
			add(CodeNegative, "nilai %s negatif; %s tidak boleh negatif",
				strconv.FormatFloat(m.Value, 'f', -1, 64), what)
		case bounded && math.Abs(m.Value) > MaxValue:
			add(CodeTooLarge, "nilai %s terlalu besar; batasnya ±%s",
				strconv.FormatFloat(m.Value, 'g', -1, 64), FormatNumber(MaxValue, 0))
		}
		if m.Participant == "" || m.Date.IsZero() {
			continue
		}
		k := key{m.Participant, dayNumber(m.Date)}
		day := m.Date.Format(time.DateOnly)
		if first, ok := firstLine[k]; ok {
			add(CodeDuplicate, "data peserta %q tanggal %s ganda (sudah ada di baris %d)", m.Participant, day, first)
			continue
		}
		firstLine[k] = line
		if stored[k] {
			add(CodeDuplicate, "data peserta %q tanggal %s sudah tersimpan", m.Participant, day)
		}
	}
	sortLineErrors(errs)
	return errs
}

// sortLineErrors orders errors by line, keeping the order within a line.
func sortLineErrors(errs []LineError) {
	slices.SortStableFunc(errs, func(a, b LineError) int { return cmp.Compare(a.Line, b.Line) })
}

// ParseCSV reads measurements as comma-separated participant,date,value
// lines: the date as YYYY-MM-DD, the value with a point for decimals ("12",
// "12.5", "-3", "1.5e6"). The first line is taken as a header, and skipped,
// only when its three fields are column names (participant/peserta/kode,
// date/tanggal/tgl, value/nilai/jumlah, in any case), so a bad first data
// line is reported rather than silently dropped. Blank lines and lines of
// empty fields (",,", as spreadsheets export) are skipped; a UTF-8 byte
// order mark is ignored.
//
// ParseCSV checks only the file's form; ValidateMeasurements checks the
// rows against a competition, and CheckCSV does both. Every bad line is
// reported, ordered by line, and left out of the measurements; the good
// lines are returned even when there are errors, and it is up to the caller
// to refuse the whole upload (the usual choice) or keep the good part.
func ParseCSV(r io.Reader) ([]Measurement, []LineError) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var (
		ms    []Measurement
		errs  []LineError
		first = true
		lines int
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				errs = append(errs, LineError{Code: CodeRead, Message: "berkas tidak dapat dibaca: " + err.Error()})
				break
			}
			errs = append(errs, LineError{Line: pe.StartLine, Code: CodeBadCSV, Message: csvMessage(pe.Err)})
			first = false
			lines++
			continue
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		if first {
			first = false
			if isHeader(rec) {
				continue
			}
		}
		lines++
		m, lineErrs := parseRecord(rec, line)
		if len(lineErrs) > 0 {
			errs = append(errs, lineErrs...)
			continue
		}
		ms = append(ms, m)
	}
	if lines == 0 && len(errs) == 0 {
		errs = append(errs, LineError{Code: CodeEmpty, Message: "berkas tidak berisi data"})
	}
	sortLineErrors(errs)
	return ms, errs
}

// CheckCSV parses r and validates the rows against c and existing. It
// returns the measurements that passed every check and all the errors, in
// line order; see ParseCSV on what to do with a partly bad upload.
func CheckCSV(c Competition, r io.Reader, existing []Measurement) ([]Measurement, []LineError) {
	ms, errs := ParseCSV(r)
	verrs := c.ValidateMeasurements(ms, existing)
	bad := make(map[int]bool, len(verrs))
	for _, e := range verrs {
		bad[e.Line] = true
	}
	good := ms[:0:0]
	for _, m := range ms {
		if !bad[m.Line] {
			good = append(good, m)
		}
	}
	errs = append(errs, verrs...)
	sortLineErrors(errs)
	return good, errs
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

var headerNames = [3][]string{
	{"participant", "peserta", "kode", "kode peserta", "kode_peserta", "code"},
	{"date", "tanggal", "tgl"},
	{"value", "nilai", "jumlah"},
}

func isHeader(rec []string) bool {
	if len(rec) != 3 {
		return false
	}
	for i, f := range rec {
		if !slices.Contains(headerNames[i], strings.ToLower(strings.TrimSpace(f))) {
			return false
		}
	}
	return true
}

func parseRecord(rec []string, line int) (Measurement, []LineError) {
	var errs []LineError
	add := func(code, format string, a ...any) {
		errs = append(errs, LineError{Line: line, Code: code, Message: fmt.Sprintf(format, a...)})
	}
	if len(rec) != 3 {
		msg := "harus ada 3 kolom (peserta,tanggal,nilai), ditemukan %d"
		if len(rec) == 4 {
			msg += "; gunakan titik, bukan koma, untuk desimal"
		}
		add(CodeColumns, msg, len(rec))
		return Measurement{}, errs
	}
	m := Measurement{Participant: strings.TrimSpace(rec[0]), Line: line}
	if m.Participant == "" {
		add(CodeMissingParticipant, "kode peserta kosong")
	}
	if d := strings.TrimSpace(rec[1]); d == "" {
		add(CodeBadDate, "tanggal kosong")
	} else if t, err := time.Parse(time.DateOnly, d); err != nil {
		add(CodeBadDate, "tanggal %q tidak valid; gunakan format TTTT-BB-HH, misalnya 2024-03-01", d)
	} else {
		m.Date = t
	}
	v := strings.TrimSpace(rec[2])
	switch {
	case v == "":
		add(CodeMissingValue, "nilai kosong")
	case isNonFinite(v):
		add(CodeNotFinite, "nilai %q bukan angka terhingga", v)
	case !numberRE.MatchString(v):
		if strings.Contains(v, ",") {
			add(CodeBadValue, "nilai %q bukan angka; gunakan titik untuk desimal, misalnya 12.5", v)
		} else {
			add(CodeBadValue, "nilai %q bukan angka", v)
		}
	default:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil { // only a range error can get past numberRE
			add(CodeNotFinite, "nilai %q terlalu besar", v)
		}
		m.Value = f
	}
	return m, errs
}

// numberRE is a plain decimal number with an optional exponent: no hex, no
// digit separators, no NaN or Inf, which strconv.ParseFloat would accept.
var numberRE = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

func isNonFinite(v string) bool {
	switch strings.ToLower(strings.TrimLeft(v, "+-")) {
	case "nan", "inf", "infinity":
		return true
	}
	return false
}

func csvMessage(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return "tanda kutip tidak ditutup atau berlebih"
	case errors.Is(err, csv.ErrBareQuote):
		return "tanda kutip di tengah kolom; apit seluruh kolom dengan tanda kutip"
	}
	return "format CSV tidak dapat dibaca"
}
