#!/usr/bin/env bash
# mca_vec.sh: cycles per element of the NEON Sigmoid inner loop, estimated
# by llvm-mca from the compiled arm64 test binary.
# Recipe: shared ARM.md §5. Needs binutils-aarch64-linux-gnu and llvm-19
# (apt-get install -y binutils-aarch64-linux-gnu llvm-19).
#
# Usage: kernels/mca_vec.sh [function]   (default sigmoidNEON; tanhNEON and
# expSubSumNEON have the same loop shape)
set -euo pipefail

fn=${1:-sigmoidNEON}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Install what is missing (a fresh machine may have no package lists yet).
for pair in aarch64-linux-gnu-objdump:binutils-aarch64-linux-gnu llvm-mca-19:llvm-19; do
	tool=${pair%%:*} pkg=${pair#*:}
	if ! command -v "$tool" >/dev/null; then
		echo "mca_vec.sh: installing $pkg for $tool" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null; }
	fi
done

(cd "$root" && GOOS=linux GOARCH=arm64 go test -c -o "$tmp/simdnn.arm64.test" .)

# Disassemble, strip addresses into labels, turn branch targets into labels.
aarch64-linux-gnu-objdump -d --no-show-raw-insn \
	--disassemble="github.com/simdnn/simdnn.$fn.abi0" "$tmp/simdnn.arm64.test" |
	grep -E '^ +[0-9a-f]+:' |
	sed -E 's/ *\/\/.*$//; s/ <[^>]*>$//; s/^ +([0-9a-f]+):\t/L\1:\t/' |
	sed -E 's/^(L[0-9a-f]+:\t(b|b\.[a-z]+|cbz|cbnz|tbz|tbnz)\t(.*[ ,])?)([0-9a-f]+)$/\1L\4/' >"$tmp/f.s"

# The main loop: from its 4-register ld1 to the b.ge back to it.
start=$(grep -m1 -E 'ld1[[:space:]]+\{v0\.4s-v3\.4s\}' "$tmp/f.s" | cut -d: -f1)
[ -n "$start" ] || { echo "mca_vec.sh: no 16-lane loop found in $fn" >&2; exit 1; }
awk -v s="$start" '
	$0 ~ "^" s ":" { on = 1 }
	on { sub(/^L[0-9a-f]+:\t/, ""); print }
	on && $0 ~ "^b\\.ge\t" s "$" { exit }
' "$tmp/f.s" | sed -E 's/^b\.ge\tL[0-9a-f]+$/b.ge\tloop/' >"$tmp/body.s"
{ echo 'loop:'; cat "$tmp/body.s"; } >"$tmp/loop.s"
# Lanes per iteration: the bytes the loop's post-incremented ld1s read, / 4.
lanes=$(awk '/^ld1\t/ && /\[x1\], #/ { sub(/.*#/, ""); b += $0 } END { print b / 4 }' "$tmp/body.s")
echo "$fn: $(grep -c . "$tmp/body.s") instructions per $lanes-lane iteration"

iters=1000
for cpu in neoverse-n1 cortex-a72; do
	out=$(llvm-mca-19 -mtriple=aarch64 -mcpu="$cpu" -iterations="$iters" "$tmp/loop.s")
	cycles=$(awk '/^Total Cycles:/ { print $3 }' <<<"$out")
	ipc=$(awk '/^IPC:/ { print $2 }' <<<"$out")
	rthr=$(awk '/^Block RThroughput:/ { print $3 }' <<<"$out")
	awk -v c="$cycles" -v n="$iters" -v l="$lanes" -v cpu="$cpu" -v ipc="$ipc" -v r="$rthr" 'BEGIN {
		printf "%-12s %6d cycles / %d iterations, IPC %s, block RThroughput %s: %.2f cycles per element\n",
			cpu, c, n, ipc, r, c / (n * l) }'
done
