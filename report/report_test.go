package report

import (
	"bytes"
	"testing"

	"github.com/cruxlab/crux/internal/testenv/golden"
)

func TestMarkdownGolden(t *testing.T) {
	for name, c := range testCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Markdown(&buf, c, nil, Options{}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, goldenPath(name, ".md"), buf.Bytes())
		})
	}
}

func TestHTMLGolden(t *testing.T) {
	for name, c := range testCases(t) {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, c, nil, Options{}); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, goldenPath(name, ".html"), buf.Bytes())
		})
	}
}
