#!/bin/bash
# Slurm job array: a cascade Monte Carlo batch split into 8 shards, one per array task.
#
#   sbatch examples/distributed/slurm-array.sh
#
# (from the folder that should hold results/; Slurm writes each task's output there,
# as cascade-<job>_<task>.out, before the script runs.)
#
# Each task runs shard SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN of
# SLURM_ARRAY_TASK_COUNT (both set by Slurm; --shard auto reads them) and writes
# results/part-<task>.json. A task that is preempted or requeued resumes from its
# checkpoint; to rerun a task that failed or was cancelled, requeue it, which keeps
# its array index (a new `sbatch --array=1` would be a one-task array, shard 0/1):
#
#   scontrol requeue <array job id>_<task>
#
# After the array finishes, combine the parts, for example with a dependent job. Use
# afterany, not afterok: afterok is never satisfied once a task was cancelled, even if
# its requeued run succeeds. merge refuses a missing shard and says which; if a task
# is requeued after the merge job ran, run the merge again once the task is done.
#
#   sbatch --dependency=afterany:<array job id> --wrap \
#     'cascade merge --format json -o results/result.json results/part-*.json'
#
# The merged result is byte-identical to a single `cascade batch` with the same
# arguments. Adjust the model path, scenario, trials and resources to your site.
#SBATCH --job-name=cascade-batch
#SBATCH --array=0-7
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=cascade-%A_%a.out

set -euo pipefail
mkdir -p results

MODEL=${MODEL:-examples/quickstart}
SCENARIO=${SCENARIO:-flood}
TRIALS=${TRIALS:-1000000}
SEED=${SEED:-20240101}

exec cascade batch "$MODEL" \
  --scenario "$SCENARIO" --trials "$TRIALS" --seed "$SEED" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" --quiet \
  --shard auto \
  --checkpoint "results/ckpt-${SLURM_ARRAY_TASK_ID}" \
  -o "results/part-${SLURM_ARRAY_TASK_ID}.json"
