package main

import (
	"encoding/xml"
	"io"
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

// TestPlotSVG: the -plot SVG is well-formed XML with the loss line and the
// two accuracy lines, a dot per epoch on each, for one epoch and several,
// and the title escaped.
func TestPlotSVG(t *testing.T) {
	for _, epochs := range []int{1, 3, 25} {
		var pts []epochPoint
		for e := 1; e <= epochs; e++ {
			pts = append(pts, epochPoint{e, 0.3 / float64(e), 0.9 + 0.004*float64(e), 0.89 + 0.003*float64(e)})
		}
		var b strings.Builder
		if err := plotSVG(&b, "a <run> & more", pts); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(strings.NewReader(b.String()))
		counts := map[string]int{}
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%d epochs: not well-formed XML: %v", epochs, err)
			}
			if se, ok := tok.(xml.StartElement); ok {
				counts[se.Name.Local]++
			}
		}
		if counts["svg"] != 1 || counts["polyline"] != 3 || counts["circle"] != 3*epochs {
			t.Errorf("%d epochs: elements %v, want 1 svg, 3 polylines, %d circles", epochs, counts, 3*epochs)
		}
		if !strings.Contains(b.String(), "a &lt;run&gt; &amp; more") {
			t.Errorf("%d epochs: title not escaped", epochs)
		}
		if strings.Contains(b.String(), "NaN") || strings.Contains(b.String(), "Inf") {
			t.Errorf("%d epochs: NaN or Inf in the coordinates", epochs)
		}
	}
}
