// Command bench measures every simdnn kernel on every implementation tier of
// this CPU, against the measured FMA peak and the Generic tier.
//
//	go run ./cmd/bench                      # human table
//	go run ./cmd/bench -list                # "<tier> available|unavailable" per tier, then "selected <tier>"
//	go run ./cmd/bench -json -kernel saxpy,sdot
//	go run ./cmd/bench -peak -impl AVX2
//	go run ./cmd/bench -kernel sgemm -shape "m=n=k=256;m=1,n=128,k=784"
//	go run ./cmd/bench -kernel sgemm -threads 2      # Sgemm split over 2 goroutines
//	go run ./cmd/bench -markdown -kernel sgemm,sigmoid   # a table a README can paste
//	go run ./cmd/bench -benchfmt -kernel sgemm > new.txt # for benchstat old.txt new.txt
//
// Each figure is the median of -reps timed repetitions of about -time each,
// after a warm-up. The -json output (one object per line: kernel, impl, shape,
// ns_per_op, gflops or elems_per_ns, allocs_per_op, threads) is a stable
// interface that other tools read. -markdown prints one row per kernel and
// shape with the tiers side by side, the best tier's share of the measured
// peak and its speed-up over Generic; -benchfmt prints Go benchmark lines, one
// per timed repetition (so benchstat sees -reps samples), under a header with
// the CPU.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/klauspost/cpuid/v2"

	"github.com/simdnn/simdnn"
	"github.com/simdnn/simdnn/kernels"
)

var (
	listFlag     = flag.Bool("list", false, "print every tier and whether this CPU has it, then exit")
	jsonFlag     = flag.Bool("json", false, "print one JSON object per measurement")
	markdownFlag = flag.Bool("markdown", false, "print a Markdown table: tiers side by side, % of the measured peak, speed-up over Generic")
	benchfmtFlag = flag.Bool("benchfmt", false, "print Go benchmark format (one line per repetition), for benchstat")
	peakFlag     = flag.Bool("peak", false, "also run the FMA peak probe of each tier (kernel peak_fma)")
	kernelFlag   = flag.String("kernel", "", "comma-separated kernels to run (default all)")
	implFlag     = flag.String("impl", "", "comma-separated tiers to run (default all this CPU has, and Generic)")
	shapeFlag    = flag.String("shape", "", `semicolon-separated shapes to run, e.g. "m=n=k=256;m=1,n=128,k=784;n=1024"`)
	timeFlag     = flag.Duration("time", 20*time.Millisecond, "target duration of one timed repetition")
	repsFlag     = flag.Int("reps", 5, "timed repetitions per measurement (the median is reported)")
	threadsFlag  = flag.Int("threads", 1, "goroutines a kernel may use (simdnn.SetThreads); 0 = GOMAXPROCS")
)

