package bench

import (
	"context"
	"errors"
)

// errNoScorer is reported until the extract package offers its PolNeAR
// evaluation API; bench does not keep a scorer of its own.
var errNoScorer = errors.New("not available in this build: the extract package has no PolNeAR scorer yet")

// runExtraction times crux's extraction over the articles and scores it.
func runExtraction(_ context.Context, _ *Config, _ []Article) *ToolRun {
	return &ToolRun{Tool: "crux", Skipped: "not available in this build: the extract package has no Extract yet"}
}

// scoreBrat scores brat predictions (NAME → .ann bytes) against the
// articles' gold files with the extract package's scorer.
func scoreBrat(_ []Article, _ map[string][]byte) (*Scores, error) {
	return nil, errNoScorer
}
