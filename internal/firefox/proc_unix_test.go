//go:build unix

package firefox

import (
	"os/exec"
	"syscall"
)

// ownGroup puts cmd and its children (Firefox, started by Node) in a process
// group of their own and makes a timeout kill the whole group.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
