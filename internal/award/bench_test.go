package award

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAggregateIgnoresInputOrder(t *testing.T) {
	ed := simulate(7, simConfig{entries: 51, jurors: 12, perEntry: 3, harshness: 15, noise: 5})
	shuffled := slices.Clone(ed.scores)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	for _, m := range Methods {
		a := aggregate(t, simRubric, ed.scores, m)
		b := aggregate(t, simRubric, shuffled, m)
		if !slices.Equal(a, b) {
			t.Errorf("%s: results differ when the scores are shuffled", m)
		}
	}
}

func BenchmarkAggregateRound(b *testing.B) {
	sizes := []struct {
		name string
		cfg  simConfig
	}{
		{"51x3", simConfig{entries: 51, jurors: 12, perEntry: 3, harshness: 15, noise: 5}},
		{"5000x3", simConfig{entries: 5000, jurors: 300, perEntry: 3, harshness: 15, noise: 5}},
	}
	for _, size := range sizes {
		ed := simulate(1, size.cfg)
		for _, m := range Methods {
			b.Run(size.name+"/"+string(m), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := AggregateRound(simRubric, ed.scores, m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
