package report

import (
	"bytes"
	"testing"

	"github.com/cruxlab/crux"
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

func TestQuoteMarksNotDoubled(t *testing.T) {
	tests := []struct {
		mode crux.Mode
		text string
		want bool
	}{
		{crux.Direct, "We will win.", true},
		{crux.Direct, `"We will win," he said`, false},
		{crux.Direct, "“We will win”", false},
		{crux.Direct, "«Nous gagnerons»", false},
		{crux.Reported, "they will win", false},
		{crux.Mixed, `the war is "near"`, false},
	}
	for _, tt := range tests {
		if got := needsQuoteMarks(crux.Claim{Mode: tt.mode, Text: tt.text}); got != tt.want {
			t.Errorf("needsQuoteMarks(%s, %q) = %v, want %v", tt.mode, tt.text, got, tt.want)
		}
	}
}
