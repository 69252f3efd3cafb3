// Package km holds Lumbung's core domain: organisations, people and their
// roles, practices (knowledge assets) with their impact metrics, the review
// workflow, adoptions of practices by other agencies (replikasi) with their
// lifecycle and lineage, and the rules on who may see or change what. It
// knows nothing of HTTP or SQL; the store persists these types and the app
// package applies the rules.
package km
