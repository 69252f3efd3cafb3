package km

import (
	"fmt"
	"testing"
)

// TestAdoptionCanMove walks every change in every status.
func TestAdoptionCanMove(t *testing.T) {
	allowed := map[string]bool{
		"planned>planned": true, "planned>running": true, "planned>stopped": true,
		"running>running": true, "running>stopped": true, "running>institutionalised": true,
		"stopped>stopped": true, "stopped>planned": true, "stopped>running": true,
		"institutionalised>institutionalised": true, "institutionalised>stopped": true,
	}
	for _, from := range AdoptionStatuses {
		for _, to := range AdoptionStatuses {
			key := string(from) + ">" + string(to)
			if got := AdoptionCanMove(from, to); got != allowed[key] {
				t.Errorf("AdoptionCanMove(%s, %s) = %v, want %v", from, to, got, allowed[key])
			}
		}
	}
	if AdoptionCanMove("bogus", "bogus") || AdoptionCanMove(AdoptionPlanned, "bogus") {
		t.Error("an unknown status moves")
	}
}

func TestAdoptionValidate(t *testing.T) {
	cases := []struct {
		a     Adoption
		field string // "" for valid
	}{
		{Adoption{Status: AdoptionPlanned, Started: "2025-01-02"}, ""},
		{Adoption{Status: AdoptionPlanned}, "started"},
		{Adoption{Status: AdoptionPlanned, Started: "2025-02-30"}, "started"},
		{Adoption{Status: "paused", Started: "2025-01-02"}, "status"},
		{Adoption{Status: AdoptionStopped, Started: "2025-01-02"}, "reason"},
		{Adoption{Status: AdoptionStopped, Started: "2025-01-02", Reason: "Anggaran habis"}, ""},
		{Adoption{Status: AdoptionInstitutionalised, Started: "2025-01-02"}, "regulation"},
		{Adoption{Status: AdoptionInstitutionalised, Started: "2025-01-02", Regulation: "Pergub 12/2025"}, ""},
		{Adoption{Status: AdoptionRunning, Started: "2025-01-02", Metrics: []Metric{{Unit: "trx"}}}, "metrics.0.indicator"},
	}
	for i, c := range cases {
		c.a.Normalize()
		err := c.a.Validate()
		var v *ValidationError
		if c.field == "" {
			if err != nil {
				t.Errorf("case %d: got %v, want valid", i, err)
			}
			continue
		}
		if ve, ok := err.(*ValidationError); ok {
			v = ve
		}
		if v == nil || v.Fields[c.field] == "" {
			t.Errorf("case %d: got %v, want a problem with %s", i, err, c.field)
		}
	}
}

// TestBuildLineageEndsOnCycle builds A → B → C → A and checks that the
// walk stops at the repeated practice.
func TestBuildLineageEndsOnCycle(t *testing.T) {
	edges := map[int64][]Adoption{
		1: {{ID: 10, DerivedPracticeID: 2, OrgName: "B"}, {ID: 11, OrgName: "D"}},
		2: {{ID: 12, DerivedPracticeID: 3, OrgName: "C"}},
		3: {{ID: 13, DerivedPracticeID: 1, OrgName: "A"}, {ID: 14, DerivedPracticeID: 9, OrgName: "E"}},
	}
	root := &LineageNode{PracticeID: 1, OrgName: "A"}
	calls := 0
	err := BuildLineage(root, func(id int64) ([]Adoption, error) {
		calls++
		if calls > 10 {
			return nil, fmt.Errorf("walk does not end")
		}
		return edges[id], nil
	}, func(id int64) bool { return id != 9 })
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range root.Rows() {
		got = append(got, fmt.Sprintf("%d:%s:%d:%v:%v", r.Depth, r.Node.OrgName, r.Node.PracticeID, r.Node.Cycle, r.Node.Hidden))
	}
	want := []string{"0:A:1:false:false", "1:B:2:false:false", "2:C:3:false:false", "3:A:1:true:false", "3:E:0:false:true", "1:D:0:false:false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
}
