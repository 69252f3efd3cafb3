package app

// EntryCodePrefix exposes entryCodePrefix to the tests.
var EntryCodePrefix = entryCodePrefix
