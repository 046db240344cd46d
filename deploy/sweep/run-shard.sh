#!/bin/sh
# One shard of a sweep, as a pod of a Kubernetes Indexed Job runs it: the shard index is the pod's
# completion index ($JOB_COMPLETION_INDEX, set by Kubernetes); the rest comes from the Job's
# environment (npm run sweep -- ... --emit k8s writes it). The shard's folder lives on the shared
# volume, so a retried pod resumes where its predecessor stopped.
set -eu
: "${JOB_COMPLETION_INDEX:?is set by Kubernetes for the pods of an Indexed Job}"
: "${SWEEP_SHARDS:?the number of shards (the Job's completions)}"
exec node "${SWEEP_APP:-/app}/dist-cli/sweep.mjs" \
  --config "${SWEEP_CONFIG:-/sweep/base.json}" \
  --grid "${SWEEP_GRID:-/sweep/grid.json}" \
  --shard "$JOB_COMPLETION_INDEX" --shards "$SWEEP_SHARDS" \
  --workers "${SWEEP_WORKERS:-1}" \
  ${SWEEP_MAX_EVENTS:+--max-events "$SWEEP_MAX_EVENTS"} \
  --out "${SWEEP_OUT:-/results}/shard-$JOB_COMPLETION_INDEX"
