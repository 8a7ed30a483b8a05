package simdnn

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// threads is the number of goroutines a large Sgemm may use; 0 means
// GOMAXPROCS at the time of the call.
var threads atomic.Int64

// SetThreads sets how many goroutines a large Sgemm or AdamStep may use and
// returns the previous setting. n <= 0 restores the default, GOMAXPROCS. With
// n == 1 every kernel runs on the calling goroutine only and no goroutine is
// ever started. Results do not depend on the setting: each element of dst is
// computed by the same operations in the same order whatever the split.
// Worker goroutines are started on first use and kept for later calls; no
// more than GOMAXPROCS-1 help one call. A worker keeps polling for work for
// 200 µs after its last share (one core busy) before it sleeps: waking a
// sleeping thread costs more than a split of a small network's layer saves.
func SetThreads(n int) int {
	prev := Threads()
	threads.Store(int64(max(n, 0)))
	return prev
}

// Threads returns the number of goroutines a large Sgemm or AdamStep may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// gemmParallelMinFlops is the smallest Sgemm (2·m·n·k) that is split
// across goroutines: below it the hand-off costs more than it saves.
const gemmParallelMinFlops = 1 << 22

// gemmTask is one goroutine's share of a split call: of an Sgemm (gk set),
// an AdamStep (adam.p set) or an AllFinite (finite set).
type gemmTask struct {
	gk          *gemmKernel
	dst, a, b   Matrix
	ta, tb      Transpose
	alpha, beta float32
	adam        adamShare
	finite      []float32
	allFinite   bool          // AllFinite's result for finite
	pending     *atomic.Int32 // the split's tasks not yet done
}

// adamShare is a range of an AdamStep's vectors and its scalars.
type adamShare struct {
	p, g, m, v              []float32
	lr, b1, b2, c1, c2, eps float32
}

// run does the share on the calling goroutine.
func (t *gemmTask) run() {
	switch {
	case t.gk != nil:
		sgemmBlocked(t.gk, t.dst, t.alpha, t.a, t.ta, t.b, t.tb, t.beta)
	case t.adam.p != nil:
		s := &t.adam
		adamStep(s.p, s.g, s.m, s.v, s.lr, s.b1, s.b2, s.c1, s.c2, s.eps)
	default:
		t.allFinite = allFinite(t.finite)
	}
}

// gemmSplit holds one split call's tasks; kept in a free list, so a steady
// stream of calls allocates nothing.
type gemmSplit struct {
	tasks   [gemmMaxThreads]gemmTask
	pending atomic.Int32
}

const gemmMaxThreads = 64

var gemmSplits freeList[gemmSplit]

// The worker pool: persistent goroutines, each with a one-task slot. A
// caller claims idle workers (busy), stores a task in each slot, runs the
// shares it could not hand out itself, then polls the split's pending count
// until the workers are done. A worker that finishes a task keeps polling
// its slot for workerSpin before it blocks. Nobody parks while a split runs:
// a training step issues its Sgemm calls microseconds apart, and waking a
// parked goroutine on another thread took tens of microseconds on the
// 2-core VM this was measured on (a split m=64 n=128 k=784 ran slower than
// one thread, and a caller woken onto a polling worker's P waited for it).
type worker struct {
	busy     atomic.Bool // claimed by a caller until its task is done
	sleeping atomic.Bool // blocked on wake
	slot     atomic.Pointer[gemmTask]
	wake     chan struct{}
}

// workerSpin is how long an idle worker polls for a task before it blocks.
const workerSpin = 200 * time.Microsecond

var (
	workersMu sync.Mutex
	workers   atomic.Pointer[[]*worker] // grows only; replaced, never changed
)

