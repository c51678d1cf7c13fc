// Package examples embeds crux's example cases so that the binary runs on
// a fresh machine with nothing else. Each case is written in the project's
// own words from the facts of public reporting.
package examples

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"github.com/cruxlab/crux"
)

//go:embed */case.json
var files embed.FS

// Default is the name of the example loaded when no case is given.
const Default = "kremlin-drone-2023"

// Names lists the embedded examples.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Raw returns an example's case file as stored.
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(path.Join(name, "case.json"))
	if err != nil {
		return nil, fmt.Errorf("examples: no example %q (have %v)", name, Names())
	}
	return b, nil
}

// Load decodes and validates an example; each call returns a fresh copy.
func Load(name string) (*crux.Case, error) {
	b, err := Raw(name)
	if err != nil {
		return nil, err
	}
	c, err := crux.Decode(b)
	if err != nil {
		return nil, fmt.Errorf("examples: %s: %w", name, err)
	}
	return c, nil
}

// KremlinDrone returns the default example case. It panics only if the
// embedded file is broken, which the package's tests rule out.
func KremlinDrone() *crux.Case {
	c, err := Load(Default)
	if err != nil {
		panic(err)
	}
	return c
}
