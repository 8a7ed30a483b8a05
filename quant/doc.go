// Package quant will hold simdnn's int8 post-training quantization (affine
// scale and zero point per tensor, TFLite-style) and int8 inference, bit-exact
// on every implementation tier.
//
// It is empty until its issue lands: nothing here is implemented yet.
package quant
