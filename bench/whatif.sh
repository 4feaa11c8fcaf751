#!/usr/bin/env bash
# Times `cascade compare` of the baseline and two mitigations against one `cascade batch`
# of the same trials on bench/gen's model, whole process, alternating the two, and
# prints CPU seconds (user + system), wall seconds, the 1-minute load average before
# each run and the ratio compare / batch of CPU seconds per round. Issue 15's target:
# at most 3.3x. See bench/README.md.
#
#   bench/whatif.sh                 # 10,000 assets, 10,000 trials, 3 rounds
#   bench/whatif.sh 10000 10000 5   # assets, trials, rounds
#
# The model is bench/gen's with its default flags and --mitigations (hub_backup: a day
# of backup at the 20 most depended-on assets; power_backup: three days of backup
# power at 200 assets). The load cache is warmed first. Everything goes to bench/out/
# (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

assets=${1:-10000}
trials=${2:-10000}
rounds=${3:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/cascade" ./cmd/cascade
go build -o "$out/gen" ./bench/gen
export XDG_CACHE_HOME="$PWD/$out/xdg-cache"

model="$out/whatif-m$assets"
if [ ! -f "$model/mitigations.hcl" ]; then
  rm -rf "$model"
  "$out/gen" --assets "$assets" --mitigations --out "$model" >/dev/null
fi
batch=("$out/cascade" batch "$model" --scenario bench --trials "$trials" --seed 1 -q --format json)
compare=("$out/cascade" compare "$model" --scenario bench --mitigation hub_backup --mitigation power_backup
  --trials "$trials" --seed 1 --format json)
"${batch[@]}" --trials 2 >/dev/null 2>&1 # warm the cache
"${compare[@]}" --trials 2 >/dev/null 2>&1

# timed NAME CMD... runs CMD with stdout to bench/out/NAME.json and prints
# "load wall cpu".
timed() {
  local name=$1; shift
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%e %U %S' -o "$out/time.txt" "$@" >"$out/$name.json" 2>/dev/null
  read -r wall user sys <"$out/time.txt"
  awk -v l="$load" -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%s %.2f %.2f", l, w, u + s }'
}

printf '%-6s %8s %10s %10s %10s %10s %10s %10s %8s\n' round b_load b_wall_s b_cpu_s c_load c_wall_s c_cpu_s ratio_cpu met
for r in $(seq "$rounds"); do
  read -r bl bw bc <<<"$(timed whatif-batch "${batch[@]}")"
  read -r cl cw cc <<<"$(timed whatif-compare "${compare[@]}")"
  awk -v r="$r" -v bl="$bl" -v bw="$bw" -v bc="$bc" -v cl="$cl" -v cw="$cw" -v cc="$cc" \
    'BEGIN { x = cc / bc; printf "%-6s %8s %10.2f %10.2f %10s %10.2f %10.2f %9.2fx %8s\n", r, bl, bw, bc, cl, cw, cc, x, (x <= 3.3 ? "yes" : "no") }'
done
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(go version | cut -d' ' -f3-4); $(date -u '+%Y-%m-%d %H:%M UTC')"
