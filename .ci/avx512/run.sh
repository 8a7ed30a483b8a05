#!/usr/bin/env bash
# Runs packages' tests on an emulated AVX-512 CPU: static test binaries run
# under init (init.go beside this) in a Linux guest under Bochs (CPU model
# corei7_skylake_x: AVX-512 F/CD/BW/DQ/VL). On a host without AVX-512 this
# is where the AVX512 tier's kernels execute at all (.ci/run uses it only
# there; an AVX-512 host runs the tier natively); speed under Bochs means
# nothing. One boot (4 to 9 minutes on a Zen 1) runs every package.
#
#   bash .ci/avx512/run.sh PKG... [-- go test flags, e.g. -test.run Sgemm]
#   bash .ci/avx512/run.sh --setup   (only install what it needs)
#   SIMDNN_EMU_FUZZ=N also runs every Fuzz target of the packages N times.
#   SIMDNN_EMU_CPU (a Bochs CPU model) and SIMDNN_EMU_TIER (the tier the
#   guest requires and runs) choose another CPU, SIMDNN_EMU_CLEARCPUID adds
#   features to hide from the guest kernel. Bochs 2.7's AVX-512 VNNI models
#   do not run the guest: corei7_icelake_u hangs it at "LSM: Security
#   Framework initializing" (also with rdseed,rdrand,la57,rdpid hidden),
#   tigerlake hangs it too; the AVX512VNNI tier runs natively only.
#
# Needs Debian's bochs, bochsbios, vgabios, isolinux, syslinux-common, xorriso
# and cpio (installed if missing) and a Debian cloud kernel (downloaded once
# into $SIMDNN_EMU_CACHE). The guest sets SIMDNN_REQUIRE=AVX512, so the tests
# fail if the tier is missing there, and SIMDNN_TIERS=AVX512, so per-tier
# tests run that tier only (native runs cover the others). Exit status: 0
# when every package passed.
# The guest kernel runs with clearcpuid=pku,xsaves,xsavec: Bochs 2.7 reports
# xstate sizes for those that Linux 6.1 rejects (it then disables AVX).
# Sound is the dummy driver: Bochs 2.7's default mixer thread aborts at start
# ("buffer overflow detected", in mixer_thread) on hosts where ALSA finds no
# card.
set -euo pipefail
cd "$(dirname "$0")/../.."
setup_only=
if [ "${1:-}" = --setup ]; then setup_only=1; shift; fi
fuzz_runs=${SIMDNN_EMU_FUZZ:-0} # > 0: also run every Fuzz target this many times
pkgs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do pkgs+=("$1"); shift; done
[ $# -gt 0 ] && shift
[ ${#pkgs[@]} -gt 0 ] || [ -n "$setup_only" ] || { echo "usage: run.sh [--setup] PKG... [-- test flags]"; exit 2; }
cache=${SIMDNN_EMU_CACHE:-/tmp/simdnn-emu}
cpu_model=${SIMDNN_EMU_CPU:-corei7_skylake_x}
tier=${SIMDNN_EMU_TIER:-AVX512}
timeout_s=${SIMDNN_EMU_TIMEOUT:-1500}
mkdir -p "$cache"

need=()
for p in bochs:/usr/bin/bochs-bin bochsbios:/usr/share/bochs/BIOS-bochs-latest \
	vgabios:/usr/share/vgabios/vgabios.bin isolinux:/usr/lib/ISOLINUX/isolinux.bin \
	syslinux-common:/usr/lib/syslinux/modules/bios/ldlinux.c32 xorriso:/usr/bin/xorriso \
	cpio:/usr/bin/cpio; do
	[ -e "${p#*:}" ] || need+=("${p%%:*}")
done
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -s "$cache/vmlinuz" ]; then
	kpkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
	(cd "$cache" && apt-get download "$kpkg" 2>&1 | grep -v unsandboxed || true)
	dpkg-deb -x "$cache/$kpkg"_*.deb "$cache/k"
	cp "$cache"/k/boot/vmlinuz-* "$cache/vmlinuz"
	rm -rf "$cache/k" "$cache/$kpkg"_*.deb
fi

[ -z "$setup_only" ] || exit 0

w=$(mktemp -d)
bx=
trap '[ -z "$bx" ] || kill "$bx" 2>/dev/null || true; [ -n "${SIMDNN_EMU_KEEP:-}" ] || rm -rf "$w"' EXIT
mkdir -p "$w/root/dev" "$w/root/proc" "$w/root/tmp" "$w/iso"
CGO_ENABLED=0 go build -o "$w/root/init" ./.ci/avx512
: >"$w/root/cmds"
i=0
for pkg in "${pkgs[@]}"; do
	mkdir -p "$w/root/work/$i"
	CGO_ENABLED=0 go test -c -o "$w/root/test$i" "$pkg"
	if [ -d "$pkg/testdata" ]; then cp -r "$pkg/testdata" "$w/root/work/$i/"; fi
	echo "/test$i /work/$i $*" >>"$w/root/cmds"
	if [ "$fuzz_runs" -gt 0 ]; then
		list=$("$w/root/test$i" -test.list '^Fuzz')
		for f in $(grep '^Fuzz' <<<"$list" || true); do
			echo "/test$i /work/$i -test.run=^\$ -test.fuzz=^$f\$ -test.fuzztime=${fuzz_runs}x -test.fuzzcachedir=/tmp/fuzzcache" >>"$w/root/cmds"
		done
	fi
	i=$((i + 1))
done
printf '%s\n' "SIMDNN_REQUIRE=$tier" "SIMDNN_TIERS=$tier" GOMAXPROCS=1 >"$w/root/env"
(cd "$w/root" && find . | cpio -o -H newc --quiet | gzip -1) >"$w/iso/initrd.gz"
cp "$cache/vmlinuz" "$w/iso/vmlinuz"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$w/iso/"
cat >"$w/iso/isolinux.cfg" <<CFG
default guest
label guest
  kernel /vmlinuz
  append initrd=/initrd.gz console=ttyS0 earlyprintk=serial,ttyS0 clearcpuid=pku,xsaves,xsavec${SIMDNN_EMU_CLEARCPUID:+,$SIMDNN_EMU_CLEARCPUID} panic=-1 nokaslr mitigations=off
CFG
xorriso -as mkisofs -quiet -o "$w/boot.iso" -b isolinux.bin -c boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$w/iso"
cat >"$w/bochsrc" <<RC
megs: 512
cpu: model=$cpu_model, count=1, ips=200000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
ata0-master: type=cdrom, path=$w/boot.iso, status=inserted
boot: cdrom
display_library: rfb, options="timeout=0"
com1: enabled=1, mode=file, dev=$w/serial.out
clock: sync=none, time0=local
log: $w/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
speaker: enabled=0
sound: driver=dummy
RC
: >"$w/serial.out"
echo "bochs: ${pkgs[*]} $* ($cpu_model CPU, tier $tier, timeout ${timeout_s}s)"
echo c >"$w/debugger.rc"
timeout "$timeout_s" bochs-bin -q -f "$w/bochsrc" -rc "$w/debugger.rc" </dev/null >"$w/bochs.stdout" 2>&1 &
bx=$!
tail -n +1 -f "$w/serial.out" --pid=$bx &
tailer=$!
while kill -0 $bx 2>/dev/null; do
	if grep -q '^SIMDNN-GUEST-EXIT' "$w/serial.out"; then
		sleep 1
		kill $bx 2>/dev/null || true
		break
	fi
	sleep 2
done
wait $bx 2>/dev/null || true
kill $tailer 2>/dev/null || true
code=$(sed -n 's/^SIMDNN-GUEST-EXIT \([0-9]*\).*/\1/p' "$w/serial.out" | tr -d '\r' | tail -1)
boots=$(grep -ac '^\[ *[0-9.]*\] Linux version' "$w/serial.out" || true)
if [ "$boots" -gt 1 ]; then
	echo "bochs: the guest booted $boots times (a kernel panic reboots it): failing"
	exit 1
fi
if [ -z "$code" ]; then
	echo "bochs: the guest never reported (timeout or crash); bochs log tail:"
	tail -n 20 "$w/bochs.log" "$w/bochs.stdout"
	exit 1
fi
exit "$code"
