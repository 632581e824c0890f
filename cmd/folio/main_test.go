package main

import (
	"os"
	"testing"
)

// TestMain lets `folio check` run this test binary as its page-check child
// (it runs the folio command line when childEnv is set), as it runs the
// real binary.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
