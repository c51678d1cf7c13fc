package document

import (
	"errors"

	"github.com/cruxlab/crux"
)

// ParseHTML parses an HTML page.
func ParseHTML(data []byte) (*crux.Source, error) {
	return nil, errors.New("document: HTML parsing not implemented yet")
}
