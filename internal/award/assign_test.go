package award

import (
	"fmt"
	"reflect"
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
	checkAssignment(t, pairs, entries, jurors, 3, conflicted)
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

// TestAutoAssignConnects: where conflicts would leave the greedy choice
// with two separate juror panels, swaps join them, keeping loads, panel
// sizes and conflicts.
func TestAutoAssignConnects(t *testing.T) {
	// e2 may be judged by j0 and j1 only, e3 by j2 and j3 only: taken in
	// order, e0 gets j0 j1 and e1 j2 j3 (the lightest), then e2 j0 j1 and
	// e3 j2 j3 — two parts without the swaps.
	conflicted := func(j, e string) bool {
		return e == "e2" && (j == "j2" || j == "j3") || e == "e3" && (j == "j0" || j == "j1")
	}
	entries, jurors := []string{"e0", "e1", "e2", "e3"}, []string{"j0", "j1", "j2", "j3"}
	pairs, err := AutoAssign(entries, jurors, 2, conflicted, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, pairs, entries, jurors, 2, conflicted)
	// The 51 entries and 12 jurors of the Jakarta award, with conflicts of
	// several agencies' jurors and declarations, 2 and 3 jurors per entry.
	entries, jurors = nil, nil
	for i := range 51 {
		entries = append(entries, fmt.Sprintf("e%02d", i))
	}
	for i := range 12 {
		jurors = append(jurors, fmt.Sprintf("j%02d", i))
	}
	conflicted = func(j, e string) bool {
		var ji, ei int
		fmt.Sscanf(j, "j%d", &ji)
		fmt.Sscanf(e, "e%d", &ei)
		return ji < 8 && ei%8 == ji || (ji*7+ei*3)%17 == 0 // agency jurors, then declared conflicts
	}
	for _, n := range []int{2, 3, 4} {
		pairs, err := AutoAssign(entries, jurors, n, conflicted, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkAssignment(t, pairs, entries, jurors, n, conflicted)
	}
	// With one juror per entry no two jurors can share an entry: nothing
	// to connect, and nothing breaks.
	if pairs, err := AutoAssign(entries, jurors, 1, conflicted, nil); err != nil || len(pairs) != 51 {
		t.Errorf("one juror per entry: %d pairs, %v", len(pairs), err)
	}
}

func checkAssignment(t *testing.T, pairs []Pair, entries, jurors []string, n int, conflicted func(j, e string) bool) {
	t.Helper()
	load, per, seen := map[string]int{}, map[string]int{}, map[Pair]bool{}
	for _, p := range pairs {
		if conflicted(p.Juror, p.Entry) {
			t.Errorf("n=%d: conflicted pair assigned: %+v", n, p)
		}
		if seen[p] {
			t.Errorf("n=%d: pair twice: %+v", n, p)
		}
		seen[p] = true
		load[p.Juror]++
		per[p.Entry]++
	}
	lo, hi := 1<<30, 0
	for _, j := range jurors {
		lo, hi = min(lo, load[j]), max(hi, load[j])
	}
	if hi-lo > 1 {
		t.Errorf("n=%d: load from %d to %d, want within 1", n, lo, hi)
	}
	for _, e := range entries {
		if per[e] != n {
			t.Errorf("n=%d: entry %s has %d jurors, want %d", n, e, per[e], n)
		}
	}
	if c := Connected(pairs); c != 1 {
		t.Errorf("n=%d: juror–entry graph has %d parts, want 1", n, c)
	}
}

func TestGroups(t *testing.T) {
	for _, tt := range []struct {
		name  string
		pairs []Pair
		want  []Group
	}{
		{
			name:  "connected through a shared entry",
			pairs: []Pair{{"j1", "e1"}, {"j2", "e1"}, {"j2", "e2"}, {"j3", "e2"}, {"j3", "e3"}},
			want:  []Group{{Jurors: []string{"j1", "j2", "j3"}, Entries: []string{"e1", "e2", "e3"}}},
		},
		{
			// The larger group first, whatever the order of the pairs.
			name:  "two groups",
			pairs: []Pair{{"j4", "e3"}, {"j1", "e1"}, {"j2", "e1"}, {"j3", "e2"}, {"j1", "e4"}, {"j3", "e3"}},
			want: []Group{
				{Jurors: []string{"j1", "j2"}, Entries: []string{"e1", "e4"}},
				{Jurors: []string{"j3", "j4"}, Entries: []string{"e2", "e3"}},
			},
		},
		{
			// Equal sizes: by first juror code.
			name:  "two equal groups",
			pairs: []Pair{{"j9", "e1"}, {"j2", "e2"}},
			want: []Group{
				{Jurors: []string{"j2"}, Entries: []string{"e2"}},
				{Jurors: []string{"j9"}, Entries: []string{"e1"}},
			},
		},
		{
			// j3 sits on the jury but has no entry in the round: with no
			// pair it scores nothing, is in no group, and splits nothing.
			name:  "a juror with no entries",
			pairs: []Pair{{"j1", "e1"}, {"j2", "e1"}},
			want:  []Group{{Jurors: []string{"j1", "j2"}, Entries: []string{"e1"}}},
		},
		{
			name:  "the same pair twice",
			pairs: []Pair{{"j1", "e1"}, {"j1", "e1"}},
			want:  []Group{{Jurors: []string{"j1"}, Entries: []string{"e1"}}},
		},
		{name: "empty", pairs: nil, want: []Group{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Groups(tt.pairs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Groups = %+v, want %+v", got, tt.want)
			}
			if c := Connected(tt.pairs); c != len(got) {
				t.Errorf("Connected = %d, want %d (the number of groups)", c, len(got))
			}
		})
	}
}
