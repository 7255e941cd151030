#!/usr/bin/env bash
# llmops serve streaming benchmark: STREAMS concurrent POST /score with Accept: text/event-stream against one llm
# node served by `llmops serve`, its model bench/FakeOpenAiServer.java streaming CHUNKS chunks after LATENCY_MS
# (then one every CHUNK_MS). The client is bench/SseLoad.java (a bare java.net.http client, one virtual thread per
# stream). Prints the time to the first event and to the end of each stream, errors, the overhead over the model's
# own timing, and the server's peak RSS.
#   bench/sse.sh                     # 1000 streams, 1000 ms to the first chunk, 5 chunks 20 ms apart
#   STREAMS=200 LATENCY_MS=500 bench/sse.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
java_home=$("$root/bin/find-jdk")
java="$java_home/bin/java"
jar="$root/cli/target/llmops.jar"
[[ -f $jar ]] || { echo "bench: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
streams=${STREAMS:-1000}
latency=${LATENCY_MS:-1000}
chunks=${CHUNKS:-5}
gap=${CHUNK_MS:-20}
rounds=${ROUNDS:-3}
work="$here/work/sse"
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$java" -Xmx512m "$here/FakeOpenAiServer.java" --port 0 --latency-ms "$latency" --chunks "$chunks" --chunk-ms "$gap" \
  >"$work/fake.log" 2>&1 &
fake=$!
fport=""
for _ in $(seq 1 300); do fport=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$work/fake.log"); [[ -n $fport ]] && break; sleep 0.1; done
cat >"$work/bench.yaml" <<YAML
name: bench
type: open_ai
base_url: http://127.0.0.1:$fport/v1
api_key: \${BENCH_API_KEY}
YAML
port=$(free_port)
BENCH_API_KEY=bench-dummy-key "$java" -Xmx256m -XX:+UseSerialGC -jar "$jar" serve --flow "$work/flow" \
  --connection "bench=$work/bench.yaml" --port "$port" --max-concurrency 4096 >"$work/serve.log" 2>&1 &
serve=$!
trap 'kill "$serve" "$fake" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
( while kill -0 "$serve" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$serve/status"; sleep 0.5; done ) >"$work/rss.txt" &
sampler=$!
# One warm-up round of 200 streams, as a running service is warm; then the measured rounds.
"$java" "$here/SseLoad.java" --url "http://127.0.0.1:$port/score" --streams 200 --events "$chunks" >/dev/null
ideal_first=$latency
ideal_total=$((latency + (chunks - 1) * gap))
echo "| round | streams | errors | first event p50 / p99 / max ms | stream end p50 / p99 / max ms | p99 overhead (first / end) | load |" \
  | tee "$work/results.md"
echo "| --- | --- | --- | --- | --- | --- | --- |" | tee -a "$work/results.md"
for r in $(seq 1 "$rounds"); do
  out=$("$java" "$here/SseLoad.java" --url "http://127.0.0.1:$port/score" --streams "$streams" --events "$chunks")
  echo "$out" >>"$work/sseload.jsonl"
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$out" | jq -r --arg r "$r" --arg load "$load" --argjson f "$ideal_first" --argjson t "$ideal_total" \
    '"| \($r) | \(.streams) | \(.errors + .wrong_event_count) | \(.first_event_ms.p50) / \(.first_event_ms.p99) / \(.first_event_ms.max) | \(.stream_ms.p50) / \(.stream_ms.p99) / \(.stream_ms.max) | +\((.first_event_ms.p99 - $f) * 10 | round / 10) / +\((.stream_ms.p99 - $t) * 10 | round / 10) ms | \($load) |"' \
    | tee -a "$work/results.md"
done
kill "$sampler" 2>/dev/null || true
echo "model: first chunk after $ideal_first ms, last after $ideal_total ms; serve peak RSS $(( $(sort -n "$work/rss.txt" | tail -1) / 1024 )) MB (-Xmx256m, SerialGC)" \
  | tee -a "$work/results.md"
