package document

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cruxlab/crux"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestTmpScale(t *testing.T) {
	for _, tc := range []struct {
		name  string
		unit  string
		parse func([]byte) (*crux.Source, error)
	}{
		{"md-bracket-paren", "[a](", ParseMarkdown},
		{"md-link-chain", "[a](b", ParseMarkdown},
		{"md-backticks", "`a ", ParseMarkdown},
		{"text-links", "[a](b) ", ParseText},
		{"html-deep", "<div>", ParseHTML},
		{"html-unclosed", "<p><b><a href=x>t", ParseHTML},
		{"html-table", "<table><tr><td>x", ParseHTML},
		{"md-open", "[", ParseMarkdown},
	} {
		var line []string
		for _, n := range []int{1 << 20, 4 << 20} {
			data := []byte(strings.Repeat(tc.unit, n/len(tc.unit)))
			st := cpu()
			tc.parse(data)
			d := cpu() - st
			line = append(line, (time.Duration(float64(d)/float64(n>>20))).String()+"/MB")
		}
		t.Logf("%-18s %v", tc.name, line)
	}
}
