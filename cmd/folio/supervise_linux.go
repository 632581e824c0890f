package main

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the child end when the supervisor does (killed with
// SIGKILL, say), so that no command runs on unsupervised.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
