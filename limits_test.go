package simdnn

// Accuracy bounds of the catalogue (kernels/doc.go), enforced by the tests.
const (
	sigmoidAbsErr = 3e-7
	tanhAbsErr    = 3e-7
)
