// Command crux turns contested reporting into an auditable Analysis of
// Competing Hypotheses. Each subcommand lives in a file of its own and
// registers itself here; main only dispatches.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// Exit codes, documented in `crux help`.
const (
	exitOK      = 0
	exitFailure = 1 // the work failed (I/O, database, network)
	exitUsage   = 2 // bad flags or arguments
	exitInvalid = 3 // the input is invalid (malformed case file, unreadable article)
)

// command is one subcommand.
type command struct {
	name    string
	summary string // one line for the command list
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch: its streams, so tests can run commands
// in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError marks an error as the caller's mistake (exit 2).
type usageError struct{ error }

// invalidError marks an error as bad input (exit 3).
type invalidError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func invalid(err error) error {
	if err == nil {
		return nil
	}
	return invalidError{err}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return code(e, c.run(ctx, e, []string{"-h"}))
			}
		}
		printHelp(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "crux: unknown command %q; run 'crux help' for the list\n", args[0])
		return exitUsage
	}
	return code(e, c.run(ctx, e, args[1:]))
}

func code(e *env, err error) int {
	if err == nil || errors.Is(err, errHelp) {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "crux: %v\n", err)
	var u usageError
	var v invalidError
	switch {
	case errors.As(err, &u):
		return exitUsage
	case errors.As(err, &v):
		return exitInvalid
	default:
		return exitFailure
	}
}

// errHelp is returned by a command that printed its help on request.
var errHelp = errors.New("help shown")

func printHelp(w io.Writer) {
	fmt.Fprint(w, `crux: Analysis of Competing Hypotheses over contested news reporting.

Usage: crux COMMAND [flags] [args]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Run 'crux help COMMAND' or 'crux COMMAND -h' for a command's flags and examples.

Exit codes: 0 success, 1 failure (I/O, database), 2 bad usage, 3 invalid input.
`)
}
