package data

import (
	"math"
	"strings"
	"testing"

	"github.com/simdnn/simdnn"
)

func TestOneHotArgmaxAccuracy(t *testing.T) {
	y := OneHot([]int{2, 0, 1}, 3)
	if y.Rows != 3 || y.Cols != 3 || y.At(0, 2) != 1 || y.At(1, 0) != 1 || y.At(2, 1) != 1 || y.At(0, 0) != 0 {
		t.Fatalf("OneHot: %v", y.Data)
	}
	if got := Argmax(nil, y); len(got) != 3 || got[0] != 2 || got[1] != 0 || got[2] != 1 {
		t.Errorf("Argmax(OneHot) = %v", got)
	}
	nan := float32(math.NaN())
	p := simdnn.MatrixFromRows([][]float32{{0.1, 0.7, 0.2}, {nan, 0.2, 0.3}, {0.5, 0.5, 0}, {nan, nan, nan}})
	if got := Argmax(make([]int, 0, 4), p); got[0] != 1 || got[1] != 2 || got[2] != 0 || got[3] != 0 {
		t.Errorf("Argmax = %v, want [1 2 0 0] (NaN never the largest, first on ties)", got)
	}
	one := simdnn.MatrixFromRows([][]float32{{0.49}, {0.5}, {0.9}})
	if got := Argmax(nil, one); got[0] != 0 || got[1] != 1 || got[2] != 1 {
		t.Errorf("Argmax of one column = %v", got)
	}
	if a := Accuracy(p, []int{1, 2, 1, 0}); a != 0.75 {
		t.Errorf("Accuracy = %v, want 0.75", a)
	}
	big := OneHot(make([]int, 200), 2) // more rows than Accuracy's buffer
	if a := Accuracy(big, make([]int, 200)); a != 1 {
		t.Errorf("Accuracy over 200 rows = %v", a)
	}
	labels := make([]int, 200)
	if n := testing.AllocsPerRun(10, func() { Accuracy(big, labels) }); n != 0 {
		t.Errorf("Accuracy: %v allocations", n)
	}
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"labels[1] = 3, want 0..2", func() { OneHot([]int{0, 3}, 3) }},
		{"classes = 0", func() { OneHot(nil, 0) }},
		{"2 rows for 3 labels", func() { Accuracy(simdnn.NewMatrix(2, 2), []int{0, 0, 0}) }},
	} {
		if msg := panicOf(c.f); !strings.Contains(msg, c.want) {
			t.Errorf("panic %q, want %q", msg, c.want)
		}
	}
}

func TestStandardizer(t *testing.T) {
	x := simdnn.MatrixFromRows([][]float32{{1, 5, 10}, {3, 5, 20}, {5, 5, 30}})
	s := FitStandardizer(x)
	if s.Mean[0] != 3 || s.Mean[1] != 5 || s.Mean[2] != 20 || s.Std[1] != 1 {
		t.Fatalf("FitStandardizer: %+v", s)
	}
	s.Apply(x)
	for j := 0; j < 3; j++ {
		var sum, sq float64
		for i := 0; i < 3; i++ {
			v := float64(x.At(i, j))
			sum += v
			sq += v * v
		}
		want := 3.0
		if j == 1 {
			want = 0 // a constant column: centred, not scaled
		}
		if math.Abs(sum) > 1e-6 || math.Abs(sq-want) > 1e-5 {
			t.Errorf("column %d after Apply: sum %v, sum of squares %v", j, sum, sq)
		}
	}
	if msg := panicOf(func() { s.Apply(simdnn.NewMatrix(1, 2)) }); !strings.Contains(msg, "2 columns, the Standardizer 3") {
		t.Errorf("Apply on 2 columns: %q", msg)
	}
	if msg := panicOf(func() { FitStandardizer(simdnn.MatrixFromRows([][]float32{{float32(math.Inf(1))}})) }); !strings.Contains(msg, "not finite") {
		t.Errorf("FitStandardizer of Inf: %q", msg)
	}
}

