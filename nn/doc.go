// Package nn will hold simdnn's allocation-free training (dense layers,
// activations, losses, optimizers, dropout) and float32 inference, built on
// the kernels of package simdnn so that it runs on every implementation tier.
//
// It is empty until its issue lands: nothing here is implemented yet.
package nn
