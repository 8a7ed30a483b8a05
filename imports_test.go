package simdnn

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreImports pins the import graph of the packages a firmware-style
// program links for inference (simdnn and kernels): no fmt, flag or
// reflect (hundreds of KB in a static binary) and no klauspost/cpuid, on
// every architecture with assembly and on a pure-Go one. It needs the go
// command (skipped where it is absent, as under qemu).
func TestCoreImports(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command here")
	}
	banned := []string{"fmt", "flag", "reflect", "github.com/klauspost/cpuid/v2"}
	for _, arch := range []string{"amd64", "arm64", "arm", "riscv64"} {
		cmd := exec.Command(gobin, "list", "-deps", "github.com/simdnn/simdnn", "github.com/simdnn/simdnn/kernels")
		cmd.Env = append(cmd.Environ(), "GOOS=linux", "GOARCH="+arch)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("GOARCH=%s go list -deps: %v\n%s", arch, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range banned {
				if dep == b {
					t.Errorf("GOARCH=%s: the core imports %s", arch, dep)
				}
			}
		}
	}
}
