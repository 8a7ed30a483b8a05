#!/usr/bin/env bash
# Predicts the throughput of the NEON Sgemm microkernel's inner k loop with
# llvm-mca, from the instructions the Go toolchain really emits.
#
# Usage (from anywhere in the repository): bash kernels/mca.sh [FUNC INSN CPUS]
#
# Defaults: FUNC sgemm8x12NEON, INSN fmla, CPUS "cortex-a72 neoverse-n1". The
# int8 dot-product kernel: bash kernels/mca.sh gemmInt8Dot4 sdot neoverse-n1
# (Cortex-A72 has no SDOT).
#
# Steps: build the arm64 test binary of package simdnn (GOARCH=arm64 go test
# -c), disassemble sgemm8x12NEON with aarch64-linux-gnu-objdump, cut out the
# k loop (from the target of the first backward conditional branch to that
# branch), turn addresses into labels, and run llvm-mca-19 on it for
# Cortex-A72 and Neoverse-N1 (the A76-class model: LLVM 19's cortex-a76 reuses
# the A57 model). For each CPU it prints cycles per k iteration, fmla per
# cycle and the FMA utilisation against
#   - the model's own peak: the same fmla instructions alone, no loads or loop
#     overhead (Cortex-A72 issues one 128-bit fmla per cycle, its two FP pipes
#     are 64 bits wide; Neoverse-N1 two);
#   - the nominal 2 fmla per cycle of two 128-bit FMA pipes.
# Missing tools are installed with apt-get (binutils-aarch64-linux-gnu,
# llvm-19).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

name=${1:-sgemm8x12NEON}
insn=${2:-fmla}
cpus=${3:-cortex-a72 neoverse-n1}
fn="github.com/simdnn/simdnn.$name.abi0"
iterations=1000
mca=llvm-mca-19
objdump=aarch64-linux-gnu-objdump

need() { # need COMMAND PACKAGE: install PACKAGE when COMMAND is missing
	if ! command -v "$1" >/dev/null 2>&1; then
		echo "mca.sh: installing $2 for $1" >&2
		# A fresh machine may have no package lists yet: update once if needed.
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
	fi
}
need "$objdump" binutils-aarch64-linux-gnu
need "$mca" llvm-19

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

GOOS=linux GOARCH=arm64 go test -c -o "$tmp/simdnn.arm64.test" .

# Disassembly as llvm-mca input: "Laddr:<TAB>insn", branch targets as labels.
"$objdump" -d --no-show-raw-insn --disassemble="$fn" "$tmp/simdnn.arm64.test" |
	grep -E '^ +[0-9a-f]+:' |
	sed -E 's/ *\/\/.*$//; s/ <[^>]*>$//; s/^ +([0-9a-f]+):\t/L\1:\t/' |
	sed -E 's/^(L[0-9a-f]+:\t(b|b\.[a-z]+|cbz|cbnz|tbz|tbnz)\t(.*[ ,])?)([0-9a-f]+)$/\1L\4/' \
		>"$tmp/func.s"
if [ ! -s "$tmp/func.s" ]; then
	echo "mca.sh: $fn not found in the arm64 test binary" >&2
	exit 1
fi

# The k loop: the first conditional branch back to an earlier line.
awk '
	{ label = substr($1, 1, length($1) - 1); seen[label] = NR; line[NR] = $0 }
	$2 ~ /^b\.[a-z]+$/ && ($3 in seen) && !done {
		for (i = seen[$3]; i <= NR; i++) print line[i]
		done = 1
	}
' "$tmp/func.s" >"$tmp/kloop.s"
if [ ! -s "$tmp/kloop.s" ]; then
	echo "mca.sh: no k loop found in $fn" >&2
	exit 1
fi
# The same $insn instructions alone: the model's peak issue rate of them.
grep -P "\t$insn\t" "$tmp/kloop.s" | sed -E 's/^L[0-9a-f]+:\t/\t/' >"$tmp/peak.s"

nfmla=$(wc -l <"$tmp/peak.s")
ninsn=$(wc -l <"$tmp/kloop.s")
echo "k loop of $name: $ninsn instructions, $nfmla $insn per iteration"
sed -E 's/^L[0-9a-f]+:\t/\t/' "$tmp/kloop.s" | grep -vP "\t$insn\t"
echo "	... and $nfmla $insn"
echo

cycles() { # cycles FILE CPU: llvm-mca total cycles for $iterations iterations
	"$mca" -mtriple=aarch64 -mcpu="$2" -iterations="$iterations" "$1" |
		awk '/^Total Cycles:/ { print $3 }'
}

printf '%-12s %12s %12s %14s %12s %12s\n' cpu cycles/iter "$insn/cycle" "peak-$insn/cyc" 'util(model)' 'util(2/cyc)'
for cpu in $cpus; do
	total=$(cycles "$tmp/kloop.s" "$cpu")
	peak=$(cycles "$tmp/peak.s" "$cpu")
	awk -v c="$total" -v p="$peak" -v f="$nfmla" -v it="$iterations" -v cpu="$cpu" 'BEGIN {
		cpi = c / it; rate = f / cpi; peakrate = f / (p / it)
		printf "%-12s %12.2f %12.3f %14.3f %11.1f%% %11.1f%%\n", cpu, cpi, rate, peakrate, 100 * rate / peakrate, 100 * rate / 2
	}'
done
echo
echo "command: $mca -mtriple=aarch64 -mcpu={${cpus// /,}} -iterations=$iterations kloop.s"
