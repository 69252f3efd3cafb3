// Package routesweep expands route patterns ("/award/{code}/entries/{entry}")
// into request paths for the route sweeps of the web and API tests: every
// wildcard filled with its real values, then one wildcard at a time with
// each of BadValues. It holds no test data of its own: the callers know
// which values are real.
package routesweep

import (
	"regexp"
	"strings"
)

// BadValues replace a path wildcard; each is a path segment as sent.
var BadValues = []string{"0", "-1", "999999999", "9223372036854775808", "abc", strings.Repeat("x", 300), "%00", "..%2F", "%ff", "1.5"}

// wildcard matches {name} and {name...}.
var wildcard = regexp.MustCompile(`\{(\w+)(\.\.\.)?\}`)

// ValidPaths fills every wildcard of path with the first of its real values
// (valid(name), never empty), then each wildcard in turn with its other
// real values, the rest at their first.
func ValidPaths(path string, valid func(name string) []string) []string {
	out := []string{fill(path, func(_ int, name string) string { return valid(name)[0] })}
	for i, m := range wildcard.FindAllStringSubmatch(path, -1) {
		for _, v := range valid(m[1])[1:] {
			out = append(out, fillOne(path, i, v, valid))
		}
	}
	return out
}

// Paths is ValidPaths followed by each wildcard in turn filled with each
// of BadValues, the rest with their first real value.
func Paths(path string, valid func(name string) []string) []string {
	out := ValidPaths(path, valid)
	for i := range wildcard.FindAllStringIndex(path, -1) {
		for _, bad := range BadValues {
			out = append(out, fillOne(path, i, bad, valid))
		}
	}
	return out
}

// fillOne fills wildcard i with v and the others with their first real
// value.
func fillOne(path string, i int, v string, valid func(name string) []string) string {
	return fill(path, func(j int, name string) string {
		if j == i {
			return v
		}
		return valid(name)[0]
	})
}

func fill(path string, value func(i int, name string) string) string {
	i := -1
	return wildcard.ReplaceAllStringFunc(path, func(m string) string {
		i++
		return value(i, wildcard.FindStringSubmatch(m)[1])
	})
}
