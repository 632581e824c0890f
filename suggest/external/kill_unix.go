//go:build unix

package external

import (
	"os/exec"
	"syscall"
)

// ownGroup puts the command in its own process group, so that kill ends
// what it started too (a shell's children, a model server's workers).
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// kill kills the command's process group.
func kill(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
