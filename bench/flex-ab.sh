#!/usr/bin/env bash
# A/B of two llmops jars on bench/flex.sh's function flow (run it once first to generate bench/work/flex):
# the same 10,000 lines, alternating jars, ROUNDS times each, with the launcher's JVM options and no class-data
# cache for either. Prints run lines/s (run.json duration) and command lines/s (whole process) per round.
#
#   bench/flex-ab.sh BEFORE.jar AFTER.jar [flow]      # flow: function (default), klass or dag
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/.." && pwd)
source "$root/bin/find-jdk"
llmops_find_jdk
java="$LLMOPS_JDK_HOME/bin/java"
work="$here/work/flex"
flow=${3:-function}
rounds=${ROUNDS:-3}
[[ -d $work/uc ]] || { echo "run bench/flex.sh first" >&2; exit 2; }
echo "| round | jar | run s | lines/s (run) | command s | lines/s (command) |"
echo "| --- | --- | --- | --- | --- | --- |"
for r in $(seq "$rounds"); do
  for label in before after; do
    jar=$1; [[ $label == after ]] && jar=$2
    runs="$work/ab/$label-$r"
    rm -rf "$runs"
    start=$(date +%s.%N)
    "$java" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" run -u "$work/uc" -f "$flow.yaml" \
      --runs-dir "$runs" --quiet >/dev/null 2>&1
    end=$(date +%s.%N)
    run_json=$(ls "$runs"/*/run.json)
    ms=$(jq -r '.duration_ms' "$run_json")
    ok=$(jq -r '.lines.completed' "$run_json")
    echo "| $r | $label | $(echo "scale=2; $ms / 1000" | bc) | $(echo "$ok * 1000 / $ms" | bc) |" \
      "$(echo "scale=2; ($end - $start) / 1" | bc) | $(echo "$ok / ($end - $start)" | bc) |"
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
