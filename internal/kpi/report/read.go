// Package report reads and writes the files a KPI competition travels in:
// measurement uploads as CSV or XLSX, and the exports (an XLSX workbook with
// the data and the leaderboards, a PDF summary with its charts drawn as
// vector graphics). The arithmetic stays in package kpi; this package only
// moves its inputs and results in and out of file formats.
package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lumbung/internal/kpi"
)

// Formats of an upload.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// MaxRows bounds an upload: a year of daily data for over 500 units.
const MaxRows = 200000

// zipMagic starts every XLSX (a zip archive); CSV text never does.
var zipMagic = []byte("PK\x03\x04")

// ReadUpload reads measurements from an uploaded file, recognising XLSX by
// its content rather than its name. Every problem comes back with its line
// (CSV) or row (XLSX) number; see kpi.ParseCSV on what to do with a partly
// bad file. format is FormatCSV or FormatXLSX.
func ReadUpload(data []byte) (ms []kpi.Measurement, errs []kpi.LineError, format string) {
	if bytes.HasPrefix(data, zipMagic) {
		ms, errs = ReadXLSX(bytes.NewReader(data))
		return ms, errs, FormatXLSX
	}
	ms, errs = kpi.ParseCSV(bytes.NewReader(data))
	if len(ms)+len(errs) > MaxRows {
		return nil, []kpi.LineError{{Code: kpi.CodeRead, Message: fmt.Sprintf("berkas terlalu besar: lebih dari %d baris", MaxRows)}}, FormatCSV
	}
	return ms, errs, FormatCSV
}

// ReadXLSX reads participant, date, value rows from the sheet named "Data"
// (as Export writes it) or else the first sheet. Dates may be real
// spreadsheet dates or text as YYYY-MM-DD; values must be numbers. Row
// numbers are the spreadsheet's own.
func ReadXLSX(r io.Reader) ([]kpi.Measurement, []kpi.LineError) {
	fail := func(msg string) ([]kpi.Measurement, []kpi.LineError) {
		return nil, []kpi.LineError{{Code: kpi.CodeRead, Message: msg}}
	}
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 100 << 20})
	if err != nil {
		return fail("berkas XLSX tidak dapat dibaca: " + err.Error())
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return fail("berkas XLSX tidak berisi lembar kerja")
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if strings.EqualFold(s, "data") {
			sheet = s
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fail("lembar " + sheet + " tidak dapat dibaca: " + err.Error())
	}
	defer rows.Close()
	// Rewrite the rows as CSV, one line per spreadsheet row (empty rows
	// as empty lines), so one parser checks both formats and line numbers
	// are row numbers.
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	line := 0
	for rows.Next() {
		line++
		if line > MaxRows {
			return fail(fmt.Sprintf("berkas terlalu besar: lebih dari %d baris", MaxRows))
		}
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return fail(fmt.Sprintf("baris %d tidak dapat dibaca: %v", line, err))
		}
		// Trailing empty cells (formatting left in a column) do not count.
		for len(cols) > 0 && strings.TrimSpace(cols[len(cols)-1]) == "" {
			cols = cols[:len(cols)-1]
		}
		if len(cols) == 0 {
			buf.WriteString("\n")
			continue
		}
		for i := range cols {
			cols[i] = strings.NewReplacer("\r", " ", "\n", " ").Replace(cols[i])
		}
		if len(cols) >= 2 {
			cols[1] = excelDate(cols[1])
		}
		cw.Write(cols)
		cw.Flush()
	}
	if err := rows.Error(); err != nil {
		return fail("lembar " + sheet + " tidak dapat dibaca: " + err.Error())
	}
	return kpi.ParseCSV(&buf)
}

// excelDate turns a spreadsheet date serial ("45292") into YYYY-MM-DD and
// leaves anything else for the parser to judge.
func excelDate(s string) string {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v > 2958465 { // 1900-01-01 … 9999-12-31
		return s
	}
	t, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return s
	}
	return t.Format(time.DateOnly)
}
