//go:build !race

package simdnn

const raceEnabled = false
