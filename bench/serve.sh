#!/usr/bin/env bash
# llmops serve benchmark: one llm node served by `llmops serve`, its model bench/FakeOpenAiServer.java at a fixed
# latency, load from wrk (apt-get install -y wrk). Prints requests/s, latency percentiles, errors and the server's
# peak RSS for each scenario: "LATENCY_MS:CONNECTIONS:SECONDS", default "1000:1000:30 0:64:20".
#   bench/serve.sh                  # both scenarios
#   bench/serve.sh 1000:1000:30     # one
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
java_home=$("$root/bin/find-jdk")
java="$java_home/bin/java"
jar="$root/cli/target/llmops.jar"
[[ -f $jar ]] || { echo "bench: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
work="$here/work/serve"
ulimit -n 20000 2>/dev/null || true
rm -rf "$work" && mkdir -p "$work/flow"

cat >"$work/flow/flow.dag.yaml" <<'YAML'
inputs:
  question: {type: string}
outputs:
  answer: {type: string, reference: "${answer.output}"}
nodes:
- name: answer
  type: llm
  api: chat
  connection: bench
  source: {type: code, path: answer.jinja2}
  inputs: {model: gpt-4o-mini, question: "${inputs.question}"}
YAML
printf 'system:\nAnswer in one word.\nuser:\n{{ question }}\n' >"$work/flow/answer.jinja2"
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"question": "What is the capital of France?"}'
wrk.headers["Content-Type"] = "application/json"
LUA

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

run_scenario() { # $1 latency ms, $2 connections, $3 seconds
  local latency=$1 conns=$2 secs=$3 log="$work/fake-$1.log"
  "$java" -Xmx256m "$here/FakeOpenAiServer.java" --port 0 --latency-ms "$latency" >"$log" 2>&1 &
  local fake=$!
  local fport=""
  for _ in $(seq 1 300); do fport=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$log"); [[ -n $fport ]] && break; sleep 0.1; done
  cat >"$work/bench.yaml" <<YAML
name: bench
type: open_ai
base_url: http://127.0.0.1:$fport/v1
api_key: \${BENCH_API_KEY}
YAML
  local port; port=$(free_port)
  BENCH_API_KEY=bench-dummy-key "$java" -Xmx256m -XX:+UseSerialGC -jar "$jar" serve --flow "$work/flow" \
    --connection "bench=$work/bench.yaml" --port "$port" --max-concurrency 4096 >"$work/serve.log" 2>&1 &
  local serve=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
  # Warm the JIT of both servers, as a running service is warm.
  wrk -t2 -c64 -d5s -s "$work/post.lua" "http://127.0.0.1:$port/score" >/dev/null
  local peak=0
  ( while kill -0 "$serve" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$serve/status"; sleep 0.5; done ) >"$work/rss.txt" &
  local sampler=$!
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$work/post.lua" "http://127.0.0.1:$port/score" \
    >"$work/wrk-$latency.txt"
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$work/rss.txt" | tail -1)
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
