// Command init is PID 1 of the Bochs guest that runs simdnn's tests on an
// emulated AVX-512 CPU (see run.sh beside it). It mounts /dev, /proc and
// /tmp, then runs each line of /cmds ("BINARY DIR ARG..."; fields without
// spaces) in DIR with the environment in /env, all output to the serial
// console, prints "SIMDNN-GUEST-EXIT <code>" (the first failing code, 1 for a
// binary killed by a signal, 2 when /cmds holds no command, else 0),
// waits for the console to drain and powers the guest off.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func lines(path string) []string {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	return strings.FieldsFunc(string(b), func(r rune) bool { return r == '\n' })
}

// run runs one test binary and returns its exit code.
func run(tty *os.File, bin, dir string, args []string) int {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(lines("/env"), "HOME=/tmp", "TMPDIR=/tmp", "PATH=/")
	cmd.Stdout, cmd.Stderr = tty, tty
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if exit.ExitCode() < 0 { // killed by a signal
			fmt.Fprintln(tty, "init:", err)
			return 1
		}
		return exit.ExitCode()
	default:
		fmt.Fprintln(tty, "init:", err)
		return 1
	}
}

// drain waits until the serial port has sent everything written to it
// (TCSBRK with a non-zero argument is tcdrain).
const tcsbrk = 0x5409 // TCSBRK on linux/amd64

func drain(tty *os.File) {
	_, _, _ = syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), tcsbrk, 1)
}

func main() {
	_ = syscall.Mount("devtmpfs", "/dev", "devtmpfs", 0, "")
	_ = syscall.Mount("proc", "/proc", "proc", 0, "")
	_ = syscall.Mount("tmpfs", "/tmp", "tmpfs", 0, "")
	tty, err := os.OpenFile("/dev/ttyS0", os.O_WRONLY, 0)
	if err != nil {
		tty = os.Stdout
	}
	code, ran := 0, 0
	for _, line := range lines("/cmds") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		fmt.Fprintf(tty, "guest: %s\n", line)
		ran++
		if c := run(tty, f[0], f[1], f[2:]); c != 0 && code == 0 {
			code = c
		}
	}
	if ran == 0 {
		fmt.Fprintln(tty, "init: no command in /cmds")
		code = 2
	}
	fmt.Fprintf(tty, "\nSIMDNN-GUEST-EXIT %d\n", code)
	drain(tty)
	time.Sleep(2 * time.Second)
	tty.Close()
	syscall.Sync()
	_ = syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	select {}
}
