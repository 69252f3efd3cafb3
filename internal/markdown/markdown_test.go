package markdown

import (
	"strings"
	"testing"
)

func TestRenderIsSafe(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []string
		notWant   []string
	}{
		{"heading and list", "## Hasil\n\n- QRIS **naik**", []string{"<h2", "Hasil", "<li>QRIS <strong>naik</strong></li>"}, nil},
		{"script tag", "teks <script>alert(1)</script> lanjut", []string{"teks"}, []string{"<script", "alert(1)</script>"}},
		{"javascript link", "[klik](javascript:alert(1))", []string{"klik"}, []string{"javascript:"}},
		{"event handler", `<img src="x.png" onerror="alert(1)">`, nil, []string{"onerror"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
		{"external link", "[LAN](https://lan.go.id)", []string{`href="https://lan.go.id"`, `rel="nofollow`}, nil},
	}
	for _, tt := range tests {
		got := string(r.Render(tt.src))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: got %q, want it to contain %q", tt.name, got, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(got, w) {
				t.Errorf("%s: got %q, must not contain %q", tt.name, got, w)
			}
		}
	}
}
