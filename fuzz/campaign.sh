#!/usr/bin/env bash
# campaign.sh: run every fuzz target of packages fuzz, nn, quant and onnx for a while,
# natively and under qemu arm64, and print a markdown table of what ran.
#
#   bash fuzz/campaign.sh                      # 5m per target natively, 10⁵ execs under qemu
#   TIME=30s EXECS=2000 bash fuzz/campaign.sh  # a quick pass
#   PAR=2 ...                                  # targets run at once (default 2, one worker each)
#   QEMU_CPUS="max cortex-a72" ...             # arm64 CPU models (default both; "" skips qemu)
#   NATIVE=0 ...                               # skip the native runs
#
# Each row: where it ran, target, tiers compared with Generic (from the
# target's seed run), execs, new corpus entries, and the result. A failing
# input is written by go test to <pkg>/testdata/fuzz/<target>/ (commit it as
# a seed). Exit status 1 if any run failed. Needs ../shared/tools/cross-test
# for the qemu part.
set -uo pipefail
cd "$(dirname "$0")/.."
TIME=${TIME:-5m}
EXECS=${EXECS:-100000}
PAR=${PAR:-2}
QEMU_CPUS=${QEMU_CPUS-max cortex-a72}
tools=../shared/tools
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

targets=()
for pkg in ./fuzz ./nn ./quant ./onnx; do
	for f in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz'); do
		targets+=("$pkg:$f")
	done
done

# run WHERE PKG TARGET LOG: one fuzzing run, its output in LOG.
run() {
	local where=$1 pkg=$2 f=$3 log=$4
	if [ "$where" = native ]; then
		go test -run "^$f\$" -v "$pkg" >"$log.seed" 2>&1
		echo $? >"$log.seed.rc"
		go test -run '^$' -fuzz "^$f\$" -fuzztime "$TIME" -parallel 1 "$pkg" >"$log" 2>&1
	else
		QEMU_CPU=${where#qemu-} bash "$tools/cross-test" arm64 -run "^$f\$" -v "$pkg" >"$log.seed" 2>&1
		echo $? >"$log.seed.rc"
		QEMU_CPU=${where#qemu-} bash "$tools/cross-test" arm64 -run '^$' -fuzz "^$f\$" \
			-fuzztime "${EXECS}x" -parallel 1 "$pkg" >"$log" 2>&1
	fi
	echo $? >"$log.rc"
}

wheres=()
[ "${NATIVE:-1}" = 0 ] || wheres+=(native)
for c in $QEMU_CPUS; do wheres+=("qemu-$c"); done
jobs_running=0
for where in "${wheres[@]}"; do
	for t in "${targets[@]}"; do
		pkg=${t%%:*} f=${t#*:}
		run "$where" "$pkg" "$f" "$out/$where.$f" &
		jobs_running=$((jobs_running + 1))
		if [ "$jobs_running" -ge "$PAR" ]; then
			wait -n
			jobs_running=$((jobs_running - 1))
		fi
	done
done
wait

fail=0
echo "| where | target | tiers compared | execs | new corpus | result |"
echo "|---|---|---|---|---|---|"
for where in "${wheres[@]}"; do
	for t in "${targets[@]}"; do
		f=${t#*:} log="$out/$where.$f"
		tiers=$(grep -aom1 'tiers compared with Generic: \[[^]]*\]' "$log.seed" | sed 's/.*: //')
		[ -n "$tiers" ] || tiers="(loader)"
		last=$(grep -a 'fuzz: elapsed' "$log" | tail -1)
		execs=$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' <<<"$last")
		newc=$(sed -n 's/.*new interesting: \([0-9]*\).*/\1/p' <<<"$last")
		rc=$(cat "$log.rc")
		result=pass
		if [ "$rc" != 0 ] || [ "$(cat "$log.seed.rc")" != 0 ]; then
			result="FAIL"
			fail=1
			{ echo "== $where $f"; tail -n 30 "$log"; } >&2
		fi
		echo "| $where | $f | $tiers | ${execs:-?} | ${newc:-?} | $result |"
	done
done
exit $fail
