#!/usr/bin/env bash
# The distributed path on a real scheduler: a one-node Slurm cluster on this machine
# runs examples/distributed/slurm-array.sh on a generated model, one array task is
# cancelled mid-run and requeued (it must say it resumed from its checkpoint at a
# trial past the start, and the others that they did not), a dependent job
# merges the parts, and the merged result must be byte-identical to a single-process
# `cascade batch` with the same seed.
#
#   examples/distributed/slurm-check.sh            # from the repository's root, as root
#
# Needs Debian's slurm-wlm and munge (installed with apt-get when missing and root),
# Go (to build cascade and generate the model), and root (slurmd runs jobs as their
# user; munged runs as the munge user). Everything the cluster writes is kept in a
# temporary folder, with its own slurm.conf (SLURM_CONF), so nothing in /etc/slurm is
# touched. The cluster is stopped at the end, whatever happens.
#
# Prints "PASS: ..." and exits 0, or "SKIP: <why>" and exits 77 when Slurm cannot run
# here, or "FAIL: <what>" and exits 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; dump; exit 1; }
say() { printf '[slurm-check %3ds] %s\n' "$SECONDS" "$*"; }

SHARDS=${SHARDS:-4}
TRIALS=${TRIALS:-400000}
SEED=${SEED:-20240101}

[ "$(id -u)" = 0 ] || skip "needs root to start slurmctld, slurmd and munged"
command -v go >/dev/null || skip "needs Go to build cascade"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || skip "slurm-wlm and munge are not installed and there is no apt-get"
  say "installing Debian's slurm-wlm and munge"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null) ||
    skip "apt-get could not install slurm-wlm and munge"
fi
for c in slurmctld slurmd munged sbatch squeue scontrol scancel sinfo; do
  command -v $c >/dev/null || skip "$c is missing after installing slurm-wlm and munge"
done

