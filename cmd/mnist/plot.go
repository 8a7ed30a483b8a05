package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// epochPoint is what -plot draws for one epoch.
type epochPoint struct {
	epoch             int
	loss              float64 // mean training loss
	trainAcc, testAcc float64 // fractions
}

// plotSVG writes a hand-made SVG of the run: on the left the mean training
// loss per epoch, on the right the train and test accuracy per epoch, each
// with axes, ticks and labels, and a title line saying what was trained.
func plotSVG(w io.Writer, title string, pts []epochPoint) error {
	const (
		width, height = 900, 420
		panelW        = 360
		top, bottom   = 70, 350 // plot area, y pixels
	)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="13">`+"\n",
		width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="28" text-anchor="middle" font-size="16">%s</text>`+"\n", width/2, escape(title))

	epochs := len(pts)
	xAt := func(left float64, e int) float64 { // epoch e (1-based) to x
		if epochs == 1 {
			return left + panelW/2
		}
		return left + float64(e-1)/float64(epochs-1)*panelW
	}
	var losses, train, test []float64
	for _, p := range pts {
		losses = append(losses, p.loss)
		train = append(train, 100*p.trainAcc)
		test = append(test, 100*p.testAcc)
	}

	// Left: loss, from 0 to a round value above the largest.
	lossMax := niceCeil(maxOf(losses))
	panel(&b, 70, top, bottom, panelW, 0, lossMax, "training loss (softmax cross-entropy)", "epoch", epochs, xAt)
	series(&b, losses, 70, top, bottom, 0, lossMax, xAt, "#1f77b4")

	// Right: accuracy in %, from a round value below the smallest to 100.
	lo := math.Floor(math.Min(minOf(train), minOf(test))/5) * 5
	lo = math.Max(0, math.Min(lo, 95))
	panel(&b, 510, top, bottom, panelW, lo, 100, "accuracy (%)", "epoch", epochs, xAt)
	series(&b, train, 510, top, bottom, lo, 100, xAt, "#2ca02c")
	series(&b, test, 510, top, bottom, lo, 100, xAt, "#d62728")
	legend(&b, 520, top+12, "#2ca02c", "train")
	legend(&b, 520, top+30, "#d62728", fmt.Sprintf("test (last %.2f %%)", test[len(test)-1]))

	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// panel draws axes, y ticks (5 intervals from lo to hi), x ticks (epochs),
// the y label above the axis and the x label below.
func panel(b *strings.Builder, left, top, bottom, w int, lo, hi float64, ylabel, xlabel string, epochs int, xAt func(float64, int) float64) {
	l := float64(left)
	fmt.Fprintf(b, `<text x="%d" y="%d">%s</text>`+"\n", left, top-14, escape(ylabel))
	fmt.Fprintf(b, `<path d="M%d %d V%d H%d" fill="none" stroke="black"/>`+"\n", left, top, bottom, left+w)
	for i := 0; i <= 5; i++ {
		v := lo + (hi-lo)*float64(i)/5
		y := yAt(v, top, bottom, lo, hi)
		fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`, left+1, y, left+w, y)
		fmt.Fprintf(b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y+4, tick(v))
	}
	step := max(1, (epochs+9)/10)
	for e := 1; e <= epochs; e += step {
		x := xAt(l, e)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black"/>`, x, bottom, x, bottom+5)
		fmt.Fprintf(b, `<text x="%.1f" y="%d" text-anchor="middle">%d</text>`+"\n", x, bottom+20, e)
	}
	fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle">%s</text>`+"\n", left+w/2, bottom+40, escape(xlabel))
}

// series draws one line with a dot per epoch.
func series(b *strings.Builder, v []float64, left, top, bottom int, lo, hi float64, xAt func(float64, int) float64, color string) {
	var pts []string
	for i, y := range v {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(float64(left), i+1), yAt(y, top, bottom, lo, hi)))
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), color)
	for _, p := range pts {
		xy := strings.Split(p, ",")
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`, xy[0], xy[1], color)
	}
	b.WriteString("\n")
}

func legend(b *strings.Builder, x, y int, color, label string) {
	fmt.Fprintf(b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text>`+"\n",
		x, y-4, x+20, y-4, color, x+26, y, escape(label))
}

// yAt maps v in [lo, hi] to the y pixel, clamped to the panel.
func yAt(v float64, top, bottom int, lo, hi float64) float64 {
	f := (v - lo) / (hi - lo)
	f = math.Max(0, math.Min(1, f))
	return float64(bottom) - f*float64(bottom-top)
}

// niceCeil rounds v > 0 up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func tick(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = math.Min(m, x)
	}
	return m
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
