package simdnn

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"github.com/simdnn/simdnn/kernels"
)

// TestTierEnv starts the test binary with SIMDNN_TIER set: Generic leaves no
// assembly tier, the lowest registered tier caps the others, and an unknown
// name is reported on standard error and ignored.
func TestTierEnv(t *testing.T) {
	if os.Getenv("SIMDNN_TIER_CHILD") != "" {
		t.Skip("child process")
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no child processes on " + runtime.GOOS)
	}
	all := kernels.List()
	detected := ""
	for _, name := range all {
		if kernels.Supported(name) {
			detected = name
		}
	}
	cases := []struct{ env, want, stderr string }{
		{"Generic", kernels.Generic, ""},
		{"NoSuchTier", detected, "SIMDNN_TIER=NoSuchTier names no tier"},
	}
	if detected == "" {
		cases[1].want = kernels.Generic
	}
	if len(all) > 0 && kernels.Supported(all[0]) {
		cases = append(cases, struct{ env, want, stderr string }{all[0], all[0], ""})
	}
	for _, c := range cases {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTierEnvChild$", "-test.v")
		cmd.Env = append(os.Environ(), "SIMDNN_TIER="+c.env, "SIMDNN_TIER_CHILD=1", "SIMDNN_WANT_TIER="+c.want)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestTierEnvChild") {
			t.Errorf("SIMDNN_TIER=%s: %v\n%s", c.env, err, out)
		}
		if (c.stderr == "") == strings.Contains(string(out), "names no tier") || c.stderr != "" && !strings.Contains(string(out), c.stderr) {
			t.Errorf("SIMDNN_TIER=%s: output %q, want the warning %q", c.env, out, c.stderr)
		}
	}
}

// TestTierEnvChild checks, in the child TestTierEnv starts, the tier
// SIMDNN_TIER left.
func TestTierEnvChild(t *testing.T) {
	want := os.Getenv("SIMDNN_WANT_TIER")
	if os.Getenv("SIMDNN_TIER_CHILD") == "" || want == "" {
		t.Skip("run by TestTierEnv")
	}
	if got := kernels.Current(); got != want {
		t.Fatalf("SIMDNN_TIER=%s: current tier %s, want %s", os.Getenv("SIMDNN_TIER"), got, want)
	}
	for _, name := range kernels.List() {
		if kernels.Supported(name) && name != want && want == kernels.Generic {
			t.Errorf("tier %s still supported under SIMDNN_TIER=Generic", name)
		}
	}
}
