package ach

import (
	"errors"

	"github.com/cruxlab/crux"
)

// Score scores a case. Only hypotheses with Scored() take part.
func Score(c *crux.Case, opts Options) (*Result, error) {
	if c == nil {
		return nil, errors.New("ach: no case")
	}
	return nil, errors.New("ach: not implemented yet")
}