func TestSplit(t *testing.T) {
	x, y := simdnn.NewMatrix(10, 2), simdnn.NewMatrix(10, 1)
	for i := 0; i < 10; i++ {
		x.Set(i, 0, float32(i))
		x.Set(i, 1, float32(-i))
		y.Set(i, 0, float32(i))
	}
	xa, ya, xb, yb := Split(x, y, 0.3, 7)
	if xa.Rows != 7 || xb.Rows != 3 || ya.Rows != 7 || yb.Rows != 3 {
		t.Fatalf("Split sizes %d/%d", xa.Rows, xb.Rows)
	}
	seen := map[float32]bool{}
	for _, part := range [][2]simdnn.Matrix{{xa, ya}, {xb, yb}} {
		for i := 0; i < part[0].Rows; i++ {
			v := part[0].At(i, 0)
			if part[0].At(i, 1) != -v || part[1].At(i, 0) != v || seen[v] {
				t.Fatalf("row %v split apart or twice", v)
			}
			seen[v] = true
		}
	}
	xc, _, _, _ := Split(x, y, 0.3, 7)
	xd, _, _, _ := Split(x, y, 0.3, 8)
	if !equal(xa.Data, xc.Data) || equal(xa.Data, xd.Data) {
		t.Error("the same seed must give the same split, another seed another one")
	}
	if msg := panicOf(func() { Split(x, simdnn.NewMatrix(9, 1), 0.1, 1) }); !strings.Contains(msg, "10 rows and y 9") {
		t.Errorf("Split rows: %q", msg)
	}
}

func TestReadCSV(t *testing.T) {
	const in = "sepal,petal,species,weight\n1.5,2,setosa,3\n4,5e-1,virginica,6\n7,8,setosa,NaN\n"
	tb, err := ReadCSV(strings.NewReader(in), "species")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tb.Features, ",") != "sepal,petal,weight" || tb.X.Rows != 3 || tb.X.Cols != 3 || tb.X.At(1, 1) != 0.5 || !math.IsNaN(float64(tb.X.At(2, 2))) {
		t.Fatalf("features %v, X %v", tb.Features, tb.X)
	}
	if strings.Join(tb.Classes, ",") != "setosa,virginica" || tb.Labels()[1] != 1 || tb.OneHot().At(2, 0) != 1 {
		t.Errorf("classes %v, labels %v", tb.Classes, tb.Labels())
	}
	reg, err := ReadCSV(strings.NewReader("a,y\n1,0.5\n2,-3\n"), "y")
	if err != nil || reg.Classes != nil || reg.Y[1] != -3 || reg.YMatrix().At(0, 0) != 0.5 {
		t.Errorf("numeric labels: %+v, %v", reg, err)
	}
	all, err := ReadCSV(strings.NewReader("a,b\n1,2\n"), "")
	if err != nil || all.X.Cols != 2 || all.Y != nil {
		t.Errorf("no label: %+v, %v", all, err)
	}
	for _, c := range []struct{ in, label, want string }{
		{"", "y", "empty input"},
		{"a,b\n1,2\n", "y", `no column named "y"`},
		{"a,y\n1,2\nx,3\n", "y", `line 3, column "a": "x" is not a number`},
		{"a,y\n1,2\n,3\n", "y", `line 3, column "a": "" is not a number`},
		{"a,y\n\n1,2\n\n\"\n\",3\n", "y", `line 5, column "a": "\n" is not a number`},
		{"a,y\n1,2\n3\n", "y", "wrong number of fields"},
		{"y,y\n1,2\n", "y", "two columns named"},
	} {
		if _, err := ReadCSV(strings.NewReader(c.in), c.label); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadCSV(%q): %v, want %q", c.in, err, c.want)
		}
	}
	defer func(n int) { MaxCSVCells = n }(MaxCSVCells)
	MaxCSVCells = 4
	if _, err := ReadCSV(strings.NewReader("a,b\n1,2\n3,4\n5,6\n"), ""); err == nil || !strings.Contains(err.Error(), "MaxCSVCells") {
		t.Errorf("over MaxCSVCells: %v", err)
	}
}

func panicOf(f func()) (msg string) {
	defer func() { msg, _ = recover().(string) }()
	f()
	return ""
}

func equal(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
