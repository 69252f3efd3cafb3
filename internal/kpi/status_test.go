package kpi

import (
	"encoding/json"
	"testing"
)

func TestStatusTransitions(t *testing.T) {
	tests := []struct {
		from, to Status
		ok       bool
	}{
		{StatusDraft, StatusRunning, true},
		{StatusDraft, StatusPublished, false},
		{StatusRunning, StatusClosed, true},
		{StatusRunning, StatusDraft, true},
		{StatusClosed, StatusPublished, true},
		{StatusClosed, StatusRunning, true},
		{StatusPublished, StatusClosed, true},
		{StatusPublished, StatusDraft, false},
		{StatusDraft, "archived", false},
	}
	for _, tt := range tests {
		if got := tt.from.CanMoveTo(tt.to); got != tt.ok {
			t.Errorf("%s → %s: got %v, want %v", tt.from, tt.to, got, tt.ok)
		}
	}
	if StatusPublished.AcceptsData() || !StatusClosed.AcceptsData() {
		t.Error("only published results refuse data")
	}
}

// TestReportShape pins the CLI and API output: the keys, no others.
func TestReportShape(t *testing.T) {
	c := baseComp(t, Percent, append(competitors("A", "NOL"), Participant{Code: "K", Control: true})...)
	ms := append(append(flat(t, "A", 10, 15), flat(t, "NOL", 0, 5)...), flat(t, "K", 10, 11)...)
	data, err := json.Marshal(mustCompute(t, c, ms).Overall.Report())
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Participants []map[string]json.RawMessage `json:"participants"`
		Summary      map[string]json.RawMessage   `json:"summary"`
	}
	var top map[string]json.RawMessage
	json.Unmarshal(data, &top)
	json.Unmarshal(data, &got)
	if len(top) != 4 || len(got.Participants) != 2 || len(got.Participants[0]) != 8 || len(got.Summary) != 6 {
		t.Errorf("keys: %s", data)
	}
	if string(got.Summary["did"]) != "90" || string(got.Summary["control_percent"]) != "10" || string(got.Summary["percent"]) != "100" {
		t.Errorf("summary: %s", data)
	}
}

// TestResultBoard finds a group's board by name.
func TestResultBoard(t *testing.T) {
	ps := competitors("A", "B")
	ps[0].Group, ps[1].Group = "besar", "kecil"
	res := mustCompute(t, baseComp(t, Absolute, ps...), append(flat(t, "A", 1, 2), flat(t, "B", 1, 3)...))
	if b, ok := res.Board("kecil"); !ok || b.Group != "kecil" || len(b.Participants) != 1 {
		t.Errorf("kecil: %+v %v", b, ok)
	}
	if b, ok := res.Board(""); !ok || len(b.Participants) != 2 {
		t.Errorf("overall: %+v", b)
	}
	if _, ok := res.Board("raksasa"); ok {
		t.Error("unknown group found")
	}
}
