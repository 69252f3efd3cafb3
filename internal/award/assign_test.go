package award

import (
	"fmt"
	"testing"
)

func TestConflicted(t *testing.T) {
	for _, c := range []struct {
		juror, entry string
		want         bool
	}{
		{"/1/5/", "/1/5/", true},        // own organisation
		{"/1/5/", "/1/5/23/", true},     // its unit
		{"/1/5/23/", "/1/5/", true},     // its parent
		{"/1/5/23/", "/1/5/24/", false}, // a sibling unit
		{"/1/5/", "/1/6/", false},       // another OPD
		{"/1/5/", "/1/", true},          // an OPD's parent, the pemda
		{"/1/5/23/", "/1/", false},      // a unit's grandparent is not named by the rule
		{"", "/1/5/", false},            // external juror
		{"/1/", "/1/5/", true},          // a juror at the top is conflicted with everything below
	} {
		if got := Conflicted(c.juror, c.entry); got != c.want {
			t.Errorf("Conflicted(%q, %q) = %v, want %v", c.juror, c.entry, got, c.want)
		}
	}
}

func TestAutoAssign(t *testing.T) {
	var entries, jurors []string
	for i := range 51 {
		entries = append(entries, fmt.Sprintf("e%02d", i))
	}
	for i := range 12 {
		jurors = append(jurors, fmt.Sprintf("j%02d", i))
	}
	// Juror j00 belongs to the agency of e00–e04; j01 declared e10.
	conflicted := func(j, e string) bool {
		return (j == "j00" && e < "e05") || (j == "j01" && e == "e10")
	}
	pairs, err := AutoAssign(entries, jurors, 3, conflicted, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 51*3 {
		t.Fatalf("got %d pairs, want %d", len(pairs), 51*3)
	}
	load := map[string]int{}
	per := map[string]int{}
	for _, p := range pairs {
		if conflicted(p.Juror, p.Entry) {
			t.Errorf("conflicted pair assigned: %+v", p)
		}
		load[p.Juror]++
		per[p.Entry]++
	}
	lo, hi := 1<<30, 0
	for _, j := range jurors {
		lo, hi = min(lo, load[j]), max(hi, load[j])
	}
	if hi-lo > 1 {
		t.Errorf("load from %d to %d, want within 1", lo, hi)
	}
	for _, e := range entries {
		if per[e] != 3 {
			t.Errorf("entry %s has %d jurors, want 3", e, per[e])
		}
	}
	if c := Connected(pairs); c != 1 {
		t.Errorf("juror–entry graph has %d parts, want 1", c)
	}
	again, _ := AutoAssign(entries, jurors, 3, conflicted, nil)
	if fmt.Sprint(again) != fmt.Sprint(pairs) {
		t.Errorf("not deterministic")
	}
	// Too few jurors without a conflict.
	if _, err := AutoAssign([]string{"x"}, []string{"a", "b"}, 2, func(j, e string) bool { return j == "a" }, nil); err == nil {
		t.Errorf("want an error when an entry cannot get enough jurors")
	}
	// Existing pairs count and are not repeated.
	more, err := AutoAssign([]string{"x"}, []string{"a", "b", "c"}, 2, func(string, string) bool { return false }, []Pair{{"b", "x"}})
	if err != nil || len(more) != 1 || more[0].Juror == "b" {
		t.Errorf("with an existing pair: %v, %v", more, err)
	}
}
