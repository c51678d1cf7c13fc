package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg = format
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func TestCheck(t *testing.T) {
	if Updating() {
		t.Skip("with -update every comparison passes by rewriting")
	}
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		got  string
		fail bool
	}{
		{"same", path, "a\nb\n", false},
		{"other line", path, "a\nc\n", true},
		{"longer", path, "a\nb\nc\n", true},
		{"shorter", path, "a\n", true},
		{"missing file", path + ".none", "a\nb\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{TB: t}
			Check(r, tc.path, []byte(tc.got))
			if r.failed != tc.fail {
				t.Errorf("failed = %v, want %v", r.failed, tc.fail)
			}
			if tc.fail && !strings.Contains(r.msg, "-update") {
				t.Errorf("message %q does not say how to update", r.msg)
			}
		})
	}
}
