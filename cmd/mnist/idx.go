package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// readIDX reads an IDX file (optionally gzip-compressed, by its first bytes)
// of unsigned bytes: it returns the dimensions and the data. It refuses
// types other than ubyte, more than 4 dimensions and sizes the file cannot
// hold.
func readIDX(path string) (dims []int, data []byte, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReader(f)
	var r io.Reader = br
	limit := st.Size()
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r, limit = gz, 1<<31 // compressed: the header sizes are checked against what is read
	}
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", path, err)
	}
	if hdr[0] != 0 || hdr[1] != 0 || hdr[2] != 0x08 || hdr[3] < 1 || hdr[3] > 4 {
		return nil, nil, fmt.Errorf("%s: not an IDX file of unsigned bytes (magic % x)", path, hdr)
	}
	dims = make([]int, hdr[3])
	n := int64(1)
	for i := range dims {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, nil, fmt.Errorf("%s: dimensions: %w", path, err)
		}
		dims[i] = int(d)
		n *= int64(d)
		if n > limit {
			return nil, nil, fmt.Errorf("%s: %v elements do not fit in the file", path, dims)
		}
	}
	data = make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, nil, fmt.Errorf("%s: data: %w", path, err)
	}
	return dims, data, nil
}

// findIDX returns the path of the IDX file base (e.g. "train-images-idx3-ubyte")
// in dir, compressed or not.
func findIDX(dir, base string) (string, error) {
	for _, name := range []string{base, base + ".gz", strings.ReplaceAll(base, "-idx", ".idx")} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no " + base + "[.gz] in " + dir)
}
