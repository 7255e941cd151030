#!/usr/bin/env bash
# llmops serve streaming benchmark: STREAMS concurrent POST /score with Accept: text/event-stream (JSON=1:
# application/json, whole answers) against one llm node served by `llmops serve`, its model
# bench/FakeOpenAiServer.java streaming CHUNKS chunks after LATENCY_MS (then one every CHUNK_MS). The client is
# bench/SseLoad.java (a bare java.net.http client, one virtual thread per stream, all released at one instant).
# Each round is split by the fake model's own timestamps: when the client got to send (sent), when the calls reached
# the model (arrival), when the model answered (answer), when the first event and the end reached the client.
# SERVERS="llmops relay" (the default) runs the same rounds against `llmops serve` and against bench/BareHelidon.java
# relaying to the same fake (the same server library and HTTP client with nothing of llmops: the floor).
# WARM=1 opens the client's connections before each round (a client with a warm pool); without it every stream
# starts with a new connection.
#   bench/sse.sh                     # 1000 streams, 1000 ms to the first chunk, 5 chunks 20 ms apart
#   STREAMS=200 LATENCY_MS=500 SERVERS=llmops bench/sse.sh
set -euo pipefail
# shellcheck source=bench/serve-common.sh
source "$(dirname "$0")/serve-common.sh"
streams=${STREAMS:-1000}
latency=${LATENCY_MS:-1000}
chunks=${CHUNKS:-5}
gap=${CHUNK_MS:-20}
rounds=${ROUNDS:-3}
servers=${SERVERS:-llmops relay}
mode=()
[[ ${JSON:-0} == 1 ]] && mode+=(--json)
[[ ${WARM:-0} == 1 ]] && mode+=(--warm)
work="$here/work/sse"
write_flow "$work"
ideal_first=$latency
ideal_total=$((latency + (chunks - 1) * gap))
[[ ${JSON:-0} == 1 ]] && ideal_total=$latency
echo "| server | round | streams | errors | sent p99 | model arrival p50 / p99 | model answer p99 | first event p50 / p99 / max | end p99 | p99 overhead (first / end) | load |" \
  | tee "$work/results.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |" | tee -a "$work/results.md"
for server in $servers; do
  start_fake "$work/fake-$server.log" --latency-ms "$latency" --chunks "$chunks" --chunk-ms "$gap"
  if [[ $server == llmops ]]; then
    start_serve "$work"
  else
    start_bare relay "$work/bare.log"
  fi
  trap 'kill "$serve" "$fake" 2>/dev/null || true' EXIT
  sample_rss "$work/rss-$server.txt"
  # One warm-up round of 200 streams, as a running service is warm; then the measured rounds.
  "$java" "$here/SseLoad.java" --url "http://127.0.0.1:$port/score" --streams 200 --events "$chunks" "${mode[@]}" \
    >/dev/null
  for r in $(seq 1 "$rounds"); do
    out=$("$java" "$here/SseLoad.java" --url "http://127.0.0.1:$port/score" --streams "$streams" --events "$chunks" \
      --fake "http://127.0.0.1:$fport" "${mode[@]}")
    echo "$out" >>"$work/sseload.jsonl"
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "$out" | jq -r --arg s "$server" --arg r "$r" --arg load "$load" --argjson f "$ideal_first" \
      --argjson t "$ideal_total" \
      '"| \($s) | \($r) | \(.streams) | \(.errors + .wrong_event_count) | \(.sent_ms.p99) | \(.model_arrival_ms.p50) / \(.model_arrival_ms.p99) | \(.model_answer_ms.p99) | \(.first_event_ms.p50) / \(.first_event_ms.p99) / \(.first_event_ms.max) | \(.stream_ms.p99) | +\((.first_event_ms.p99 - $f) * 10 | round / 10) / +\((.stream_ms.p99 - $t) * 10 | round / 10) ms | \($load) |"' \
      | tee -a "$work/results.md"
  done
  kill "$sampler" "$serve" "$fake" 2>/dev/null || true
  wait "$serve" "$fake" 2>/dev/null || true
  echo "$server: peak RSS $(( $(sort -n "$work/rss-$server.txt" | tail -1) / 1024 )) MB ($(serve_jvm_options))" \
    | tee -a "$work/results.md"
done
echo "model: first chunk after $ideal_first ms, last after $ideal_total ms; times in ms from the instant the streams were released" \
  | tee -a "$work/results.md"
