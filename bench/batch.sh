#!/usr/bin/env bash
# Times `cascade batch` (Monte Carlo) on the generated model of bench/gen with 1 and 2
# workers, whole process, and prints trials per second (and the CPU time the hypervisor
# stole during each run, from /proc/stat), the 1-minute load average before each run and
# trials per CPU second (user + system): on a shared machine the ratio of the latter
# between -w 2 and -w 1 says how much of 2x the code could give on two free cores. See
# bench/README.md.
#
#   bench/batch.sh                  # 10,000 assets (40,000 dependencies), 20,000 trials, 3 rounds
#   bench/batch.sh 10000 20000 5    # assets, trials, rounds
#
# The model is bench/gen's with its default flags (scale-free, 4 suppliers per asset,
# 20% of the dependencies uncertain, scenario "bench" with a 7-day horizon). The load
# cache is warmed first, so the times are the trials plus a warm load (about 0.06 s at
# 10k). Everything goes to bench/out/ (ignored by git). The outputs of every run must
# be byte-identical (same seed, any number of workers); the script fails otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

assets=${1:-10000}
trials=${2:-20000}
rounds=${3:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/cascade" ./cmd/cascade
go build -o "$out/gen" ./bench/gen
export XDG_CACHE_HOME="$PWD/$out/xdg-cache"

model="$out/batch-m$assets"
if [ ! -d "$model" ]; then
  "$out/gen" --assets "$assets" --out "$model" >/dev/null
fi
"$out/cascade" validate "$model" | sed -n '2,6p'
"$out/cascade" batch "$model" --scenario bench --trials 1 -q --format json >/dev/null 2>&1 # warm the cache

# steal prints the CPU time (seconds, all CPUs) the hypervisor has taken from this
# machine since boot (/proc/stat), or 0 where that is not known: on a shared VM, time
# stolen during a run slows it down whatever the code does.
steal() {
  if [ -r /proc/stat ]; then
    awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print $9 / hz; exit }' /proc/stat
  else
    echo 0
  fi
}

printf '%-8s %-6s %6s %10s %10s %10s %12s %14s\n' round workers load1 wall_s cpu_s steal_s trials/s trials/cpu_s
want=""
for r in $(seq "$rounds"); do
  for w in 1 2; do
    s0=$(steal)
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S' -o "$out/time.txt" \
      "$out/cascade" batch "$model" --scenario bench --trials "$trials" --seed 1 -w "$w" -q --format json \
      >"$out/batch.json" 2>/dev/null
    stolen=$(awk -v a="$s0" -v b="$(steal)" 'BEGIN { print b - a }')
    read -r wall user sys <"$out/time.txt"
    sum=$(md5sum <"$out/batch.json" | cut -d' ' -f1)
    if [ -z "$want" ]; then want=$sum; elif [ "$sum" != "$want" ]; then
      echo "batch.sh: output of -w $w differs from the first run" >&2; exit 1
    fi
    awk -v r="$r" -v w="$w" -v l="$load" -v wall="$wall" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" -v st="$stolen" -v n="$trials" \
      'BEGIN { printf "%-8s %-6s %6s %10.2f %10.2f %10.2f %12.0f %14.0f\n", r, w, l, wall, cpu, st, n / wall, n / cpu }'
  done
done
echo "outputs byte-identical (md5 $want)"
