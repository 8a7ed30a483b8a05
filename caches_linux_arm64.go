//go:build gc && !purego && !noasm

package simdnn

import "syscall"

// probeCaches reads the sizes of CPU 0's data and unified caches from
// /sys/devices/system/cpu/cpu0/cache/index*/ (level, type, size as "48K").
// Sizes it does not find (no sysfs, as in some containers) are 0.
func probeCaches() (l1, l2, l3 int) {
	for i := 0; i < 8; i++ {
		dir := "/sys/devices/system/cpu/cpu0/cache/index" + string(rune('0'+i)) + "/"
		level, kind, size := readSys(dir+"level"), readSys(dir+"type"), readSys(dir+"size")
		if level == "" {
			break
		}
		if kind != "Data" && kind != "Unified" {
			continue
		}
		bytes := parseSize(size)
		switch level {
		case "1":
			l1 = bytes
		case "2":
			l2 = bytes
		case "3":
			l3 = bytes
		}
	}
	return l1, l2, l3
}

// readSys returns the first line of a small sysfs file, or "".
func readSys(path string) string {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	defer syscall.Close(fd)
	var buf [64]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return ""
	}
	s := string(buf[:n])
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

// parseSize parses sysfs cache sizes: "48K", "1024K", "2M", or bytes; 0 if
// malformed.
func parseSize(s string) int {
	n, i := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		n = n*10 + int(s[i]-'0')
		if n > 1<<40 {
			return 0
		}
	}
	if i == 0 {
		return 0
	}
	switch s[i:] {
	case "":
		return n
	case "K":
		return n << 10
	case "M":
		return n << 20
	case "G":
		return n << 30
	}
	return 0
}
