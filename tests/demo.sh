#!/bin/bash
# demo.sh - the main job, as `make demo` runs it: an ephemeral /tmp-like volume
# on zram with the default size, written to, inspected and destroyed.
# Runs the ephvol built in this tree; needs root (it creates a zram device).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
ephvol() { LD_LIBRARY_PATH="$top/build" "$top/build/ephvol" "$@"; }

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (ephvol creates a zram device and mounts it)" >&2
	exit 1
fi
name=demo-$$
dir=$(mktemp -d /run/ephvol-demo.XXXXXX)
cleanup() {
	ephvol destroy "$name" >/dev/null 2>&1 || true
	rmdir "$dir" 2>/dev/null || true
}
trap cleanup EXIT

echo "# ephvol create $name --mount $dir      (zram, default size min(RAM/2, 4G))"
ephvol create "$name" --mount "$dir"
echo "# write 64 MiB of compressible data and 16 MiB of random data"
{ yes "ephemeral scratch data" || true; } | head -c 64M >"$dir/text"
head -c 16M /dev/urandom >"$dir/random"
sync
ls -l "$dir"
echo "# ephvol status"
ephvol status -o name,backend,role,device,size,mountpoint,comp_algorithm,orig_data,compr_data,protection
echo "# ephvol status --json $name"
ephvol status --json "$name"
echo "# ephvol destroy $name"
ephvol destroy "$name"
echo "# after destroy: $(ephvol status --noheadings | wc -l) volumes; $dir is $(findmnt -n "$dir" >/dev/null && echo still mounted || echo unmounted)"
