package main

import (
	"os"
	"testing"

	"folio/internal/stubsuggester"
)

// TestMain lets `folio check` run this test binary as its page-check child
// (it runs the folio command line when childEnv is set), as it runs the
// real binary.
//
// Run as `TESTBINARY stub-suggester MODE`, it is the stub external
// suggester of the suggester tests (internal/stubsuggester).
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "stub-suggester" {
		os.Exit(stubsuggester.Run(os.Args[2]))
	}
	if os.Getenv(childEnv) != "" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
