package award

import (
	"strings"
	"testing"
	"time"
)

func TestSnapshot(t *testing.T) {
	sub := time.Date(2025, 8, 31, 9, 30, 0, 0, time.UTC)
	e := Entry{Code: "E1", OrgCode: "dinas-a", CategoryCode: "pd", Title: "Pasar", Form: map[string]string{"summary": "QRIS"},
		Practices: []int64{3, 7}, SubmittedAt: sub}
	// Without evidence the encoding is the one hashes were taken with
	// before evidence existed: they must still verify.
	b, h := e.Snapshot("kma")
	const want = `{"category":"pd","edition":"kma","entry":"E1","form":{"summary":"QRIS"},"organisation":"dinas-a","practices":[3,7],"submitted_at":"2025-08-31T09:30:00Z","title":"Pasar"}`
	if string(b) != want {
		t.Errorf("snapshot without evidence:\n got %s\nwant %s", b, want)
	}
	if len(h) != 64 {
		t.Errorf("hash %q is not a hex SHA-256", h)
	}
	// Evidence goes in, by hash, whatever the upload order.
	a := Evidence{ID: 1, SHA256: strings.Repeat("b", 64), Name: "laporan.pdf", Size: 10}
	c := Evidence{ID: 2, SHA256: strings.Repeat("a", 64), Name: "foto.png", Size: 20}
	e.Evidence = []Evidence{a, c}
	b1, h1 := e.Snapshot("kma")
	e.Evidence = []Evidence{c, a}
	_, h2 := e.Snapshot("kma")
	if h1 == h || h1 != h2 {
		t.Errorf("hashes: none %s, [a c] %s, [c a] %s; want evidence to count and its order not to", h, h1, h2)
	}
	if !strings.Contains(string(b1), `"evidence":[{"name":"foto.png","sha256":"aaaa`) {
		t.Errorf("evidence not listed by hash: %s", b1)
	}
	// Another file with the same name is another snapshot.
	e.Evidence = []Evidence{a, {SHA256: strings.Repeat("c", 64), Name: "foto.png", Size: 20}}
	if _, h3 := e.Snapshot("kma"); h3 == h1 {
		t.Error("replacing a file's content does not change the hash")
	}
}

func TestRegistrationOpen(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	hour := time.Hour
	tests := []struct {
		name                  string
		call, opens, deadline time.Time
		want                  bool
	}{
		{"call not published", time.Time{}, time.Time{}, now.Add(hour), false},
		{"open, no opening date", now.Add(-hour), time.Time{}, now.Add(hour), true},
		{"opens later", now.Add(-hour), now.Add(hour), now.Add(2 * hour), false},
		{"opened now", now.Add(-hour), now, now.Add(hour), true},
		{"deadline now", now.Add(-hour), time.Time{}, now, false},
		{"deadline passed", now.Add(-2 * hour), time.Time{}, now.Add(-hour), false},
	}
	for _, tt := range tests {
		e := Edition{CallPublishedAt: tt.call, RegistrationOpens: tt.opens, SubmissionDeadline: tt.deadline}
		if got := e.RegistrationOpen(now); got != tt.want {
			t.Errorf("%s: RegistrationOpen = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSnapshotPracticeContent(t *testing.T) {
	e := Entry{Code: "E1", OrgCode: "dinas-a", Title: "Pasar", Form: map[string]string{"summary": "QRIS"}, Practices: []int64{3, 7}}
	old, h0 := e.Snapshot("kma")
	if strings.Contains(string(old), "practice_content") {
		t.Errorf("snapshot without practice content names it: %s", old)
	}
	p7 := FrozenPractice{ID: 7, Version: 2, Org: "dinas-a", Title: "Kedua", Summary: "S7", Body: "isi **rahasia**", Access: "restricted"}
	p3 := FrozenPractice{ID: 3, Version: 1, Org: "dinas-a", Title: "Pertama", Tags: []string{"pasar"}}
	e.PracticeContent = []FrozenPractice{p7, p3}
	b, h1 := e.Snapshot("kma")
	e.PracticeContent = []FrozenPractice{p3, p7}
	_, h2 := e.Snapshot("kma")
	if h1 == h0 || h1 != h2 {
		t.Errorf("hashes: none %s, [7 3] %s, [3 7] %s; want content to count and its order not to", h0, h1, h2)
	}
	if got := SnapshotHash(b); got != h1 {
		t.Errorf("SnapshotHash = %s, want %s", got, h1)
	}
	got, err := SnapshotPractices(b)
	if err != nil {
		t.Fatal(err)
	}
	p3.Tags, p7.Tags = []string{"pasar"}, []string{}
	if len(got) != 2 || got[0].Title != "Pertama" || got[1].Body != p7.Body || got[1].Access != "restricted" || got[0].Tags[0] != "pasar" {
		t.Errorf("SnapshotPractices = %+v", got)
	}
	// A changed practice body is another snapshot.
	e.PracticeContent[1].Body = "isi lain"
	if _, h3 := e.Snapshot("kma"); h3 == h1 {
		t.Error("changing a practice's content does not change the hash")
	}
	if ps, err := SnapshotPractices(old); err != nil || len(ps) != 0 {
		t.Errorf("old snapshot: %v, %v; want none", ps, err)
	}
	if _, err := SnapshotPractices([]byte("not json")); err == nil {
		t.Error("want an error for a snapshot that is not JSON")
	}
}
