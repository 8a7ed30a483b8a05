// Package simdnn holds the numeric kernels of the simdnn library: single
// precision BLAS-like routines (Sgemm, Sgemv, Sger, Saxpy, Sdot, Sscal), the
// bias and reduction helpers that dense layers need (AddBias, SumRows) and
// the activations with their gradients (Sigmoid, Tanh, Relu, Softmax).
//
// Conventions, the same for every function:
//
//   - The destination comes first. Lengths come from the slices and shapes
//     from Matrix views; nothing is allocated.
//   - Misuse (mismatched shapes, short slices, bad strides) panics with a
//     message that starts with "simdnn.<Func>: ". Kernels never read or write
//     outside the elements their shapes name.
//   - An empty operation (n == 0, or a zero-sized matrix) returns at once.
//   - Element-wise kernels process n = len(x) elements and panic if dst is
//     shorter. dst may be exactly x (in place). Any other overlap between
//     what a kernel writes and what it reads panics ("simdnn.Saxpy: dst
//     overlaps x"); a strided view counts from its first element to its last.
//   - Each kernel runs the fastest implementation tier this CPU supports
//     (AVX2 or AVX512 on amd64, NEON on arm64, pure Go elsewhere). The tiers
//     and the accuracy bound each kernel guarantees are listed in package
//     github.com/simdnn/simdnn/kernels, which can also cap the tier.
//
// The build tags purego and noasm remove all assembly.
package simdnn
