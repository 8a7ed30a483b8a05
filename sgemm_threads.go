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

// SetThreads sets how many goroutines a large Sgemm, SgemmEpilogue, Sgemv,
// AdamStep or AllFinite, or an SgemmBatch, may use and returns the previous
// setting. n <= 0 restores the default, GOMAXPROCS. With
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

// Threads returns the number of goroutines a large Sgemm, SgemmEpilogue,
// Sgemv, AdamStep or AllFinite, or an SgemmBatch, may use (see SetThreads).
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// gemmParallelMinFlops is the smallest Sgemm (2·m·n·k) that is split
// across goroutines: below it the hand-off costs more than it saves.
const gemmParallelMinFlops = 1 << 22

// gemvParallelMin is the smallest Sgemv (multiply-adds) split across
// goroutines: the 784×128 layer of an MLP at batch 1 (100352) is split.
const gemvParallelMin = 1 << 16

// A share is one goroutine's part of a split call: of an Sgemm (gk set), an
// Sgemv (y set), an AdamStep (adam.p set) or an AllFinite (finite set).
type share struct {
	gk          *gemmKernel
	dst, a, b   Matrix
	ta, tb      Transpose
	pb          packedView // op(b) prepacked, if pb.p is not nil (b unused)
	alpha, beta float32
	ep          Epilogue // the Sgemm's, its Bias cut to the share's columns
	epOn        bool
	y, x        []float32  // Sgemv's
	calls       []GemmCall // SgemmBatch's
	nested      bool       // its calls may split further (more threads than calls)
	adam        adamShare
	finite      []float32
	allFinite   bool          // AllFinite's result for finite, or AdamStep's
	pending     *atomic.Int32 // the split's shares not yet done by workers
}

// adamShare is a range of an AdamStep's vectors and its scalars.
type adamShare struct {
	p, g, m, v              []float32
	lr, b1, b2, c1, c2, eps float32
}

// run does the share on the calling goroutine.
func (s *share) run() {
	switch {
	case s.gk != nil:
		var ep *Epilogue
		if s.epOn {
			ep = &s.ep
		}
		sgemmBlocked(s.gk, s.dst, s.alpha, s.a, s.ta, s.b, s.tb, s.beta, s.pb, ep)
	case s.y != nil && s.pb.p != nil:
		sgemvPacked(s.y, s.alpha, s.pb, s.x, s.beta)
	case s.y != nil:
		sgemvSerial(s.y, s.alpha, s.a, s.ta, s.x, s.beta)
	case s.calls != nil:
		runCalls(s.calls, !s.nested)
	case s.adam.p != nil:
		a := &s.adam
		s.allFinite = adamStep(a.p, a.g, a.m, a.v, a.lr, a.b1, a.b2, a.c1, a.c2, a.eps)
	default:
		s.allFinite = allFinite(s.finite)
	}
}

// A split holds one split call's shares; kept in a free list, so a steady
// stream of calls allocates nothing.
type split struct {
	shares  [maxShares]share
	pending atomic.Int32
}

const maxShares = 64

var splits freeList[split]

// shareRange returns share i of t of size elements cut in whole units (the
// last unit may be partial): [lo, hi). The ranges depend on size, unit and
// t only.
func shareRange(size, unit, t, i int) (lo, hi int) {
	units := (size + unit - 1) / unit
	return units * i / t * unit, min(units*(i+1)/t*unit, size)
}

// The worker pool: persistent goroutines, each with a one-share slot. A
// caller claims idle workers (busy), stores a share in each slot, runs the
// shares it could not hand out itself, then polls the split's pending count
// until the workers are done. A worker that finishes a share keeps polling
// its slot for workerSpin before it blocks. Nobody parks while a split runs:
// a training step issues its Sgemm calls microseconds apart, and waking a
// parked goroutine on another thread took tens of microseconds on the
// 2-core VM this was measured on (a split m=64 n=128 k=784 ran slower than
// one thread, and a caller woken onto a polling worker's P waited for it).
type worker struct {
	busy     atomic.Bool // claimed by a caller until its share is done
	sleeping atomic.Bool // blocked on wake
	slot     atomic.Pointer[share]
	wake     chan struct{}
}

// workerSpin is how long an idle worker polls for a share before it blocks.
const workerSpin = 200 * time.Microsecond

