package cli

import (
	"context"

	"lumbung/internal/indonesian"
)

// runStem stems words from stdin, one per line, to "word<TAB>root" lines.
func runStem(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "stem", "stem [--informal] < words.txt   (one word per line; prints word<TAB>root)")
	informal := fs.Bool("informal", false, "also undo colloquial Jakarta forms (ngadepin → hadap)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("stem reads words from standard input, not arguments")
	}
	s := indonesian.Default()
	if *informal {
		s = indonesian.New(indonesian.EmbeddedLexicon(), indonesian.WithInformal())
	}
	return indonesian.StemLines(env.Stdin, env.Stdout, s)
}
