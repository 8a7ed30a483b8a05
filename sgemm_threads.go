package simdnn

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// threads is the number of goroutines a large Sgemm may use; 0 means
// GOMAXPROCS at the time of the call.
var threads atomic.Int64

// SetThreads sets how many goroutines a large Sgemm may use and returns the
// previous setting. n <= 0 restores the default, GOMAXPROCS. With n == 1
// every kernel runs on the calling goroutine only and no goroutine is ever
// started. Results do not depend on the setting: each element of dst is
// computed by the same operations in the same order whatever the split.
// Worker goroutines are started on first use and kept for later calls.
func SetThreads(n int) int {
	prev := Threads()
	threads.Store(int64(max(n, 0)))
	return prev
}

// Threads returns the number of goroutines a large Sgemm may use.
func Threads() int {
	if n := threads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}

// gemmParallelMinFlops is the smallest Sgemm (2·m·n·k) that is split
// across goroutines: below it the hand-off costs more than it saves.
const gemmParallelMinFlops = 1 << 22

// gemmTask is one goroutine's share of a split Sgemm.
type gemmTask struct {
	gk          *gemmKernel
	dst, a, b   Matrix
	ta, tb      Transpose
	alpha, beta float32
	done        *sync.WaitGroup
}

// gemmSplit holds one split call's tasks; kept in a free list, so a steady
// stream of calls allocates nothing.
type gemmSplit struct {
	tasks [gemmMaxThreads]gemmTask
	done  sync.WaitGroup
}

const gemmMaxThreads = 64

var gemmSplits freeList[gemmSplit]

// The worker pool: persistent goroutines that run gemmTasks from gemmQueue.
var (
	gemmWorkersMu sync.Mutex
	gemmWorkers   int
	gemmQueue     = make(chan *gemmTask, gemmMaxThreads)
)

func ensureGemmWorkers(n int) {
	gemmWorkersMu.Lock()
	for ; gemmWorkers < n; gemmWorkers++ {
		go gemmWorker()
	}
	gemmWorkersMu.Unlock()
}

func gemmWorker() {
	for t := range gemmQueue {
		sgemmBlocked(t.gk, t.dst, t.alpha, t.a, t.ta, t.b, t.tb, t.beta)
		t.done.Done()
	}
}

// sgemmParallel splits a large Sgemm into Threads() shares of dst rows (or
// of columns, when dst is wide and short), in whole tiles, runs one share on
// the calling goroutine and the rest on the worker pool, and reports whether
// it did. alpha and k are not 0.
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
	ensureGemmWorkers(t - 1)
	sp := gemmSplits.get()
	for i := range t {
		lo, hi := units*i/t*unit, min(units*(i+1)/t*unit, size)
		task := &sp.tasks[i]
		*task = gemmTask{gk: gk, dst: dst, a: a, b: b, ta: ta, tb: tb, alpha: alpha, beta: beta, done: &sp.done}
		if byRows {
			task.dst = rowsOf(dst, NoTrans, lo, hi)
			task.a = rowsOf(a, ta, lo, hi)
		} else {
			task.dst = rowsOf(dst, Trans, lo, hi)
			task.b = rowsOf(b, 1-tb, lo, hi)
		}
	}
	sp.done.Add(t - 1)
	for i := 1; i < t; i++ {
		gemmQueue <- &sp.tasks[i]
	}
	own := &sp.tasks[0]
	sgemmBlocked(gk, own.dst, alpha, own.a, ta, own.b, tb, beta)
	sp.done.Wait()
	for i := range t {
		sp.tasks[i] = gemmTask{} // do not keep the caller's matrices alive
	}
	gemmSplits.put(sp)
	return true
}

// rowsOf returns the view of rows lo..hi of op(m): rows of m for NoTrans,
// columns of m for Trans.
func rowsOf(m Matrix, t Transpose, lo, hi int) Matrix {
	if t == NoTrans {
		return Matrix{Rows: hi - lo, Cols: m.Cols, Stride: m.Stride, Data: m.Data[lo*m.Stride : (hi-1)*m.Stride+m.Cols]}
	}
	return Matrix{Rows: m.Rows, Cols: hi - lo, Stride: m.Stride, Data: m.Data[lo : (m.Rows-1)*m.Stride+hi]}
}