var (
	workersMu sync.Mutex
	workers   atomic.Pointer[[]*worker] // grows only; replaced, never changed
)

// ensureWorkers starts workers until there are at least n.
func ensureWorkers(n int) {
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

// give hands s to w, which the caller has claimed.
func (w *worker) give(s *share) {
	w.slot.Store(s)
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
		var s *share
		if w.slot.Load() != nil { // poll by reading: a read-only loop
			s = w.slot.Swap(nil)
		}
		if s == nil {
			if spins%64 != 0 {
				continue
			}
			if time.Since(idleSince) < workerSpin {
				runtime.Gosched() // let waiting goroutines have this P
				continue
			}
			// Block. give stores the slot before it reads sleeping, and this
			// stores sleeping before it reads the slot again, so one of the
			// two sees the other: no share waits for a wake-up never sent.
			w.sleeping.Store(true)
			if s = w.slot.Swap(nil); s == nil {
				<-w.wake
				w.sleeping.Store(false)
				idleSince = time.Now()
				continue
			}
			w.sleeping.Store(false)
		}
		s.run()
		pending := s.pending // the last read of s: the caller may reuse it once pending drops
		w.busy.Store(false)
		pending.Add(-1)
		idleSince = time.Now()
	}
}

// sgemmParallel splits a large Sgemm into Threads() shares of dst rows (or
// of columns, when dst is wide and short), in whole tiles, and reports
// whether it split (see split.run). alpha and k are not 0; each share
// applies ep (if not nil) to its part of dst.
func sgemmParallel(gk *gemmKernel, dst Matrix, alpha float32, a Matrix, ta Transpose, b Matrix, tb Transpose, beta float32, pb packedView, ep *Epilogue) bool {
	_, k := a.op(ta)
	t := min(Threads(), maxShares)
	m, n := dst.Rows, dst.Cols
	if t <= 1 || 2*float64(m)*float64(n)*float64(k) < gemmParallelMinFlops { // no int overflow on 32 bits
		return false
	}
	byRows := m >= n || m >= 4*gk.mr*t
	size, unit := n, gk.nr
	if byRows {
		size, unit = m, gk.mr
	}
	if t = min(t, (size+unit-1)/unit); t <= 1 {
		return false
	}
	sp := splits.get()
	for i := range t {
		lo, hi := shareRange(size, unit, t, i)
		s := &sp.shares[i]
		*s = share{gk: gk, dst: dst, a: a, b: b, ta: ta, tb: tb, pb: pb, alpha: alpha, beta: beta, pending: &sp.pending}
		if ep != nil {
			s.ep, s.epOn = *ep, true
		}
		if byRows {
			s.dst = rowsOf(dst, NoTrans, lo, hi)
			s.a = rowsOf(a, ta, lo, hi)
		} else {
			s.dst = rowsOf(dst, Trans, lo, hi)
			if pb.p != nil {
				s.pb.c0 += lo // lo is whole tiles: gk.nr divides the panel width
			} else {
				s.b = rowsOf(b, 1-tb, lo, hi)
			}
			if s.ep.Bias != nil {
				s.ep.Bias = s.ep.Bias[lo:hi]
			}
		}
	}
	sp.run(t)
	sp.release(t)
	return true
}

// sgemvParallel splits an Sgemv into Threads() shares of y, in whole
// strips of the kernel (gemvTWide columns of a for op(a) = aᵀ, four rows
// otherwise), so that every element of y is computed as one goroutine
// would, and reports whether it split. alpha is not 0 and x not empty. If
// pb.p is not nil, op(a)ᵀ is its prepacked matrix (a and ta are not used),
// split in whole panels.
func sgemvParallel(y []float32, alpha float32, a Matrix, ta Transpose, x []float32, beta float32, pb packedView) bool {
	t := min(Threads(), maxShares)
	if t <= 1 || float64(len(x))*float64(len(y)) < gemvParallelMin || !asmOn() {
		return false
	}
	unit := 4
	switch {
	case pb.p != nil:
		unit = pb.p.width
	case ta == Trans:
		unit = gemvTWide
	}
	if t = min(t, (len(y)+unit-1)/unit); t <= 1 {
		return false
	}
	sp := splits.get()
	for i := range t {
		lo, hi := shareRange(len(y), unit, t, i)
		s := &sp.shares[i]
		*s = share{y: y[lo:hi], x: x, ta: ta, alpha: alpha, beta: beta, pending: &sp.pending}
		if pb.p != nil {
			s.pb = packedView{p: pb.p, c0: pb.c0 + lo}
		} else {
			s.a = rowsOf(a, ta, lo, hi)
		}
	}
	sp.run(t)
	sp.release(t)
	return true
}

