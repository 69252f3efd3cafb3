package kpi

import "testing"

func TestSentence(t *testing.T) {
	tests := []struct {
		name string
		noun string
		s    Summary
		want string
	}{
		{"integer", "pasar", Summary{Participants: 12, Percent: ptr(47.04)}, "12 pasar, transaksi digital naik 47%"},
		{"decimal comma", "pasar", Summary{Participants: 12, Percent: ptr(3.46)}, "12 pasar, transaksi digital naik 3,5%"},
		{"drop", "pasar", Summary{Participants: 3, Percent: ptr(-12.5)}, "3 pasar, transaksi digital turun 12,5%"},
		{"thousands", "pasar", Summary{Participants: 2, Percent: ptr(1234.5)}, "2 pasar, transaksi digital naik 1.234,5%"},
		{"flat", "pasar", Summary{Participants: 2, Percent: ptr(0)}, "2 pasar, transaksi digital tidak berubah"},
		{"tiny", "pasar", Summary{Participants: 2, Percent: ptr(0.01)}, "2 pasar, transaksi digital naik kurang dari 0,1%"},
		{"default noun", "", Summary{Participants: 5, Percent: ptr(10)}, "5 peserta, transaksi digital naik 10%"},
		{"zero baseline", "pasar", Summary{Participants: 2}, "2 pasar, transaksi digital belum dapat dihitung persentasenya (baseline nol)"},
		{"nobody", "pasar", Summary{}, "Belum ada pasar yang dapat diperingkat"},
		{"with controls", "pasar", Summary{Participants: 12, Percent: ptr(47), ControlPercent: ptr(17.5), DiD: ptr(29.5)},
			"12 pasar, transaksi digital naik 47% (29,5 poin persentase di atas pembanding)"},
		{"behind controls", "pasar", Summary{Participants: 12, Percent: ptr(5), ControlPercent: ptr(8), DiD: ptr(-3)},
			"12 pasar, transaksi digital naik 5% (3 poin persentase di bawah pembanding)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseComp(t, Percent)
			c.Noun = tt.noun
			if got := Sentence(c, tt.s); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSentenceKeepsAcronyms(t *testing.T) {
	c := baseComp(t, Percent)
	c.Metric.Name = "QRIS"
	if got, want := Sentence(c, Summary{Participants: 1, Percent: ptr(2)}), "1 pasar, QRIS naik 2%"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		want     string
	}{
		{47, 1, "47"},
		{47.04, 1, "47"},
		{3.14159, 2, "3,14"},
		{1234.5, 1, "1.234,5"},
		{1234567, 0, "1.234.567"},
		{-1234.25, 2, "-1.234,25"},
		{-0.01, 1, "0"},
		{999.96, 1, "1.000"},
		{0.5, 0, "0"}, // half to even, as strconv rounds
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.x, tt.decimals); got != tt.want {
			t.Errorf("FormatNumber(%v, %d): got %q, want %q", tt.x, tt.decimals, got, tt.want)
		}
	}
}
