// Package extract pulls the text out of attachments so search can find what
// is inside them: PDF through Debian's pdftotext (poppler) in a subprocess
// with a timeout, DOCX, PPTX and XLSX by reading their XML parts from the
// zip with limits on entry count and size (zip bombs). A broken or
// encrypted file is an error for that file only; callers log and skip it.
package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// ErrUnsupported means the type has no text to extract (images).
var ErrUnsupported = errors.New("extract: no text in this type")

// Limits on what one file may expand to.
const (
	maxText       = 2 << 20  // 2 MiB of text kept per file
	maxEntries    = 5000     // zip entries
	maxEntryBytes = 64 << 20 // uncompressed bytes of one XML part
	pdfTimeout    = 30 * time.Second
)

// Text extracts the text of the file at path, whose sniffed type is mime.
func Text(ctx context.Context, path, mime string) (string, error) {
	switch mime {
	case "application/pdf":
		return pdf(ctx, path)
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return office(path, func(name string) bool { return name == "word/document.xml" })
	case "application/vnd.openxmlformats-officedocument.presentationml.presentation":
		return office(path, func(name string) bool {
			return strings.HasPrefix(name, "ppt/slides/slide") && strings.HasSuffix(name, ".xml")
		})
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return office(path, func(name string) bool {
			return name == "xl/sharedStrings.xml" || (strings.HasPrefix(name, "xl/worksheets/sheet") && strings.HasSuffix(name, ".xml"))
		})
	}
	return "", ErrUnsupported
}

func pdf(ctx context.Context, path string) (string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", errors.New("extract: pdftotext (Debian poppler-utils) is not installed")
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-q", "-enc", "UTF-8", "-nopgbrk", path, "-")
	cmd.Stdout = &limitWriter{w: &out, n: maxText}
	cmd.Stderr = &limitWriter{w: &stderr, n: 4096}
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("extract: pdftotext timed out after %s", pdfTimeout)
		}
		return "", fmt.Errorf("extract: pdftotext: %v %s", err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(out.String()), nil
}

// office reads the text runs of the XML parts that want selects, in name
// order (slide1, slide2, … sorted numerically enough for our purpose).
func office(path string, want func(string) bool) (string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return "", fmt.Errorf("extract: not a readable office file: %w", err)
	}
	defer zr.Close()
	if len(zr.File) > maxEntries {
		return "", fmt.Errorf("extract: %d zip entries, more than %d", len(zr.File), maxEntries)
	}
	var parts []*zip.File
	for _, f := range zr.File {
		if strings.Contains(f.Name, "..") || strings.HasPrefix(f.Name, "/") {
			continue
		}
		if want(f.Name) {
			parts = append(parts, f)
		}
	}
	sort.Slice(parts, func(i, j int) bool {
		a, b := parts[i].Name, parts[j].Name
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	var out strings.Builder
	for _, f := range parts {
		if f.UncompressedSize64 > maxEntryBytes {
			return "", fmt.Errorf("extract: part %s expands to %d bytes", f.Name, f.UncompressedSize64)
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("extract: %s: %w", f.Name, err)
		}
		err = xmlText(io.LimitReader(rc, maxEntryBytes), &out)
		rc.Close()
		if err != nil {
			return "", fmt.Errorf("extract: %s: %w", f.Name, err)
		}
		if out.Len() >= maxText {
			break
		}
	}
	s := out.String()
	if len(s) > maxText {
		s = strings.ToValidUTF8(s[:maxText], "")
	}
	return strings.TrimSpace(s), nil
}

// xmlText writes the character data of an OOXML part, with a space between
// runs and a newline after paragraphs, rows and cells.
func xmlText(r io.Reader, out *strings.Builder) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			out.Write(bytes.TrimRight(t, "\x00"))
		case xml.EndElement:
			switch t.Name.Local {
			case "p", "row", "si":
				out.WriteByte('\n')
			case "t", "v", "c":
				out.WriteByte(' ')
			}
		}
	}
}

type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if l.n <= 0 {
		return len(p), nil
	}
	q := p
	if len(q) > l.n {
		q = q[:l.n]
	}
	l.n -= len(q)
	if _, err := l.w.Write(q); err != nil {
		return 0, err
	}
	return len(p), nil
}