// sgemmBatchParallel hands SgemmBatch's calls to Threads() goroutines in
// contiguous runs (see SgemmBatch) and reports whether it split.
func sgemmBatchParallel(calls []GemmCall) bool {
	threads := Threads()
	t := min(threads, maxShares, len(calls))
	if t <= 1 {
		return false
	}
	sp := splits.get()
	for i := range t {
		lo, hi := len(calls)*i/t, len(calls)*(i+1)/t
		sp.shares[i] = share{calls: calls[lo:hi:hi], nested: threads > t, pending: &sp.pending}
	}
	sp.run(t)
	sp.release(t)
	return true
}

// run runs the first t shares of sp: it hands shares to idle workers (at
// most GOMAXPROCS-1: a worker without a P of its own would only wait for the
// caller to yield), runs share 0 and the ones it could not hand out itself,
// and waits for the workers by polling. Which goroutine runs a share never
// changes its result.
func (sp *split) run(t int) {
	helpers := min(t, runtime.GOMAXPROCS(0))
	ensureWorkers(helpers - 1)
	given := 1 // shares[0] is the caller's own
	for ; given < helpers; given++ {
		w := claimWorker()
		if w == nil {
			break
		}
		sp.pending.Add(1)
		w.give(&sp.shares[given])
	}
	for i := range t {
		if i == 0 || i >= given {
			sp.shares[i].run()
		}
	}
	for spins := 0; sp.pending.Load() > 0; spins++ {
		if spins > 1<<16 { // a worker was descheduled: stop hogging this P
			runtime.Gosched()
		}
	}
}

// release clears the first t shares of sp, so that it keeps none of the
// caller's slices alive, and returns it to splits.
func (sp *split) release(t int) {
	for i := range t {
		sp.shares[i] = share{}
	}
	splits.put(sp)
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

// vecSplit returns a split for the t shares of an n-element vector (each
// share's range is shareRange(n, vecShareAlign, t, i); the caller fills in
// its vectors), or nil when n is too short to split.
func vecSplit(n int) (sp *split, t int) {
	t = min(Threads(), maxShares, (n+vecShareAlign-1)/vecShareAlign)
	if n < vecParallelMin || t <= 1 {
		return nil, 1
	}
	sp = splits.get()
	for i := range t {
		sp.shares[i].pending = &sp.pending
	}
	return sp, t
}

// adamParallel splits an AdamStep into contiguous shares (vecSplit); ok
// reports whether it did, finite AdamStep's result. Each element's update
// depends on that element only, so the results do not depend on the split.
func adamParallel(p, g, m, v []float32, lr, b1, b2, c1, c2, eps float32) (finite, ok bool) {
	sp, t := vecSplit(len(p))
	if sp == nil {
		return false, false
	}
	for i := range t {
		lo, hi := shareRange(len(p), vecShareAlign, t, i)
		sp.shares[i].adam = adamShare{p: p[lo:hi], g: g[lo:hi], m: m[lo:hi], v: v[lo:hi],
			lr: lr, b1: b1, b2: b2, c1: c1, c2: c2, eps: eps}
	}
	sp.run(t)
	finite = true
	for i := range t {
		finite = finite && sp.shares[i].allFinite
	}
	sp.release(t)
	return finite, true
}

// allFiniteParallel is AllFinite split like adamParallel; ok reports
// whether it split.
func allFiniteParallel(x []float32) (all, ok bool) {
	sp, t := vecSplit(len(x))
	if sp == nil {
		return false, false
	}
	for i := range t {
		lo, hi := shareRange(len(x), vecShareAlign, t, i)
		sp.shares[i].finite = x[lo:hi]
	}
	sp.run(t)
	all = true
	for i := range t {
		all = all && sp.shares[i].allFinite
	}
	sp.release(t)
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
