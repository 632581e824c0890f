// Command folio reviews and annotates a text corpus from the terminal: a
// document list, a reader and an annotation panel over one local bbolt
// store, plus subcommands to import, export, check and back it up.
package main

import (
	"os"
)

func main() {
	args := os.Args[1:]
	switch {
	case os.Getenv(superviseEnv) != "":
		os.Exit(runSupervised(args))
	case os.Getenv(childEnv) != "":
		os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
	}
	// checks, usage and refusals run here; the command itself, from the
	// moment it opens the store, runs in a supervised child
	os.Exit(runEnv(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, supervise: args}, args))
}
