#!/usr/bin/env bash
# Times cascade against the networkx peer (bench/peer/cascade_nx.py) on the same
# synthetic models, whole process, and prints a table. See bench/README.md.
#
#   bench/compare.sh                 # 10k, 100k and 1M assets, 4 dependencies each
#   bench/compare.sh 10000 100000    # chosen sizes
#   SKIP_PEER_ABOVE=100000 bench/compare.sh   # do not run the peer on larger models
#   REUSE=1 bench/compare.sh         # keep the models of an earlier run (same sizes, DEPS, SEED)
#
# Everything it writes goes to bench/out/ (ignored by git): the binaries, the
# models, the outputs, and the load cache (XDG_CACHE_HOME points there, so the
# user's own cache is not touched and "cold" means an empty cache).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
deps=${DEPS:-4}
seed=${SEED:-1}
skip_peer_above=${SKIP_PEER_ABOVE:-0}
out=bench/out
mkdir -p "$out"

py=${PYTHON:-/usr/bin/python3}
if ! "$py" -c 'import networkx' 2>/dev/null; then
  echo "compare.sh: $py cannot import networkx; install python3-networkx (apt-get install -y python3-networkx) or set PYTHON" >&2
  exit 1
fi

echo "building cascade and the generator" >&2
go build -o "$out/cascade" ./cmd/cascade
go build -o "$out/gen" ./bench/gen
export XDG_CACHE_HOME="$PWD/$out/xdg-cache"

# seconds runs a command with stdout to $1 and prints its wall time and its CPU
# time (user + system) in seconds, as WALL/CPU. The CPU time says how much work
# the process did, whatever else the machine was running.
seconds() {
  local dest=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$out/time.txt" "$@" > "$dest" || return 1
  awk '{ printf "%.2f/%.2f", $1, $2 + $3 }' "$out/time.txt"
}

# wall extracts the wall time of WALL/CPU.
wall() { echo "${1%%/*}"; }

# agree compares the failures, on_backup and sectors of two run --format json outputs.
agree() {
  "$py" - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def fails(d): return sorted((f["asset"], f["at_s"], bool(f.get("compromised"))) for f in d["failures"])
def backup(d): return sorted((x["asset"], x["since_s"], x["runs_out_s"]) for x in d.get("on_backup") or [])
def sectors(d): return sorted((x["sector"], x["first_impact_s"], x["failed_at_s"], round(x["failed_fraction"], 9)) for x in d["sectors"])
print("yes" if fails(a) == fails(b) and backup(a) == backup(b) and sectors(a) == sectors(b) else "NO")
EOF
}

rows=()
if ! [ -x /usr/bin/time ]; then
  echo "compare.sh: needs /usr/bin/time (Debian package time)" >&2
  exit 1
fi
for n in "${sizes[@]}"; do
  csv="$out/m$n-csv" json="$out/m$n-json"
  if [ "${REUSE:-}" = 1 ] && [ -f "$csv/dependencies.csv" ] && [ -f "$json/model.json" ]; then
    echo "reusing the models of $n assets" >&2
  else
    echo "generating $n assets" >&2
    rm -rf "$csv" "$json"
    "$out/gen" --assets "$n" --deps-per-asset "$deps" --seed "$seed" --format csv --out "$csv"
    "$out/gen" --assets "$n" --deps-per-asset "$deps" --seed "$seed" --format json --out "$json"
  fi
  edges=$(($(wc -l < "$csv/dependencies.csv") - 1 + 3))

  echo "cascade run, cold cache" >&2
  rm -rf "$XDG_CACHE_HOME"
  cold=$(seconds "$out/run-$n.json" "$out/cascade" run "$csv" --format json)
  echo "cascade run, warm cache" >&2
  warm=$(seconds "$out/run-$n-warm.json" "$out/cascade" run "$csv" --format json)
  nocache=$(seconds /dev/null "$out/cascade" run "$csv" --format json --no-cache 2>/dev/null || echo "-")

  peer="-" ratio_cold="-" ratio_warm="-" same="-"
  if [ "$skip_peer_above" -eq 0 ] || [ "$n" -le "$skip_peer_above" ]; then
    echo "networkx peer" >&2
    peer=$(seconds "$out/peer-$n.json" "$py" bench/peer/cascade_nx.py "$json/model.json")
    ratio_cold=$(awk -v p="$(wall "$peer")" -v c="$(wall "$cold")" 'BEGIN { printf "%.1fx", p / c }')
    ratio_warm=$(awk -v p="$(wall "$peer")" -v c="$(wall "$warm")" 'BEGIN { printf "%.1fx", p / c }')
    same=$(agree "$out/run-$n.json" "$out/peer-$n.json")
  fi
  failed=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["failures"]))' "$out/run-$n.json")
  rows+=("$(printf '| %9s | %9s | %7s | %11s | %11s | %11s | %13s | %9s | %9s | %5s |' \
    "$n" "$edges" "$failed" "$cold" "$warm" "$nocache" "$peer" "$ratio_cold" "$ratio_warm" "$same")")
done

echo
echo "Whole process, WALL/CPU seconds (CPU = user + system): \`cascade run MODEL --format json > FILE\` on the CSV model, \`cascade_nx.py MODEL.json > FILE\` on the same model as JSON. Ratios are of wall times."
echo
echo "| assets | edges | failed | cold | warm | no cache | networkx | peer/cold | peer/warm | agree |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"
printf '%s\n' "${rows[@]}"
echo
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
