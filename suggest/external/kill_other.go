//go:build !unix

package external

import "os/exec"

func ownGroup(*exec.Cmd) {}

// kill kills the command.
func kill(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
