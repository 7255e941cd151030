#!/usr/bin/env bash
# llmops serve streaming benchmark: STREAMS concurrent POST /score with Accept: text/event-stream against one llm
# node served by `llmops serve`, its model bench/FakeOpenAiServer.java streaming CHUNKS chunks after LATENCY_MS
# (then one every CHUNK_MS). The client is bench/SseLoad.java (a bare java.net.http client, one virtual thread per
# stream). Prints the time to the first event and to the end of each stream, errors, the overhead over the model's
# own timing, and the server's peak RSS.
#   bench/sse.sh                     # 1000 streams, 1000 ms to the first chunk, 5 chunks 20 ms apart
#   STREAMS=200 LATENCY_MS=500 bench/sse.sh
set -euo pipefail
# shellcheck source=bench/serve-common.sh
source "$(dirname "$0")/serve-common.sh"
streams=${STREAMS:-1000}
latency=${LATENCY_MS:-1000}
chunks=${CHUNKS:-5}
gap=${CHUNK_MS:-20}
rounds=${ROUNDS:-3}
work="$here/work/sse"
write_flow "$work"
start_fake "$work/fake.log" --latency-ms "$latency" --chunks "$chunks" --chunk-ms "$gap"
start_serve "$work"
trap 'kill "$serve" "$fake" 2>/dev/null || true' EXIT
sample_rss "$work/rss.txt"
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
