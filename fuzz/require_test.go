package fuzz

import (
	"os"
	"os/exec"
	"testing"
)

// TestRequireFailsOnMissingTier: a fuzz target run with SIMDNN_REQUIRE naming
// a tier that is not available here fails instead of comparing fewer tiers
// without a word.
func TestRequireFailsOnMissingTier(t *testing.T) {
	if os.Getenv("SIMDNN_REQUIRE_CHILD") != "" {
		t.Skip("child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^FuzzSaxpy$")
	cmd.Env = append(os.Environ(), "SIMDNN_REQUIRE=NoSuchTier", "SIMDNN_REQUIRE_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("FuzzSaxpy passed with SIMDNN_REQUIRE=NoSuchTier:\n%s", out)
	}
}