// ensureGemmWorkers starts workers until there are at least n.
func ensureGemmWorkers(n int) {
	if p := workers.Load(); p != nil && len(*p) >= n {
		return
	}
	workersMu.Lock()
	defer workersMu.Unlock()
	var list []*worker
	if p := workers.Load(); p != nil {
		list = *p
	}
	if len(list) >= n {
		return
	}
	grown := append(list[:len(list):len(list)], make([]*worker, n-len(list))...)
	for i := len(list); i < n; i++ {
		w := &worker{wake: make(chan struct{}, 1)}
		grown[i] = w
		go w.loop()
	}
	workers.Store(&grown)
}

// claimWorker returns an idle worker, now busy, or nil if none is idle.
func claimWorker() *worker {
	if p := workers.Load(); p != nil {
		for _, w := range *p {
			if w.busy.CompareAndSwap(false, true) {
				return w
			}
		}
	}
	return nil
}

// give hands t to w, which the caller has claimed.
func (w *worker) give(t *gemmTask) {
	w.slot.Store(t)
	if w.sleeping.Load() {
		select {
		case w.wake <- struct{}{}:
		default: // a wake-up is already pending
		}
	}
}

func (w *worker) loop() {
	idleSince := time.Now()
	for spins := 0; ; spins++ {
		var t *gemmTask
		if w.slot.Load() != nil { // poll by reading: a read-only loop
			t = w.slot.Swap(nil)
		}
		if t == nil {
			if spins%64 != 0 {
				continue
			}
			if time.Since(idleSince) < workerSpin {
				runtime.Gosched() // let waiting goroutines have this P
				continue
			}
			// Block. give stores the slot before it reads sleeping, and this
			// stores sleeping before it reads the slot again, so one of the
			// two sees the other: no task waits for a wake-up never sent.
			w.sleeping.Store(true)
			if t = w.slot.Swap(nil); t == nil {
				<-w.wake
				w.sleeping.Store(false)
				idleSince = time.Now()
				continue
			}
			w.sleeping.Store(false)
		}
		t.run()
		pending := t.pending
		w.busy.Store(false)
		pending.Add(-1)
		idleSince = time.Now()
	}
}

// sgemmParallel splits a large Sgemm into Threads() shares of dst rows (or
// of columns, when dst is wide and short), in whole tiles, hands shares to
// idle workers, runs the rest on the calling goroutine, and reports whether
// it split. The shares do not depend on how many workers were idle. alpha
// and k are not 0.
func sgemmParallel(gk *gemmKernel, dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32) bool {
	_, k := a.op(ta)
	t := min(Threads(), gemmMaxThreads)
	m, n := dst.Rows, dst.Cols
	if t <= 1 || 2*float64(m)*float64(n)*float64(k) < gemmParallelMinFlops { // no int overflow on 32 bits
		return false
	}
	byRows := m >= n || m >= 4*gk.mr*t
	size, unit := n, gk.nr
	if byRows {
		size, unit = m, gk.mr
	}
	units := (size + unit - 1) / unit
	t = min(t, units)
	if t <= 1 {
		return false
	}
	sp := gemmSplits.get()
	for i := range t {
		lo, hi := units*i/t*unit, min(units*(i+1)/t*unit, size)
		task := &sp.tasks[i]
		*task = gemmTask{gk: gk, dst: dst, a: a, b: b, ta: ta, tb: tb, alpha: alpha, beta: beta, pending: &sp.pending}
		if byRows {
			task.dst = rowsOf(dst, NoTrans, lo, hi)
			task.a = rowsOf(a, ta, lo, hi)
		} else {
			task.dst = rowsOf(dst, Trans, lo, hi)
			task.b = rowsOf(b, 1-tb, lo, hi)
		}
	}
	runSplit(sp, t)
	releaseSplit(sp, t)
	return true
}

