package kpi

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// upload has one problem of each kind, line numbers on the right.
const upload = `participant,date,value
PSR01,2024-01-01,10
PSR99,2024-01-01,5
PSR01,2024-13-01,5
PSR02,2024-01-01,abc
PSR02,2024-01-02,"1,5"
PSR02,2024-01-03,NaN
PSR02,2024-01-04,-3
PSR01,2024-01-01,11
PSR02,2024-01-05

PSR02,2024-01-06,7.25
,2024-01-07,1
PSR02,2024-01-08,
PSR03,2024-01-01,12
PSR02,2024-01-09,1,5
PSR02,2024-02-30,1
PSR02,2024-01-10,1e400
PSR02,x,y
`

// lineCodes prints errors as "line:code" for comparison.
func lineCodes(errs []LineError) string {
	var s []string
	for _, e := range errs {
		s = append(s, fmt.Sprintf("%d:%s", e.Line, e.Code))
	}
	return strings.Join(s, " ")
}

func lines(ms []Measurement) string {
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprint(m.Line))
	}
	return strings.Join(s, " ")
}

func TestParseCSVReportsEveryBadLine(t *testing.T) {
	ms, errs := ParseCSV(strings.NewReader(upload))
	wantErrs := "4:bad_date 5:bad_value 6:bad_value 7:not_finite 10:bad_columns 13:missing_participant " +
		"14:missing_value 16:bad_columns 17:bad_date 18:not_finite 19:bad_date 19:bad_value"
	if got := lineCodes(errs); got != wantErrs {
		t.Errorf("errors:\ngot  %s\nwant %s", got, wantErrs)
	}
	// the form is fine on these lines; ParseCSV does not know participants
	if got, want := lines(ms), "2 3 8 9 12 15"; got != want {
		t.Errorf("measurement lines: got %s, want %s", got, want)
	}
	if ms[4].Value != 7.25 || !ms[4].Date.Equal(time.Date(2024, 1, 6, 0, 0, 0, 0, time.UTC)) || ms[4].Participant != "PSR02" {
		t.Errorf("line 12: got %+v", ms[4])
	}
}

