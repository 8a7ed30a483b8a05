#!/usr/bin/env bash
# Predicts the throughput of the amd64 Sgemm microkernels' inner k loops and
# of the Sigmoid and Tanh loops with llvm-mca, from the instructions the Go
# toolchain really emits: AVX2 on Zen 1, Zen 4 and Skylake-X; AVX512 on Zen 4
# and Skylake-X (the speed figure for a tier the host lacks; on a host that
# has it, compare with what cmd/bench measures). For the activations it also
# prints elements per ns at 3.67 GHz, the Zen 4 clock measured in
# ../shared/anchors/RESULTS.md (issue 12 targets on Zen 4: Sigmoid AVX2 ≥ 3.5,
# AVX512 ≥ 5.2; on 2026-11-30 the model said 3.64 / 4.96 and cmd/bench
# measured 3.26 / 4.68).
#
# Usage (from anywhere in the repository): bash kernels/mca_amd64.sh
#
# Steps: build the test binary of package simdnn, disassemble each kernel
# with objdump, cut out the loop (from the target of the first backward
# jne/jmp to that jump), and run llvm-mca-19 on it and on its FMAs alone (the
# model's FMA peak). Prints cycles per iteration, FMA instructions per cycle
# and utilisation against that peak. Missing llvm-19 is installed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
iterations=1000
mca=llvm-mca-19
if ! command -v "$mca" >/dev/null 2>&1; then
	apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq llvm-19 >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOOS=linux GOARCH=amd64 go test -c -o "$tmp/simdnn.test" .

kloop() { # kloop FUNC OUT: the first backward-jump loop of FUNC, labelled
	objdump -d --no-show-raw-insn "--disassemble=github.com/simdnn/simdnn.$1.abi0" "$tmp/simdnn.test" |
		grep -E '^ +[0-9a-f]+:' |
		sed -E 's/ <[^>]*>$//; s/^ +([0-9a-f]+):\s+/L\1:\t/' |
		sed -E 's/^(L[0-9a-f]+:\tj[a-z]+ +)([0-9a-f]+)$/\1L\2/' |
		awk '
			{ label = substr($1, 1, length($1) - 1); seen[label] = NR; line[NR] = $0 }
			($2 == "jne" || $2 == "jmp") && ($3 in seen) && !done {
				for (i = seen[$3]; i <= NR; i++) print line[i]
				done = 1
			}' >"$2"
	if [ ! -s "$2" ]; then
		echo "mca_amd64.sh: no k loop found in $1" >&2
		exit 1
	fi
}

cycles() { # cycles FILE CPU
	"$mca" -mcpu="$2" -iterations="$iterations" "$1" 2>/dev/null | awk '/^Total Cycles:/ { print $3 }'
}

printf '%-18s %-14s %6s %12s %11s %14s %12s\n' kernel cpu insns cycles/iter fma/cycle peak-fma/cyc 'util(model)'
report() { # report FUNC CPU...
	local fn=$1 cpu total peak nfma ninsn
	shift
	kloop "$fn" "$tmp/$fn.s"
	grep -P '\tvfmadd' "$tmp/$fn.s" | sed -E 's/^L[0-9a-f]+:\t/\t/' >"$tmp/$fn.peak.s"
	nfma=$(wc -l <"$tmp/$fn.peak.s")
	ninsn=$(wc -l <"$tmp/$fn.s")
	for cpu in "$@"; do
		total=$(cycles "$tmp/$fn.s" "$cpu")
		peak=$(cycles "$tmp/$fn.peak.s" "$cpu")
		awk -v c="$total" -v p="$peak" -v f="$nfma" -v n="$ninsn" -v it="$iterations" -v fn="$fn" -v cpu="$cpu" 'BEGIN {
			cpi = c / it; rate = f / cpi; peakrate = f / (p / it)
			printf "%-18s %-14s %6d %12.2f %11.3f %14.3f %11.1f%%\n", fn, cpu, n, cpi, rate, peakrate, 100 * rate / peakrate
		}'
	done
}
report sgemm6x16AVX2 znver1 znver4 skylake-avx512
report sgemm8x32AVX512 znver4 skylake-avx512
echo

printf '%-18s %-14s %6s %12s %13s %18s\n' kernel cpu insns cycles/iter cycles/elem 'elem/ns @3.67GHz'
vec() { # vec FUNC LANES CPU...
	local fn=$1 lanes=$2 cpu total
	shift 2
	kloop "$fn" "$tmp/$fn.s"
	for cpu in "$@"; do
		total=$(cycles "$tmp/$fn.s" "$cpu")
		awk -v c="$total" -v n="$(wc -l <"$tmp/$fn.s")" -v l="$lanes" -v it="$iterations" -v fn="$fn" -v cpu="$cpu" 'BEGIN {
			cpi = c / it
			printf "%-18s %-14s %6d %12.2f %13.3f %18.2f\n", fn, cpu, n, cpi, cpi / l, 3.67 * l / cpi
		}'
	done
}
vec sigmoidAVX2 8 znver1 znver4 skylake-avx512
vec sigmoidAVX512 32 znver4 skylake-avx512
vec tanhAVX2 8 znver1 znver4 skylake-avx512
vec tanhAVX512 32 znver4 skylake-avx512
echo
echo "command: $mca -mcpu=CPU -iterations=$iterations kloop.s (and its vfmadd lines alone for the peak)"