func main() {
	flag.Parse()
	if n := btoi(*jsonFlag) + btoi(*markdownFlag) + btoi(*benchfmtFlag); n > 1 {
		fmt.Fprintln(os.Stderr, "bench: -json, -markdown and -benchfmt exclude each other")
		os.Exit(2)
	}
	if *listFlag {
		fmt.Println(kernels.Generic, "available")
		for _, t := range kernels.List() {
			state := "unavailable"
			if kernels.Supported(t) {
				state = "available"
			}
			fmt.Println(t, state)
		}
		fmt.Println("selected", kernels.Current()) // what every kernel call uses (after SIMDNN_TIER)
		return
	}
	simdnn.SetThreads(*threadsFlag)
	impls := selectedImpls()
	wantKernel := set(*kernelFlag, ",")
	wantShape := set(*shapeFlag, ";")
	for s := range wantShape { // "m=n=k=256" is the same shape as "m=256,n=256,k=256"
		wantShape[canonicalShape(s)] = true
	}
	out := newReporter(impls)
	switch {
	case *benchfmtFlag:
		fmt.Printf("goos: %s\ngoarch: %s\npkg: github.com/simdnn/simdnn/cmd/bench\ncpu: %s\n", runtime.GOOS, runtime.GOARCH, cpuName())
	case !*jsonFlag:
		fmt.Printf("cpu: %s (%s); %s/%s, %s; tiers: %s (selected %s); GOMAXPROCS %d, threads %d\n",
			cpuName(), cpuid.CPU.VendorString, runtime.GOOS, runtime.GOARCH, runtime.Version(), strings.Join(impls, " "),
			kernels.Current(), runtime.GOMAXPROCS(0), simdnn.Threads())
		if *markdownFlag {
			fmt.Println()
		}
	}
	// The peak of the best tier is the 100 % of the table; -peak reports every tier.
	for _, impl := range impls {
		if impl == kernels.Generic && !*peakFlag || int8Tier[impl] { // an int8-only tier's probe is its float parent's
			continue
		}
		kernels.Select(impl)
		r := measure(func() { simdnn.PeakFMA(1 << 12) })
		r.kernel, r.impl, r.shape, r.flops = "peak_fma", impl, "iters=4096", float64(simdnn.PeakFMA(1<<12))
		if out.peak == 0 {
			out.peak = r.gflops()
		}
		if *peakFlag {
			out.add(r)
		}
	}
	// The int8 peak of each tier is the 100 % of its gemm_int8 rows.
	for _, impl := range impls {
		kernels.Select(impl)
		ops := simdnn.PeakInt8(1 << 12)
		if ops == 0 {
			continue
		}
		r := measure(func() { simdnn.PeakInt8(1 << 12) })
		r.kernel, r.impl, r.shape, r.flops, r.int8 = "peak_int8", impl, "iters=4096", float64(ops), true
		out.peakInt8[impl] = r.gflops()
		if *peakFlag {
			out.add(r)
		}
	}
	kernels.Reset()
	for _, c := range cases() {
		if len(wantKernel) > 0 && !wantKernel[c.kernel] || len(wantShape) > 0 && !wantShape[c.shape] {
			continue
		}
		run := c.setup()
		for _, impl := range impls {
			if !c.int8 && int8Tier[impl] {
				continue // the same float32 code as the tier below it
			}
			kernels.Select(impl)
			r := measure(run)
			r.kernel, r.impl, r.shape, r.flops, r.elems, r.int8 = c.kernel, impl, c.shape, c.flops, c.elems, c.int8
			out.add(r)
		}
		kernels.Reset()
	}
	out.flush()
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cpuName is the CPU's brand string, or what is known of it.
func cpuName() string {
	if cpuid.CPU.BrandName != "" {
		return cpuid.CPU.BrandName
	}
	return runtime.GOARCH + " CPU (brand unknown)"
}

// selectedImpls returns the tiers to run, best first, Generic last.
func selectedImpls() []string {
	want := set(*implFlag, ",")
	var impls []string
	for _, t := range kernels.List() {
		if kernels.Supported(t) && (len(want) == 0 || want[t]) {
			impls = append(impls, t)
		}
	}
	slices.Reverse(impls)
	if len(want) == 0 || want[kernels.Generic] {
		impls = append(impls, kernels.Generic)
	}
	for t := range want {
		if !kernels.Supported(t) {
			fmt.Fprintf(os.Stderr, "bench: tier %s is not available on this CPU\n", t)
		}
	}
	return impls
}

func set(s, sep string) map[string]bool {
	m := map[string]bool{}
	for _, v := range strings.Split(s, sep) {
		if v = strings.TrimSpace(v); v != "" {
			m[v] = true
		}
	}
	return m
}

// canonicalShape expands "m=n=k=256,ta=1" to "m=256,n=256,k=256,ta=1".
func canonicalShape(s string) string {
	var parts []string
	for _, p := range strings.Split(s, ",") {
		names := strings.Split(p, "=")
		if len(names) < 3 {
			parts = append(parts, p)
			continue
		}
		v := names[len(names)-1]
		for _, n := range names[:len(names)-1] {
			parts = append(parts, n+"="+v)
		}
	}
	return strings.Join(parts, ",")
}

// result is one measurement.
type result struct {
	kernel, impl, shape string
	int8                bool // flops counts integer operations (GOP/s)
	nsPerOp             float64
	times               []float64 // ns per op of each timed repetition
	iters               int       // calls per repetition
	allocsPerOp         float64
	flops, elems        float64 // per operation; one of them is 0
}

func (r result) gflops() float64 { return r.flops / r.nsPerOp }

func (r result) elemsPerNs() float64 { return r.elems / r.nsPerOp }

// measure times f: a warm-up, a calibration to about -time per repetition,
// then -reps repetitions; it returns the median time per call and the mean
// allocations per call.
func measure(f func()) result {
	f()
	iters := 1
	for {
		start := time.Now()
		for range iters {
			f()
		}
		if d := time.Since(start); d >= *timeFlag/4 || iters >= 1<<30 {
			iters = max(1, int(float64(iters)*float64(*timeFlag)/float64(max(d, 1))))
			break
		}
		iters *= 4
	}
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	times := make([]float64, *repsFlag)
	for i := range times {
		start := time.Now()
		for range iters {
			f()
		}
		times[i] = float64(time.Since(start).Nanoseconds()) / float64(iters)
	}
	runtime.ReadMemStats(&ms1)
	sorted := slices.Clone(times)
	sort.Float64s(sorted)
	return result{
		nsPerOp: sorted[len(sorted)/2],
		times:   times,
		iters:   iters,
		// Truncated like testing.AllocsPerRun: the runtime's own rare
		// allocations during a long run do not count as the kernel's.
		allocsPerOp: float64((ms1.Mallocs - ms0.Mallocs) / uint64(iters*len(times))),
	}
}

// reporter prints results as JSON lines at once, or as a table at the end
// (where the Generic figure of each row is known).
type reporter struct {
	impls    []string           // the tiers run, best first
	peak     float64            // GFLOP/s of the best tier's probe
	peakInt8 map[string]float64 // GOP/s of each tier's int8 probe
	rows     []result
	generic  map[string]result
}

func newReporter(impls []string) *reporter {
	return &reporter{impls: impls, generic: map[string]result{}, peakInt8: map[string]float64{}}
}

// int8Tier names the tiers that add only int8 kernels: float32 rows skip them.
var int8Tier = map[string]bool{"AVX512VNNI": true, "NEONDotProd": true}

func (p *reporter) add(r result) {
	if *jsonFlag {
		row := map[string]any{
			"kernel": r.kernel, "impl": r.impl, "shape": r.shape,
			"ns_per_op": round(r.nsPerOp, 4), "allocs_per_op": r.allocsPerOp, "threads": simdnn.Threads(),
		}
		if r.flops > 0 && r.int8 {
			row["gops"] = round(r.gflops(), 4)
		} else if r.flops > 0 {
			row["gflops"] = round(r.gflops(), 4)
		} else {
			row["elems_per_ns"] = round(r.elemsPerNs(), 4)
		}
		b, _ := json.Marshal(row)
		fmt.Println(string(b))
		return
	}
	if *benchfmtFlag {
		name := "Benchmark" + strings.ToUpper(r.kernel[:1]) + r.kernel[1:] + "/" + r.shape + "/impl=" + r.impl
		if n := runtime.GOMAXPROCS(0); n > 1 {
			name += fmt.Sprintf("-%d", n)
		}
		for _, ns := range r.times {
			line := fmt.Sprintf("%s\t%d\t%.1f ns/op", name, r.iters, ns)
			switch {
			case r.flops > 0 && r.int8:
				line += fmt.Sprintf("\t%.4g GOP/s", r.flops/ns)
			case r.flops > 0:
				line += fmt.Sprintf("\t%.4g GFLOP/s", r.flops/ns)
			default:
				line += fmt.Sprintf("\t%.4g elem/ns", r.elems/ns)
			}
			fmt.Printf("%s\t%g allocs/op\n", line, r.allocsPerOp)
		}
		return
	}
	if r.impl == kernels.Generic {
		p.generic[r.kernel+"|"+r.shape] = r
	}
	p.rows = append(p.rows, r)
}

func round(v float64, digits int) float64 {
	s := fmt.Sprintf("%.*g", digits+2, v)
	var out float64
	fmt.Sscan(s, &out)
	return out
}

func (p *reporter) flush() {
	if *jsonFlag || *benchfmtFlag {
		return
	}
	if *markdownFlag {
		p.markdown()
		return
	}
	fmt.Printf("%-13s %-30s %-10s %10s %9s %7s %10s %7s\n", "kernel", "shape", "tier", "G(FL)OP/s", "elem/ns", "%peak", "vs Generic", "allocs")
	for _, r := range p.rows {
		rate, elems, pct, speedup := "-", "-", "-", "-"
		if r.flops > 0 {
			rate = fmt.Sprintf("%.2f", r.gflops())
			peak := p.peak
			if r.int8 {
				peak = p.peakInt8[r.impl]
			}
			if peak > 0 {
				pct = fmt.Sprintf("%.1f", 100*r.gflops()/peak)
			}
		} else {
			elems = fmt.Sprintf("%.4g", r.elemsPerNs())
		}
		if g, ok := p.generic[r.kernel+"|"+r.shape]; ok { // rates: peak_fma's work per op differs by tier
			speedup = fmt.Sprintf("%.2fx", (r.flops+r.elems)/r.nsPerOp/((g.flops+g.elems)/g.nsPerOp))
		}
		fmt.Printf("%-13s %-30s %-10s %10s %9s %7s %10s %7.2g\n", r.kernel, r.shape, r.impl, rate, elems, pct, speedup, r.allocsPerOp)
	}
	if p.peak > 0 {
		fmt.Printf("100 %% = %.1f GFLOP/s, the FMA peak probe of the best tier in this run;", p.peak)
		fmt.Printf(" for int8 rows (GOP/s), the int8 probe of the row's tier\n")
	}
}

// markdown prints the rows as one Markdown table: a row per kernel and
// shape, a column per tier (best first), the unit, and for the best tier its
// share of the peak (float rows: the best tier's FMA probe; int8 rows: the
// probe of the tier) and its speed-up over Generic.
func (p *reporter) markdown() {
	type key struct{ kernel, shape string }
	var order []key
	cells := map[key]map[string]result{}
	for _, r := range p.rows {
		k := key{r.kernel, r.shape}
		if cells[k] == nil {
			cells[k] = map[string]result{}
			order = append(order, k)
		}
		cells[k][r.impl] = r
	}
	fmt.Print("| kernel | shape |")
	for _, impl := range p.impls {
		fmt.Printf(" %s |", impl)
	}
	fmt.Println(" unit | best tier, % of peak | best tier vs Generic |")
	fmt.Print("|---|---|")
	for range p.impls {
		fmt.Print("---:|")
	}
	fmt.Println("---|---:|---:|")
	for _, k := range order {
		row := cells[k]
		// Rates, higher is better; the forward passes in ns per image.
		unit, lower := "elem/ns", false
		rate := func(r result) float64 { return r.elemsPerNs() }
		for _, r := range row {
			switch {
			case r.flops > 0 && r.int8:
				unit, rate = "GOP/s", result.gflops
			case r.flops > 0:
				unit, rate = "GFLOP/s", result.gflops
			case strings.HasPrefix(r.kernel, "predict"):
				unit, lower = "ns/image", true
				rate = func(r result) float64 { return r.nsPerOp / r.elems }
			}
			break
		}
		better := func(v, than float64) bool { return than == 0 || v > than != lower && v != than }
		fmt.Printf("| %s | %s |", k.kernel, k.shape)
		best, bestImpl := 0.0, ""
		for _, impl := range p.impls {
			r, ok := row[impl]
			if !ok {
				fmt.Print(" – |")
				continue
			}
			v := rate(r)
			fmt.Printf(" %s |", num(v))
			if impl != kernels.Generic && better(v, best) {
				best, bestImpl = v, impl
			}
		}
		pct, speedup := "–", "–"
		if r, ok := row[bestImpl]; ok && r.flops > 0 {
			peak := p.peak
			if r.int8 {
				peak = p.peakInt8[r.impl]
			}
			if peak > 0 {
				pct = fmt.Sprintf("%.0f %%", 100*best/peak)
			}
		}
		if g, ok := row[kernels.Generic]; ok && bestImpl != "" && rate(g) > 0 {
			x := best / rate(g)
			if lower {
				x = 1 / x
			}
			speedup = fmt.Sprintf("%.1f×", x)
		}
		fmt.Printf(" %s | %s | %s |\n", unit, pct, speedup)
	}
	if p.peak > 0 {
		fmt.Printf("\n100 %% = %.1f GFLOP/s, the FMA peak probe of the best tier in this run (int8 rows: the int8 probe of the row's tier).\n", p.peak)
	}
}

// num formats a table figure: four significant digits, no exponent above 1000.
func num(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.4g", v)
}
