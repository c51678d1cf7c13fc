package extract

import (
	"fmt"
	"strings"
)

// generatedCorpus builds news-like articles from the sentences of this
// package's own test tables (our own prose), for benchmarks when the
// shared corpus is absent.
func generatedCorpus() []string {
	var out []string
	for a := 0; a < 200; a++ {
		var b strings.Builder
		for i := 0; i < 40; i++ {
			s := ownSentences[(a*7+i)%len(ownSentences)]
			b.WriteString(s)
			if i%3 == 2 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		fmt.Fprintf(&b, "\n\nArticle %d ends here.\n", a)
		out = append(out, b.String())
	}
	return out
}

var ownSentences = []string{
	`"We will rebuild the bridge before winter," Mayor Anna Lindqvist said on Tuesday.`,
	`The harbour authority denied that the cranes had been sold.`,
	`According to the regional water board, the reservoir is at 40 percent of capacity.`,
	`Tomas Brandt, a senior economist at the Nordic Trade Institute, warned that prices could rise further.`,
	`“The numbers do not add up,” he wrote on his blog. “Someone is hiding the losses.”`,
	`Farmers' union spokeswoman Elena Ruiz told reporters that the harvest was the worst in a decade.`,
	`An engineer with direct knowledge of the repairs said the pumps had failed twice.`,
	`The engineer said the failures were never reported to the board.`,
	`Critics have argued the plan favours the largest ports.`,
	`The weather was mild and the streets were quiet.`,
	`The Coastal Research Council (CRC) concluded that the erosion had accelerated since 2010.`,
	`Lindqvist admitted that the budget had been exceeded.`,
}