func TestCheckCSV(t *testing.T) {
	c := baseComp(t, Absolute, competitors("PSR01", "PSR02", "PSR03")...)
	existing := series(t, "PSR03", "2024-01-01", 12)
	ms, errs := CheckCSV(c, strings.NewReader(upload), existing)
	wantErrs := "3:unknown_participant 4:bad_date 5:bad_value 6:bad_value 7:not_finite 8:negative_value " +
		"9:duplicate 10:bad_columns 13:missing_participant 14:missing_value 15:duplicate 16:bad_columns " +
		"17:bad_date 18:not_finite 19:bad_date 19:bad_value"
	if got := lineCodes(errs); got != wantErrs {
		t.Errorf("errors:\ngot  %s\nwant %s", got, wantErrs)
	}
	if got, want := lines(ms), "2 12"; got != want {
		t.Errorf("good lines: got %s, want %s", got, want)
	}
	wantMsgs := map[int]string{
		3:  `baris 3: peserta "PSR99" tidak dikenal`,
		4:  `baris 4: tanggal "2024-13-01" tidak valid; gunakan format TTTT-BB-HH, misalnya 2024-03-01`,
		6:  `baris 6: nilai "1,5" bukan angka; gunakan titik untuk desimal, misalnya 12.5`,
		8:  `baris 8: nilai -3 negatif; transaksi digital tidak boleh negatif`,
		9:  `baris 9: data peserta "PSR01" tanggal 2024-01-01 ganda (sudah ada di baris 2)`,
		10: `baris 10: harus ada 3 kolom (peserta,tanggal,nilai), ditemukan 2`,
		15: `baris 15: data peserta "PSR03" tanggal 2024-01-01 sudah tersimpan`,
		16: `baris 16: harus ada 3 kolom (peserta,tanggal,nilai), ditemukan 4; gunakan titik, bukan koma, untuk desimal`,
	}
	for _, e := range errs {
		if want, ok := wantMsgs[e.Line]; ok && e.Error() != want {
			t.Errorf("got  %s\nwant %s", e.Error(), want)
		}
	}
}

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantLines string // lines of the measurements
		wantVals  []float64
		wantErrs  string
	}{
		{"no header", "PSR01,2024-01-01,10\nPSR01,2024-01-02,11\n", "1 2", []float64{10, 11}, ""},
		{"Indonesian header", "Kode, Tanggal, Nilai\nPSR01,2024-01-01,10\n", "2", []float64{10}, ""},
		{"byte order mark", "\ufeffparticipant,date,value\nPSR01,2024-01-01,10\n", "2", []float64{10}, ""},
		{"CRLF, no final newline", "PSR01,2024-01-01,10\r\nPSR01,2024-01-02,5", "1 2", []float64{10, 5}, ""},
		{"number forms", "A,2024-01-01,10\nA,2024-01-02,7.25\nA,2024-01-03,+3\nA,2024-01-04,.5\nA,2024-01-05,1.5e3\n",
			"1 2 3 4 5", []float64{10, 7.25, 3, 0.5, 1500}, ""},
		{"not numbers", "A,2024-01-01,0x10\nA,2024-01-02,1_000\nA,2024-01-03,1.234.567\nA,2024-01-04,-Inf\n",
			"", nil, "1:bad_value 2:bad_value 3:bad_value 4:not_finite"},
		{"spreadsheet blank rows", "A,2024-01-01,1\n,,\n , , \nA,2024-01-02,2\n", "1 4", []float64{1, 2}, ""},
		{"bad first line is not a header", "peserta,kemarin,banyak\nA,2024-01-01,1\n", "2", []float64{1},
			"1:bad_date 1:bad_value"},
		{"date forms", "A,2024-1-5,1\nA,05/01/2024,1\nA,2024-01-05T00:00:00Z,1\nA, 2024-01-05 ,1\n", "4", []float64{1},
			"1:bad_date 2:bad_date 3:bad_date"},
		{"bare quote", "A\"B,2024-01-01,1\nA,2024-01-02,2\n", "2", []float64{2}, "1:bad_csv"},
		{"unclosed quote eats the rest", "A,2024-01-01,1\nA,\"2024-01-02,2\nA,2024-01-03,3\n", "1", []float64{1}, "2:bad_csv"},
		{"empty file", "", "", nil, "0:empty"},
		{"header only", "participant,date,value\n", "", nil, "0:empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, errs := ParseCSV(strings.NewReader(tt.in))
			if got := lineCodes(errs); got != tt.wantErrs {
				t.Errorf("errors: got %q, want %q", got, tt.wantErrs)
			}
			if got := lines(ms); got != tt.wantLines {
				t.Errorf("lines: got %q, want %q", got, tt.wantLines)
			}
			for i, m := range ms {
				if i < len(tt.wantVals) && m.Value != tt.wantVals[i] {
					t.Errorf("value on line %d: got %v, want %v", m.Line, m.Value, tt.wantVals[i])
				}
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, fmt.Errorf("disk on fire") }

func TestParseCSVReadError(t *testing.T) {
	_, errs := ParseCSV(failingReader{})
	if got, want := lineCodes(errs), "0:read_error"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestValidateMeasurements(t *testing.T) {
	d := day(t, "2024-01-01")
	tests := []struct {
		name     string
		metric   Metric
		batch    []Measurement
		existing []Measurement
		want     string
	}{
		{"good", Metric{Name: "x"}, []Measurement{{Participant: "A", Date: d, Value: 0}, {Participant: "B", Date: d, Value: 1}}, nil, ""},
		{"positions stand in for lines", Metric{Name: "x"},
			[]Measurement{{Participant: "A", Date: d, Value: 1}, {Participant: "Z", Date: d, Value: 1}}, nil, "2:unknown_participant"},
		{"negative allowed", Metric{Name: "saldo", AllowNegative: true},
			[]Measurement{{Participant: "A", Date: d, Value: -1}}, nil, ""},
		{"negative refused", Metric{Name: "x"},
			[]Measurement{{Participant: "A", Date: d, Value: -1, Line: 7}}, nil, "7:negative_value"},
		{"not finite", Metric{Name: "x", AllowNegative: true},
			[]Measurement{{Participant: "A", Date: d, Value: math.NaN()}, {Participant: "B", Date: d, Value: math.Inf(-1)}}, nil,
			"1:not_finite 2:not_finite"},
		{"at the bound", Metric{Name: "x", AllowNegative: true},
			[]Measurement{{Participant: "A", Date: d, Value: MaxValue}, {Participant: "B", Date: d, Value: -MaxValue}}, nil, ""},
		{"beyond the bound", Metric{Name: "x", AllowNegative: true},
			[]Measurement{{Participant: "A", Date: d, Value: 1e308}, {Participant: "B", Date: d, Value: -2 * MaxValue}}, nil,
			"1:too_large 2:too_large"},
		{"no date", Metric{Name: "x"}, []Measurement{{Participant: "A", Value: 1}}, nil, "1:bad_date"},
		{"same day, other clock time", Metric{Name: "x"},
			[]Measurement{{Participant: "A", Date: d.Add(2 * time.Hour), Value: 1}, {Participant: "A", Date: d.Add(20 * time.Hour), Value: 1}},
			nil, "2:duplicate"},
		{"same day, other participant", Metric{Name: "x"},
			[]Measurement{{Participant: "A", Date: d, Value: 1}, {Participant: "B", Date: d, Value: 1}}, nil, ""},
		{"stored already", Metric{Name: "x"}, []Measurement{{Participant: "A", Date: d, Value: 1}},
			[]Measurement{{Participant: "A", Date: d, Value: 9}}, "1:duplicate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, Percent, competitors("A", "B")...)
			c.Metric = tt.metric
			if got := lineCodes(c.ValidateMeasurements(tt.batch, tt.existing)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
