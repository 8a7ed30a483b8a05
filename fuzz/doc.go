// Package fuzz holds differential fuzz targets for package simdnn: each
// target runs one exported kernel with the Generic tier and then with every
// tier this CPU supports, and requires the results to agree within the bound
// the catalogue (package kernels) gives, bit for bit where it says exact.
//
//	go test -fuzz FuzzSgemm ./fuzz
//	../shared/tools/cross-test arm64 -run '^$' -fuzz FuzzSdot -fuzztime 20000x ./fuzz
//
// The package has no non-test code.
package fuzz
