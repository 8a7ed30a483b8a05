package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDigits runs the command on the sample digits (MNIST test images 0–4,
// named by their labels) and on malformed input.
func TestDigits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := filepath.Join(t.TempDir(), "firmware")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Skipf("cannot build here: %v\n%s", err, out)
	}
	files, _ := filepath.Glob("testdata/*.pgm")
	if len(files) == 0 {
		t.Fatal("no sample digits")
	}
	for _, f := range files {
		want := strings.TrimSuffix(f[strings.LastIndex(f, "label")+len("label"):], ".pgm")
		out, err := exec.Command(bin, f).Output()
		if err != nil || !strings.HasPrefix(string(out), "digit "+want+" ") {
			t.Errorf("%s: %q, %v; want digit %s", f, out, err, want)
		}
	}
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader("P5\n28 28\n255\n")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "784") {
		t.Errorf("a PGM without pixels: %q, %v", out, err)
	}
}

// TestDecode: PGM headers with comments, raw bytes, and what is refused.
func TestDecode(t *testing.T) {
	px := make([]byte, side*side)
	for i := range px {
		px[i] = byte(i)
	}
	for _, c := range []struct {
		in string
		ok bool
	}{
		{string(px), true},
		{"P5\n28 28\n255\n" + string(px), true},
		{"P5 # a comment\n28\t28 255\r" + string(px), true},
		{"P5\n28 27\n255\n" + string(px[:side*27]), false},
		{"P5\n28 28\n65535\n" + string(px), false},
		{"P5\n28 28\n255\n" + string(px[1:]), false},
		{"P2\n28 28\n255\n0", false},
		{"", false},
		{"P5", false},
	} {
		got, err := decode([]byte(c.in))
		if (err == nil) != c.ok {
			t.Errorf("decode(%.12q…): error %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && string(got) != string(px) {
			t.Errorf("decode(%.12q…): wrong pixels", c.in)
		}
	}
}
