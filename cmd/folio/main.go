// Command folio reviews and annotates a text corpus from the terminal: a
// document list, a reader and an annotation panel over one local bbolt
// store, plus subcommands to import, export, check and back it up.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
