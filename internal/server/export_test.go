package server

import "time"

// SetRootWordsSettle lets tests skip the wait after a root word is added.
func SetRootWordsSettle(d time.Duration) { rootWordsSettle.Store(int64(d)) }

// SetRootWordsReload sets how often the background loop rereads the root
// words; it returns the previous setting.
func SetRootWordsReload(d time.Duration) time.Duration {
	return time.Duration(rootWordsReloadEvery.Swap(int64(d)))
}
