// Command bench measures every simdnn kernel on every implementation tier of
// this CPU, against the measured FMA peak and the Generic tier.
//
//	go run ./cmd/bench                      # human table
//	go run ./cmd/bench -list                # "<tier> available|unavailable" per tier, then "selected <tier>"
//	go run ./cmd/bench -json -kernel saxpy,sdot
//	go run ./cmd/bench -peak -impl AVX2
//	go run ./cmd/bench -kernel sgemm -shape "m=n=k=256;m=1,n=128,k=784"
//	go run ./cmd/bench -kernel sgemm -threads 2      # Sgemm split over 2 goroutines
//
// Each figure is the median of -reps timed repetitions of about -time each,
// after a warm-up. The -json output (one object per line: kernel, impl, shape,
// ns_per_op, gflops or elems_per_ns, allocs_per_op, threads) is a stable
// interface that other tools read.
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
	listFlag    = flag.Bool("list", false, "print every tier and whether this CPU has it, then exit")
	jsonFlag    = flag.Bool("json", false, "print one JSON object per measurement")
	peakFlag    = flag.Bool("peak", false, "also run the FMA peak probe of each tier (kernel peak_fma)")
	kernelFlag  = flag.String("kernel", "", "comma-separated kernels to run (default all)")
	implFlag    = flag.String("impl", "", "comma-separated tiers to run (default all this CPU has, and Generic)")
	shapeFlag   = flag.String("shape", "", `semicolon-separated shapes to run, e.g. "m=n=k=256;m=1,n=128,k=784;n=1024"`)
	timeFlag    = flag.Duration("time", 20*time.Millisecond, "target duration of one timed repetition")
	repsFlag    = flag.Int("reps", 5, "timed repetitions per measurement (the median is reported)")
	threadsFlag = flag.Int("threads", 1, "goroutines a kernel may use (simdnn.SetThreads); 0 = GOMAXPROCS")
)

func main() {
	flag.Parse()
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
	out := newReporter()
	if !*jsonFlag {
		fmt.Printf("cpu: %s (%s); tiers: %s; GOMAXPROCS %d, threads %d\n",
			cpuid.CPU.BrandName, cpuid.CPU.VendorString, strings.Join(impls, " "), runtime.GOMAXPROCS(0), simdnn.Threads())
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
	sort.Float64s(times)
	return result{
		nsPerOp: times[len(times)/2],
		// Truncated like testing.AllocsPerRun: the runtime's own rare
		// allocations during a long run do not count as the kernel's.
		allocsPerOp: float64((ms1.Mallocs - ms0.Mallocs) / uint64(iters*len(times))),
	}
}

// reporter prints results as JSON lines at once, or as a table at the end
// (where the Generic figure of each row is known).
type reporter struct {
	peak     float64            // GFLOP/s of the best tier's probe
	peakInt8 map[string]float64 // GOP/s of each tier's int8 probe
	rows     []result
	generic  map[string]result
}

func newReporter() *reporter {
	return &reporter{generic: map[string]result{}, peakInt8: map[string]float64{}}
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
	if *jsonFlag {
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
