package server

import "time"

// SetRootWordsSettle lets tests skip the wait after a root word is added.
func SetRootWordsSettle(d time.Duration) { rootWordsSettle.Store(int64(d)) }
