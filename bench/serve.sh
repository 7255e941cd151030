#!/usr/bin/env bash
# llmops serve benchmark: one llm node served by `llmops serve`, its model bench/FakeOpenAiServer.java at a fixed
# latency, load from wrk (apt-get install -y wrk). Prints requests/s, latency percentiles, errors and the server's
# peak RSS for each scenario: "LATENCY_MS:CONNECTIONS:SECONDS[:SERVER]", SERVER one of llmops (the default), relay
# (bench/BareHelidon.java making the same model call with nothing of llmops: the floor for llmops at that latency)
# and constant (BareHelidon answering a constant JSON, no model call: the zero-latency comparison of issue 12).
# Default: each 1,000-connection scenario at 1 s against llmops and the bare relay, then 64 connections at 0 ms
# against llmops and the constant server, each pair in the same run.
#   bench/serve.sh                  # every default scenario
#   bench/serve.sh 1000:1000:30     # one
#   WARM_SECONDS=20                 # the warm-up before each scenario (64 connections)
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

run_scenario() { # $1 latency ms, $2 connections, $3 seconds, $4 server
  local latency=$1 conns=$2 secs=$3 server=${4:-llmops}
  start_fake "$work/fake-$latency.log" --latency-ms "$latency"
  if [[ $server == llmops ]]; then
    start_serve "$work"
  else
    start_bare "$server" "$work/bare-$server.log"
  fi
  # Warm the JIT of both servers, as a running service is warm: C2 needs ~20 s of this load to settle (after 5 s
  # llmops served a third of its settled rate).
  wrk -t2 -c64 -d"${WARM_SECONDS:-20}s" -s "$work/post.lua" "http://127.0.0.1:$port/score" >/dev/null
  local load0; load0=$(cut -d' ' -f1 /proc/loadavg)
  sample_rss "$work/rss.txt"
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$work/post.lua" "http://127.0.0.1:$port/score" \
    >"$work/wrk-$latency-$server.txt"
  kill "$sampler" 2>/dev/null || true
  local peak; peak=$(sort -n "$work/rss.txt" | tail -1)
  local rps p50 p99 errors non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$latency-$server.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk-$latency-$server.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk-$latency-$server.txt")
  errors=$(awk '/Socket errors/ {print $0}' "$work/wrk-$latency-$server.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk-$latency-$server.txt")
  printf '| %s | %s ms | %s | %s s | %s | %s | %s | %s | %s | %s MB | %s / %s |\n' "$server" "$latency" "$conns" "$secs" \
    "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:-none}" "$((peak / 1024))" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" \
    | tee -a "$work/results.md"
  kill "$serve" "$fake"; wait "$serve" "$fake" 2>/dev/null || true
}

echo "| server | model latency | connections | duration | requests/s | p50 | p99 | non-2xx | socket errors | peak RSS | load start / end |" \
  | tee "$work/results.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |" | tee -a "$work/results.md"
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(1000:1000:30 1000:1000:30:relay 0:64:20 0:64:20:constant)
for s in "${scenarios[@]}"; do
  IFS=: read -r l c d v <<<"$s"
  run_scenario "$l" "$c" "$d" "$v"
done
