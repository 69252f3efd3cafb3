package extract

import (
	"archive/zip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeZip(t *testing.T, files map[string]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.zip")
	f, _ := os.Create(path)
	zw := zip.NewWriter(f)
	for name, body := range files {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	f.Close()
	return path
}

func TestDOCX(t *testing.T) {
	path := writeZip(t, map[string]string{
		"word/document.xml": `<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Pelayanan terpadu</w:t></w:r></w:p><w:p><w:r><w:t>di kelurahan</w:t></w:r></w:p></w:body></w:document>`,
	})
	got, err := Text(context.Background(), path, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	if err != nil || !strings.Contains(got, "Pelayanan terpadu") || !strings.Contains(got, "di kelurahan") {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestPPTXSlidesInOrder(t *testing.T) {
	path := writeZip(t, map[string]string{
		"ppt/slides/slide10.xml": `<p:sld xmlns:a="x"><a:t>sepuluh</a:t></p:sld>`,
		"ppt/slides/slide2.xml":  `<p:sld xmlns:a="x"><a:t>dua</a:t></p:sld>`,
	})
	got, err := Text(context.Background(), path, "application/vnd.openxmlformats-officedocument.presentationml.presentation")
	if err != nil || strings.Index(got, "dua") > strings.Index(got, "sepuluh") {
		t.Errorf("got %q, %v: want slide 2 before slide 10", got, err)
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	f.SetCellValue("Sheet1", "A1", "Transaksi QRIS")
	f.SetCellValue("Sheet1", "B1", 147)
	path := filepath.Join(t.TempDir(), "a.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	got, err := Text(context.Background(), path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	if err != nil || !strings.Contains(got, "Transaksi QRIS") || !strings.Contains(got, "147") {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestBrokenFilesAreErrorsNotPanics(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("%PDF-1.4 this is not really a pdf"), 0o644)
	for _, mime := range []string{"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"} {
		if _, err := Text(context.Background(), junk, mime); err == nil {
			t.Errorf("%s: broken file gave no error", mime)
		}
	}
	if _, err := Text(context.Background(), junk, "image/png"); err != ErrUnsupported {
		t.Errorf("png: got %v, want ErrUnsupported", err)
	}
}

func TestPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (Debian poppler-utils)")
	}
	// A minimal one-page PDF with the text "Lumbung pengetahuan".
	const doc = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 51>>stream\nBT /F1 12 Tf 20 50 Td (Lumbung pengetahuan) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
	path := filepath.Join(t.TempDir(), "a.pdf")
	os.WriteFile(path, []byte(doc), 0o644)
	got, err := Text(context.Background(), path, "application/pdf")
	if err != nil || !strings.Contains(got, "Lumbung pengetahuan") {
		t.Errorf("got %q, %v", got, err)
	}
}
