package indonesian

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"Pembayaran QRIS naik 12,5% pada 2025.", []string{"pembayaran", "qris", "naik", "12", "5", "pada", "2025"}},
		{"Rp 1.000.000, lalu 3,14.", []string{"rp", "1", "000", "000", "lalu", "3", "14"}},
		// a figure meets itself however it is spelt
		{"260,571 atau 260, 571", []string{"260", "571", "atau", "260", "571"}},
		{"anak-anak bermain; sayur-mayur, bolak-balik", []string{"anak-anak", "bermain", "sayur-mayur", "bolak-balik"}},
		{"jalur Jakarta-Bandung dan covid-19", []string{"jalur", "jakarta", "bandung", "dan", "covid", "19"}},
		{"periode 2020-2021", []string{"periode", "2020", "2021"}},
		{"Café É résumé naïve", []string{"cafe", "e", "resume", "naive"}},
		{"cafe\u0301", []string{"cafe"}},
		{"Jum'at dan Qur’an", []string{"jumat", "dan", "quran"}},
		{"Gelar S.H. dari U.I.", []string{"gelar", "sh", "dari", "ui"}},
		{"kuambil kaulihat kuasa kutipan kuning", []string{"ku", "ambil", "kau", "lihat", "kuasa", "kutipan", "kuning"}},
		{"Di mana? Dimana!", []string{"di", "mana", "dimana"}},
		{"  --  ...  ", nil},
		{"-anak- ", []string{"anak"}},
		{"Straße ÆON", []string{"strasse", "aeon"}},
		{"данные 東京", []string{"данные", "東京"}},
	}
	for _, c := range cases {
		got := Tokenize(c.text)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Tokenize(%q): got %q, want %q", c.text, got, c.want)
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	text := "Anak-anak kuambil 12,5 café"
	toks := NewTokenizer(Default()).Tokens(text)
	want := []Token{
		{"anak-anak", 0, 9, 1},
		{"ku", 10, 12, 2},
		{"ambil", 12, 17, 3},
		{"12", 18, 20, 4},
		{"5", 21, 22, 5},
		{"cafe", 23, 28, 6},
	}
	if !reflect.DeepEqual(toks, want) {
		t.Fatalf("Tokens(%q):\n got %+v\nwant %+v", text, toks, want)
	}
	for _, tk := range toks {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Errorf("token %+v: bad offsets", tk)
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range strings.Fields("apa siapa kapan dimana di mana berapa bagaimana mengapa kenapa yang dan ke dari") {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q): got false, want true", w)
		}
	}
	for _, w := range strings.Fields("pajak sekolah anggaran qris 2025 kantor") {
		if IsStopWord(w) {
			t.Errorf("IsStopWord(%q): got true, want false", w)
		}
	}
}
