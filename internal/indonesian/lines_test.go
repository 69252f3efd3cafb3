package indonesian

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestStemLines(t *testing.T) {
	in := "  Menyapu \r\nbukunya\n\n\tanak-anak\nmenyapu\nCAFÉ\npelaksanaan"
	var out bytes.Buffer
	if err := StemLines(strings.NewReader(in), &out, Default()); err != nil {
		t.Fatal(err)
	}
	want := "Menyapu\tsapu\nbukunya\tbuku\nanak-anak\tanak\nmenyapu\tsapu\nCAFÉ\tcafe\npelaksanaan\tlaksana\n"
	if got := out.String(); got != want {
		t.Errorf("StemLines: got %q, want %q", got, want)
	}
}

func TestStemLinesLongLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	var out bytes.Buffer
	if err := StemLines(strings.NewReader("makanan\n"+long+"\nminuman\n"), &out, Default()); err != nil {
		t.Fatal(err)
	}
	want := "makanan\tmakan\n" + long + "\t" + long + "\nminuman\tminum\n"
	if got := out.String(); got != want {
		t.Errorf("StemLines with a long line: got %d bytes, want %d", len(got), len(want))
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestStemLinesWriteError(t *testing.T) {
	in := strings.Repeat("makanan\n", 20000)
	if err := StemLines(strings.NewReader(in), failWriter{}, Default()); err == nil {
		t.Error("StemLines to a failing writer: got nil error, want one")
	}
}

func TestCacheBounded(t *testing.T) {
	c := NewCache(Default(), 2)
	for _, w := range []string{"makanan", "minuman", "bukunya", "makanan"} {
		if got, want := c.Stem(w), Default().Stem(w); got != want {
			t.Errorf("Cache.Stem(%q): got %q, want %q", w, got, want)
		}
		if len(c.m) > 2 {
			t.Fatalf("cache holds %d entries, want ≤ 2", len(c.m))
		}
	}
}
