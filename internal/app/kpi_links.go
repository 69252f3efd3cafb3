package app

import (
	"context"
	"errors"

	"lumbung/internal/km"
	"lumbung/internal/store"
)

// CompetitionsOfPractice lists the competitions the actor may see that a
// practice documents, for the way back from the practice page.
func (a *App) CompetitionsOfPractice(ctx context.Context, actor Actor, practiceID int64) ([]store.Competition, error) {
	links, err := a.Store.CompetitionsForPractice(ctx, practiceID)
	if err != nil {
		return nil, err
	}
	var out []store.Competition
	for _, l := range links {
		c, err := a.Competition(ctx, actor, l.Code)
		if errors.Is(err, km.ErrNotFound) || errors.Is(err, km.ErrForbidden) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
