package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cruxlab/crux"
)

// The commands' file handling: bounded reads, and atomic writes so that a
// case file is never left half-written.

// errTooLarge is wrapped by readLimited for input over its limit.
var errTooLarge = errors.New("too large")

// readLimited reads r up to limit bytes, failing with errTooLarge beyond.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: larger than the limit of %d bytes", errTooLarge, limit)
	}
	return data, nil
}

// readFileLimited reads a file of at most limit bytes.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, limit)
}

// loadCaseFile reads and validates a case file; "-" is standard input.
func loadCaseFile(e *env, name string) (*crux.Case, error) {
	data, err := readInput(e, name, crux.MaxCaseFileSize)
	if err != nil {
		return nil, err
	}
	c, err := crux.Decode(data)
	if err != nil {
		return nil, invalid(fmt.Errorf("%s: %w", name, err))
	}
	return c, nil
}

// readInput reads a file, or standard input for "-", refusing more than
// limit bytes.
func readInput(e *env, name string, limit int64) ([]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = readLimited(e.stdin, limit)
	} else {
		data, err = readFileLimited(name, limit)
	}
	switch {
	case errors.Is(err, errTooLarge):
		return nil, invalid(fmt.Errorf("%s: %w", name, err))
	case errors.Is(err, os.ErrNotExist):
		return nil, err // *PathError already names the file
	case err != nil:
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, nil
}

// writeFileAtomic writes data to a temporary file beside path, syncs it and
// renames it over path, so that readers see the old file or the new one,
// never a half-written one. An existing file's permissions are kept.
func writeFileAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+strings.TrimPrefix(base, ".")+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	fail := func(err error) error {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(mode); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename durable where the platform allows
		d.Close()
	}
	return nil
}
