package web

import "testing"

func TestQAMessagesComplete(t *testing.T) {
	for k := range qaMessagesID {
		if _, ok := qaMessagesEN[k]; !ok {
			t.Errorf("%q has no English text", k)
		}
	}
	for k := range qaMessagesEN {
		if _, ok := qaMessagesID[k]; !ok {
			t.Errorf("%q has no Indonesian text", k)
		}
	}
}