// runSplit runs the first t tasks of sp: it hands tasks to idle workers (at
// most GOMAXPROCS-1: a worker without a P of its own would only wait for the
// caller to yield), runs task 0 and the ones it could not hand out itself,
// and waits for the workers by polling.
func runSplit(sp *gemmSplit, t int) {
	helpers := min(t, runtime.GOMAXPROCS(0))
	ensureGemmWorkers(helpers - 1)
	given := 1 // tasks[0] is the caller's own
	for ; given < helpers; given++ {
		w := claimWorker()
		if w == nil {
			break
		}
		sp.pending.Add(1)
		w.give(&sp.tasks[given])
	}
	for i := range t {
		if i == 0 || i >= given {
			sp.tasks[i].run()
		}
	}
	for spins := 0; sp.pending.Load() > 0; spins++ {
		if spins > 1<<16 { // a worker was descheduled: stop hogging this P
			runtime.Gosched()
		}
	}
}

// releaseSplit clears the first t tasks of sp, so that it keeps none of the
// caller's slices alive, and returns it to gemmSplits.
func releaseSplit(sp *gemmSplit, t int) {
	for i := range t {
		sp.tasks[i] = gemmTask{}
	}
	gemmSplits.put(sp)
}

// vecParallelMin is the length from which AdamStep and AllFinite split
// their vectors across goroutines, and vecShareAlign the granularity of the
// shares (whole cache lines when the vectors are aligned). Both split the
// same way, so that a training step's AllFinite checks read the parameters
// and optimizer state where its AdamStep left them, in each core's cache.
const (
	vecParallelMin = 1 << 15
	vecShareAlign  = 64
)

// vecShares returns how many shares a vector of n elements is split into
// (1: not split) and share i's range.
func vecShares(n int) int {
	if n < vecParallelMin {
		return 1
	}
	return max(1, min(Threads(), gemmMaxThreads, n/vecShareAlign))
}

func vecShare(n, t, i int) (lo, hi int) {
	units := n / vecShareAlign
	lo, hi = units*i/t*vecShareAlign, units*(i+1)/t*vecShareAlign
	if i == t-1 {
		hi = n
	}
	return lo, hi
}

// adamParallel splits an AdamStep into vecShares contiguous shares and
// reports whether it did. Each element's update depends on that element
// only, so the results do not depend on the split.
func adamParallel(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) bool {
	t := vecShares(len(p))
	if t <= 1 {
		return false
	}
	sp := gemmSplits.get()
	for i := range t {
		lo, hi := vecShare(len(p), t, i)
		sp.tasks[i] = gemmTask{adam: adamShare{p: p[lo:hi], g: g[lo:hi], m: m[lo:hi], v: v[lo:hi],
			lr: lr, b1: b1, b2: b2, c1: c1, c2: c2, eps: eps}, pending: &sp.pending}
	}
	runSplit(sp, t)
	releaseSplit(sp, t)
	return true
}

// allFiniteParallel is AllFinite split like adamParallel.
func allFiniteParallel(x []float32) (all, split bool) {
	t := vecShares(len(x))
	if t <= 1 {
		return false, false
	}
	sp := gemmSplits.get()
	for i := range t {
		lo, hi := vecShare(len(x), t, i)
		sp.tasks[i] = gemmTask{finite: x[lo:hi], pending: &sp.pending}
	}
	runSplit(sp, t)
	all = true
	for i := range t {
		all = all && sp.tasks[i].allFinite
	}
	releaseSplit(sp, t)
	return all, true
}

// rowsOf returns the view of rows lo..hi of op(m): rows of m for NoTrans,
// columns of m for Trans.
func rowsOf(m Matrix, t Transpose, lo, hi int) Matrix {
	if t == NoTrans {
		return Matrix{Rows: hi - lo, Cols: m.Cols, Stride: m.Stride, Data: m.Data[lo*m.Stride : (hi-1)*m.Stride+m.Cols]}
	}
	return Matrix{Rows: m.Rows, Cols: hi - lo, Stride: m.Stride, Data: m.Data[lo : (m.Rows-1)*m.Stride+hi]}
}
