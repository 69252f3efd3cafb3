package ratelimit

import (
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
