package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"lumbung/internal/app"
	"lumbung/internal/files"
	"lumbung/internal/store/storetest"
)

// BenchmarkImport measures importing practices in batches, per practice;
// bench/foundation/run.sh measures the whole 10,000-practice import.
func BenchmarkImport(b *testing.B) {
	const n = 1000
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := 0; i < n; i++ {
		enc.Encode(app.ImportRecord{ID: fmt.Sprint("b-", i), Title: fmt.Sprint("Pelayanan terpadu satu pintu ", i),
			Summary: "Ringkasan praktik baik pelayanan publik di kelurahan.", Body: "## Isi\n\nMasyarakat dilayani lebih cepat.",
			Tags: []string{"ptsp", "layanan"}, Affair: "pelayanan_publik", Year: 2024})
	}
	data := buf.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s, dir := storetest.Open(b)
		a := app.New(s, &files.Store{Dir: dir}, 1<<20, nil)
		b.StartTimer()
		res, err := a.ImportPractices(context.Background(), app.System, bytes.NewReader(data), app.ImportOptions{})
		if err != nil || res.Created != n {
			b.Fatalf("import: %+v %v", res, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "practices/s")
}
