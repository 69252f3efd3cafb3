package app

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"lumbung/internal/km"
)

// RecordView notes that the actor opened practice p (its page or the
// API): only published practices count as reads. A signed-in person is
// recorded with their organisation at the time; an anonymous visitor by a
// short daily hash of address and browser, which tells visitors apart for
// a day without naming anyone. userAgent is the request's User-Agent.
func (a *App) RecordView(actor Actor, p km.Practice, userAgent string) {
	if a.Usage == nil || p.Status != km.StatusPublished {
		return
	}
	now := time.Now().UTC()
	e := km.UsageEvent{At: now, Kind: km.UsageView, PracticeID: p.ID, IP: actor.IP}
	if actor.User != nil && actor.User.ID != 0 {
		e.UserID, e.OrgPath = actor.User.ID, actor.User.OrgPath
	} else {
		h := sha256.Sum256([]byte(now.In(wib).Format(time.DateOnly) + "\x00" + actor.IP + "\x00" + userAgent))
		e.Session = hex.EncodeToString(h[:8])
	}
	a.Usage.Record(e)
}
