package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lumbung/internal/kpi"
)

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sample(t *testing.T) Input {
	t.Helper()
	c := kpi.Competition{Code: "qris", Name: "Lomba QRIS Pasar", Noun: "pasar",
		Metric:   kpi.Metric{Code: "trx", Name: "Transaksi QRIS", Unit: "transaksi", HigherIsBetter: true},
		Baseline: kpi.Window{From: day(t, "2025-01-01"), To: day(t, "2025-01-05")},
		Period:   kpi.Window{From: day(t, "2025-02-01"), To: day(t, "2025-02-05")}, Method: kpi.Percent,
		Participants: []kpi.Participant{{Code: "A", Name: "Pasar Aé", Group: "besar"}, {Code: "B", Name: "Pasar B", Group: "kecil"},
			{Code: "N", Name: "Pasar Nol", Group: "kecil"}, {Code: "K", Name: "Kontrol", Control: true}}}
	var ms []kpi.Measurement
	for d := range 5 {
		for code, v := range map[string][2]float64{"A": {100, 150}, "B": {10, 9}, "N": {0, 3}, "K": {50, 55}} {
			ms = append(ms, kpi.Measurement{Participant: code, Date: c.Baseline.From.AddDate(0, 0, d), Value: v[0] + float64(d)/3},
				kpi.Measurement{Participant: code, Date: c.Period.From.AddDate(0, 0, d), Value: v[1]})
		}
	}
	res, err := kpi.Compute(c, ms)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Competition: c, Organiser: "Perumda Pasar Jaya", Status: "Terbit", Demo: true, Measurements: ms, Result: res, Generated: time.Now()}
}

// TestXLSXRoundTrip: the workbook has the summary, the boards and the
// data, and its data sheet reads back as the same measurements.
func TestXLSXRoundTrip(t *testing.T) {
	in := sample(t)
	var buf bytes.Buffer
	if err := XLSX(&buf, in); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(f.GetSheetList(), "|"); got != "Ringkasan|Peringkat|Peringkat besar|Peringkat kecil|Data" {
		t.Errorf("sheets: %s", got)
	}
	rows, _ := f.GetRows("Peringkat")
	if len(rows) < 4 || rows[1][1] != "N" || rows[1][0] != "1" {
		t.Errorf("leaderboard sheet: %v", rows)
	}
	ms, errs, format := ReadUpload(buf.Bytes())
	if format != FormatXLSX || len(errs) != 0 || len(ms) != len(in.Measurements) {
		t.Fatalf("read back: %s, %d rows, errors %v", format, len(ms), errs)
	}
	want := map[string]float64{}
	for _, m := range in.Measurements {
		want[fmt.Sprint(m.Participant, m.Date.Format(time.DateOnly))] = m.Value
	}
	for _, m := range ms {
		// A spreadsheet keeps 15 significant digits.
		if v, ok := want[fmt.Sprint(m.Participant, m.Date.Format(time.DateOnly))]; !ok || math.Abs(v-m.Value) > 1e-12*math.Abs(v) {
			t.Errorf("read back %+v, want %v", m, v)
		}
	}
}

// TestReadXLSX: real spreadsheet dates, a header, and bad rows reported by
// their row number.
func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Peserta", "Tanggal", "Nilai"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"A", day(t, "2025-01-02"), 12.5})
	f.SetSheetRow("Sheet1", "A4", &[]any{"B", "2025-13-01", 3})
	f.SetSheetRow("Sheet1", "A5", &[]any{"C", "2025-01-03", "banyak"})
	var buf bytes.Buffer
	f.Write(&buf)
	ms, errs := ReadXLSX(&buf)
	if len(ms) != 1 || ms[0].Participant != "A" || !ms[0].Date.Equal(day(t, "2025-01-02")) || ms[0].Value != 12.5 || ms[0].Line != 2 {
		t.Errorf("measurements: %+v", ms)
	}
	if len(errs) != 2 || errs[0].Line != 4 || errs[0].Code != kpi.CodeBadDate || errs[1].Line != 5 || errs[1].Code != kpi.CodeBadValue {
		t.Errorf("errors: %+v", errs)
	}
	if _, errs := ReadXLSX(strings.NewReader("PK\x03\x04 not really a zip")); len(errs) != 1 || errs[0].Code != kpi.CodeRead {
		t.Errorf("broken XLSX: %+v", errs)
	}
}

func TestPDF(t *testing.T) {
	var buf bytes.Buffer
	if err := PDF(&buf, sample(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || buf.Len() < 2000 {
		t.Errorf("not a PDF: %d bytes", buf.Len())
	}
	// No participants ranked: still a PDF.
	in := sample(t)
	in.Measurements = nil
	res, _ := kpi.Compute(in.Competition, nil)
	in.Result = res
	buf.Reset()
	if err := PDF(&buf, in); err != nil || buf.Len() < 500 {
		t.Errorf("empty competition: %v, %d bytes", err, buf.Len())
	}
}
