// Package pdftest reads generated PDFs back for tests: their text with
// pdftotext, their page count with pdfinfo and the QR codes on their
// first page, rendered with pdftoppm (all from poppler-utils). A test that needs a tool that is not
// installed is skipped, not failed.
package pdftest

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Text is the text of pdf, as pdftotext reads it.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	return string(run(t, pdf, "pdftotext", "-layout", "in.pdf", "-"))
}

// Pages is the number of pages of pdf, as pdfinfo counts them.
func Pages(t testing.TB, pdf []byte) int {
	t.Helper()
	out := string(run(t, pdf, "pdfinfo", "in.pdf"))
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("pdfinfo: %q", line)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

// QR decodes the QR code on the first page of pdf, rendered at 150 dpi.
func QR(t testing.TB, pdf []byte) string {
	t.Helper()
	b := run(t, pdf, "pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "in.pdf")
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("pdftoppm output: %v", err)
	}
	return decode(t, img)
}

func decode(t testing.TB, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code on the page: %v", err)
	}
	return res.GetText()
}

// run writes pdf to in.pdf in a temporary directory and runs tool there,
// returning its standard output; it skips the test without the tool.
func run(t testing.TB, pdf []byte, tool string, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (poppler-utils)", tool)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.pdf"), pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v: %s", tool, err, stderr.String())
	}
	return out
}
