#!/usr/bin/env bash
# Flex-flow throughput: a trivial python function entry, a trivial python class entry (built once per worker) and
# a one-python-node DAG flow, each over the same lines with `llmops run`; a bare python loop doing the same work in
# one process is the floor. Prints lines/s per flow, over the run's own duration (run.json) and over the whole
# command (JVM start, validation, the run, the end), also to bench/work/flex-results.md.
#
#   bench/flex.sh                 # 10,000 lines
#   BENCH_FLEX_LINES=2000 bench/flex.sh
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/.." && pwd)
work="$here/work/flex"
lines=${BENCH_FLEX_LINES:-10000}
llmops="$root/llmops"
command -v jq >/dev/null || { echo "bench: jq is required (apt-get install -y jq)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "bench: python3 is required" >&2; exit 2; }

rm -rf "$work" && mkdir -p "$work/uc/data" "$work/uc/flows/function" "$work/uc/flows/klass" "$work/uc/flows/dag"
awk -v n="$lines" 'BEGIN { for (i = 0; i < n; i++) printf "{\"text\": \"line %d\"}\n", i }' >"$work/uc/data/lines.jsonl"
printf 'entry: work:shout\ninputs:\n  text: {type: string}\n' >"$work/uc/flows/function/flow.flex.yaml"
printf 'def shout(text: str):\n    return text.upper()\n' >"$work/uc/flows/function/work.py"
printf 'entry: work:Shout\ninputs:\n  text: {type: string}\ninit:\n  suffix: {type: string, default: "!"}\n' \
  >"$work/uc/flows/klass/flow.flex.yaml"
printf 'class Shout:\n    def __init__(self, suffix):\n        self.suffix = suffix\n\n    def __call__(self, text: str):\n        return text.upper() + self.suffix\n' \
  >"$work/uc/flows/klass/work.py"
cat >"$work/uc/flows/dag/flow.dag.yaml" <<'YAML'
inputs:
  text: {type: string}
outputs:
  output: {type: string, reference: "${shout.output}"}
nodes:
- name: shout
  type: python
  source: {type: code, path: shout.py}
  inputs: {text: "${inputs.text}"}
YAML
printf 'from promptflow import tool\n\n\n@tool\ndef shout(text: str):\n    return text.upper()\n' >"$work/uc/flows/dag/shout.py"
for flow in function klass dag; do
  cat >"$work/uc/$flow.yaml" <<YAML
name: flex_bench_$flow
flow: flows/$flow
datasets:
- name: lines
  source: data/lines.jsonl
  mappings:
    text: \${data.text}
YAML
done

# The launcher trains its class-data cache on the first start after a build: keep that out of the figures.
"$llmops" --help >/dev/null 2>&1
"$llmops" run -u "$work/uc" -f function.yaml --runs-dir "$work/runs/warmup" >/dev/null 2>&1
rm -rf "$work/runs/warmup"

floor_start=$(date +%s.%N)
python3 - "$work/uc/data/lines.jsonl" <<'PY'
import json, sys
out = [json.loads(line)["text"].upper() for line in open(sys.argv[1])]
PY
floor_end=$(date +%s.%N)
floor_s=$(echo "$floor_end - $floor_start" | bc)

{
  echo "| flow | lines | run s | lines/s (run) | p50 ms | command s | lines/s (command) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for flow in function klass dag; do
    start=$(date +%s.%N)
    "$llmops" run -u "$work/uc" -f "$flow.yaml" --runs-dir "$work/runs/$flow" >"$work/$flow.log" 2>&1
    end=$(date +%s.%N)
    run_json=$(ls "$work/runs/$flow"/*/run.json)
    ms=$(jq -r '.duration_ms' "$run_json")
    ok=$(grep -c '"status":"Completed"' "$(dirname "$run_json")/outputs.jsonl")
    p50=$(jq -s 'map(.latency_ms) | sort | .[length / 2 | floor]' "$(dirname "$run_json")/outputs.jsonl")
    echo "| $flow | $ok | $(echo "scale=2; $ms / 1000" | bc) | $(echo "$ok * 1000 / $ms" | bc) | $p50 | $(echo "scale=2; ($end - $start) / 1" | bc) | $(echo "$ok / ($end - $start)" | bc) |"
  done
  echo "| bare python loop (floor) | $lines | $(printf '%.2f' "$floor_s") | $(echo "$lines / $floor_s" | bc) | - | - | - |"
} | tee "$work/../flex-results.md"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
