#!/usr/bin/env bash
# llmops serve benchmark: one llm node served by `llmops serve`, its model bench/FakeOpenAiServer.java at a fixed
# latency, load from wrk (apt-get install -y wrk). Prints requests/s, latency percentiles, errors and the server's
# peak RSS for each scenario: "LATENCY_MS:CONNECTIONS:SECONDS", default "1000:1000:30 0:64:20".
#   bench/serve.sh                  # both scenarios
#   bench/serve.sh 1000:1000:30     # one
set -euo pipefail
# shellcheck source=bench/serve-common.sh
source "$(dirname "$0")/serve-common.sh"
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
work="$here/work/serve"
write_flow "$work"
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"question": "What is the capital of France?"}'
wrk.headers["Content-Type"] = "application/json"
LUA

run_scenario() { # $1 latency ms, $2 connections, $3 seconds
  local latency=$1 conns=$2 secs=$3
  start_fake "$work/fake-$latency.log" --latency-ms "$latency"
  start_serve "$work"
  # Warm the JIT of both servers, as a running service is warm.
  wrk -t2 -c64 -d5s -s "$work/post.lua" "http://127.0.0.1:$port/score" >/dev/null
  sample_rss "$work/rss.txt"
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$work/post.lua" "http://127.0.0.1:$port/score" \
    >"$work/wrk-$latency.txt"
  kill "$sampler" 2>/dev/null || true
  local peak; peak=$(sort -n "$work/rss.txt" | tail -1)
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$latency.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$latency.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$latency.txt")
  errors=$(awk '/Socket errors/ {print $0}' "$work/wrk-$latency.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$latency.txt")
  printf '| %s ms | %s | %s s | %s | %s | %s | %s | %s | %s MB |\n' "$latency" "$conns" "$secs" "$rps" "$p50" "$p99" \
    "${non2xx:-0}" "${errors:-none}" "$((peak / 1024))" | tee -a "$work/results.md"
  kill "$serve" "$fake"; wait "$serve" "$fake" 2>/dev/null || true
}

echo "| model latency | connections | duration | requests/s | p50 | p99 | non-2xx | socket errors | peak RSS |" | tee "$work/results.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |" | tee -a "$work/results.md"
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(1000:1000:30 0:64:20)
for s in "${scenarios[@]}"; do
  IFS=: read -r l c d <<<"$s"
  run_scenario "$l" "$c" "$d"
done