work=$(mktemp -d /tmp/cascade-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
dump() {
  set +e
  for f in "$work"/log/*.log "$work"/run/cascade-*.out; do
    [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
  done
}

# munge: a key of our own and munged as the munge user, on its own socket.
mkdir -p "$work/munge" "$work/log"
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null; then mungekey -c -k "$work/munge/munge.key"; else
    dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none; fi
else
  cp /etc/munge/munge.key "$work/munge/munge.key"
fi
chown -R munge:munge "$work/munge"
chmod 700 "$work/munge"
chmod 400 "$work/munge/munge.key"
mkdir -p "$work/munge-run"
chown munge:munge "$work/munge-run"
chmod 755 "$work/munge-run" # munged wants its socket's folder open to all
socket=$work/munge-run/munge.socket
runuser -u munge -- munged --foreground --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge-run/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
  >"$work/log/munged.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do munge -S "$socket" -n 2>/dev/null | unmunge -S "$socket" >/dev/null 2>&1 && break; sleep 0.2; done
munge -S "$socket" -n | unmunge -S "$socket" >/dev/null 2>&1 || skip "munged does not start here (see $work/log/munged.log)"

# slurm.conf: one node, this machine, with every path in $work. Array tasks of one
# CPU and DefMemPerCPU megabytes each, so that they run side by side.
node=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool" "$work/run"
port=$((16817 + RANDOM % 1000))
cat >"$work/slurm.conf" <<EOF
ClusterName=cascadecheck
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=200
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$((cpus * 400)) State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -D -i -f "$SLURM_CONF" >"$work/log/slurmctld.out.log" 2>&1 &
pids+=($!)
slurmd -D -N "$node" -f "$SLURM_CONF" >"$work/log/slurmd.out.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do
  state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "${state:-}" = idle ] || { dump; skip "the one-node cluster did not come up (node state '${state:-none}')"; }
say "one-node cluster up: $(sinfo -h -o '%P %D %C %T' | head -1) (Slurm $(sinfo -V | cut -d' ' -f2))"

# cascade and a generated model.
mkdir -p "$work/bin"
go build -o "$work/bin/cascade" ./cmd/cascade
export PATH=$work/bin:$PATH
go run ./bench/gen --assets 2000 --format csv --out "$work/run/model" >/dev/null
scenario=$(grep -hoE '^scenario "[^"]+"' "$work"/run/model/*.hcl | head -1 | cut -d'"' -f2)
[ -n "$scenario" ] || fail "the generated model has no scenario"
cd "$work/run"

# The example's array job, as shipped, with the trials of this check and one CPU per
# task. --chunk-size keeps checkpoints frequent, so a cancel loses little.
chunk=$((TRIALS / SHARDS / 64))
sed -e "s|--trials \"\$TRIALS\"|--trials \"\$TRIALS\" --chunk-size $chunk|" "$repo/examples/distributed/slurm-array.sh" >array.sh
grep -q -- "--chunk-size $chunk" array.sh || fail "could not set --chunk-size in the example"
job=$(MODEL=model SCENARIO=$scenario TRIALS=$TRIALS SEED=$SEED \
  sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task=1 --mem=300M --export=ALL array.sh)
job=${job%%;*}
say "submitted array job $job ($SHARDS tasks, $TRIALS trials, scenario $scenario)"

# Cancel task 1 once its checkpoint holds progress — a record after the header, which
# is written alone when the file is created — then requeue it.
victim=${job}_1
size() { stat -c %s "$1" 2>/dev/null || echo 0; }
header=0
for _ in $(seq 600); do
  s=$(size results/ckpt-1)
  [ "$header" = 0 ] && header=$s
  [ "$header" -gt 0 ] && [ "$s" -gt "$header" ] && break
  squeue -h -j "$victim" -o %T | grep -q . || fail "task 1 ended before its checkpoint held a chunk: run longer with TRIALS"
  sleep 0.1
done
[ "$(size results/ckpt-1)" -gt "$header" ] || fail "task 1's checkpoint holds no chunk after a minute"
sleep 1
running=$(squeue -h -j "$job" -t RUNNING -o %i | wc -l)
say "$running tasks running side by side; cancelling $victim mid-run"
[ "$running" -ge 2 ] || fail "the array tasks do not run side by side"
scancel "$victim"
for _ in $(seq 100); do
  st=$(scontrol show job "$victim" 2>/dev/null | grep -oE 'JobState=[A-Z_]+' | head -1 | cut -d= -f2)
  case "$st" in CANCELLED | COMPLETED | FAILED) break ;; esac
  sleep 0.2
done
[ "$st" = CANCELLED ] || fail "task 1 is $st after scancel, want CANCELLED"
[ ! -e results/part-1.json ] || fail "the cancelled task wrote its part"
say "task 1 cancelled; requeueing it with scontrol requeue"
for _ in $(seq 50); do
  scontrol requeue "$victim" 2>"$work/log/requeue.err" && break
  sleep 0.5
done

# The merge, as the README says: a job that runs after every task of the array,
# whatever they ended with; merge itself refuses a missing shard.
merge=$(sbatch --parsable --dependency=afterany:"$job" --output=merge-%j.out --wrap \
  "cascade merge --format json -o results/result.json results/part-*.json")
say "merge job $merge waits for the array"
for _ in $(seq 1200); do
  squeue -h -j "$job,$merge" -o %i 2>/dev/null | grep -q . || break
  sleep 0.5
done
squeue -h -j "$job,$merge" -o %i | grep -q . && fail "the array or the merge is still queued after 10 minutes"
for i in $(seq 0 $((SHARDS - 1))); do
  [ -s results/part-$i.json ] || fail "no part from task $i"
done

[ -s results/result.json ] || { cat merge-*.out; fail "the merge job wrote no result"; }

# The requeued task resumed from its checkpoint rather than starting over: its output
# (the Slurm --output file of the example, cascade-<job>_<task>.out) holds cascade's
# "resumed from checkpoint ... at trial K of N" with 0 < K < N, and the tasks that
# were not interrupted started afresh (no such line).
resumed=$(grep -hoE 'resumed from checkpoint results/ckpt-1 at trial [0-9]+ of [0-9]+' "cascade-${job}_1.out" 2>/dev/null | tail -1 || true)
[ -n "$resumed" ] || { tail -5 "cascade-${job}_1.out" 2>/dev/null; fail "the requeued task 1 does not say it resumed from its checkpoint (it started over?)"; }
k=$(echo "$resumed" | awk '{print $(NF-2)}')
n=$(echo "$resumed" | awk '{print $NF}')
[ "$k" -gt 0 ] && [ "$k" -lt "$n" ] || fail "task 1 $resumed: want 0 < K < N"
for i in $(seq 0 $((SHARDS - 1))); do
  [ "$i" = 1 ] && continue
  ! grep -q 'resumed from checkpoint' "cascade-${job}_$i.out" 2>/dev/null || fail "task $i, never interrupted, says it resumed"
done
say "requeued task 1 $resumed"

# The reference: one process, the same arguments.
cascade batch model --scenario "$scenario" --trials "$TRIALS" --seed "$SEED" --chunk-size "$chunk" \
  --quiet --format json -o single.json
cmp -s single.json results/result.json || {
  diff <(head -c 2000 single.json) <(head -c 2000 results/result.json) || true
  fail "the merged result differs from the single-process batch"
}
echo "PASS: Slurm array of $SHARDS tasks, task 1 cancelled mid-run and requeued with scontrol requeue, resumed at trial $k of $n from its checkpoint, merged by an afterany job: byte-identical to a single-process batch ($(wc -c <single.json) bytes)"
