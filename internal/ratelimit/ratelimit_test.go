package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

func TestAllowBurstThenRefuse(t *testing.T) {
	l := New(time.Hour, 3)
	for i := 0; i < 3; i++ {
		if !l.Allow("10.0.0.1") {
			t.Fatalf("attempt %d refused, want allowed within the burst", i+1)
		}
	}
	if l.Allow("10.0.0.1") {
		t.Errorf("4th attempt allowed, want refused")
	}
	if !l.Allow("10.0.0.2") {
		t.Errorf("another key refused, want its own bucket")
	}
}

func TestSweepForgetsIdleKeys(t *testing.T) {
	l := New(time.Millisecond, 1)
	l.maxKeys = 2
	l.Allow("a")
	l.Allow("b")
	time.Sleep(5 * time.Millisecond)
	l.Allow("c")
	if len(l.buckets) > 2 {
		t.Errorf("got %d buckets, want idle ones swept", len(l.buckets))
	}
}

func TestBlockedDoesNotSpend(t *testing.T) {
	l := New(time.Hour, 2)
	for i := 0; i < 5; i++ {
		if l.Blocked("x") {
			t.Fatalf("check %d: blocked before any failure", i)
		}
	}
	l.Allow("x")
	l.Allow("x")
	if !l.Blocked("x") {
		t.Errorf("after two failures with burst 2: not blocked")
	}
}

func TestBackoffDoublesAndResets(t *testing.T) {
	b := NewBackoff(3, 2, 100*time.Millisecond, time.Second, time.Hour)
	for range 10 {
		b.Fail("a", "10.0.0.1")
	}
	if d := b.Delay("a"); d != 0 {
		t.Errorf("failures from one address slow the account down: %v", d)
	}
	b.Reset("a")
	var got []time.Duration
	for i := range 8 {
		got = append(got, b.Delay("a"))
		b.Fail("a", fmt.Sprintf("10.0.0.%d", i))
	}
	want := []time.Duration{0, 0, 0, 100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("attempt %d waits %v, want %v", i+1, got[i], want[i])
		}
	}
	if b.Delay("b") != 0 {
		t.Error("another account is slowed down")
	}
	b.Reset("a")
	if b.Delay("a") != 0 || b.Failures("a") != 0 {
		t.Error("a success does not clear the count")
	}
}
