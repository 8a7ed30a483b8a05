package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	if os.Getenv("MNIST_RUN_MAIN") != "" { // the child below: be the command
		os.Args = append([]string{"mnist"}, strings.Fields(os.Getenv("MNIST_RUN_MAIN"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestBadFlags: every bad flag is one line on stderr and exit status 2,
// before any data is loaded (no divide by zero, no indirect nn error).
func TestBadFlags(t *testing.T) {
	cases := []struct{ args, want string }{
		{"-batch 0", "mnist: -batch 0, want 1..60000"},
		{"-epochs -1", "mnist: -epochs -1, want 1..1000000"},
		{"-epochs 0", "mnist: -epochs 0, want 1..1000000"},
		{"-hidden 0", "mnist: -hidden 0, want 1..1048576"},
		{"-lr 0", "mnist: -lr 0, want a finite number > 0"},
		{"-lr -1", "mnist: -lr -1, want a finite number > 0"},
		{"-lr NaN", "mnist: -lr NaN, want a finite number > 0"},
		{"-lr 1e40", "mnist: -lr 1e+40, want a finite number > 0"},
		{"-threads -2", "mnist: -threads -2, want ≥ 0 (0 = GOMAXPROCS)"},
		{"-opt sgdd", `mnist: -opt "sgdd", want sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw`},
		{"extra", `mnist: unexpected argument "extra" (flags only; see -h)`},
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0])
		cmd.Env = append(os.Environ(), "MNIST_RUN_MAIN="+c.args, "MNIST_NO_DATA=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := 0
		if e, ok := err.(*exec.ExitError); ok {
			code = e.ExitCode()
		}
		if code != 2 || strings.TrimSpace(stderr.String()) != c.want {
			t.Errorf("mnist %s: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr.String(), c.want)
		}
	}
}
