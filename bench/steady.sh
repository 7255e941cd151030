#!/usr/bin/env bash
# llmops serve in the steady state: STREAMS (1,000) requests kept in flight against one llm node served by
# `llmops serve`, its model bench/FakeOpenAiServer.java at LATENCY_MS (1,000), by bench/SseLoad.java --paced: the
# requests start spread evenly over the model's latency on warm keep-alive connections and each is sent again when
# its answer ended, so arrivals are uniform at STREAMS per latency; the first RAMP (5) seconds are not counted, then
# SECONDS (15). Unlike bench/serve.sh (wrk releases its 1,000 connections at one instant, and with a constant model
# latency they stay in that one wave) and bench/sse.sh (one burst), this is 1,000 concurrent requests as a service
# sees them from many clients. MODES "json sse" (the default) runs whole JSON answers and SSE streams (CHUNKS 5,
# CHUNK_MS 20 apart); SERVERS "relay llmops" (the default) runs bench/BareHelidon.java relaying to the same fake (the
# floor) and llmops. First a calibration: the same load straight at the fake model, which is what the instrument
# itself adds (CALIBRATE=0 skips it). SERVE_JAVA_OPTS go to both servers' JVMs (bench/serve-common.sh).
#   bench/steady.sh
#   SERVERS=llmops MODES=sse SECONDS_=30 bench/steady.sh
set -euo pipefail
# shellcheck source=bench/serve-common.sh
source "$(dirname "$0")/serve-common.sh"
command -v jq >/dev/null || { echo "bench: needs jq (apt-get install -y jq)" >&2; exit 2; }
streams=${STREAMS:-1000}
latency=${LATENCY_MS:-1000}
chunks=${CHUNKS:-5}
gap=${CHUNK_MS:-20}
secs=${SECONDS_:-15}
ramp=${RAMP:-5}
work="$here/work/steady"
write_flow "$work"
row() { # $1 server, $2 mode, $3 SseLoad's JSON line; overheads against the model's own first and last byte
  local ideal_first=$latency ideal_end=$((latency + (chunks - 1) * gap))
  [[ $2 == json ]] && ideal_end=$latency
  echo "$3" | jq -r --arg s "$1" --arg m "$2" --arg load "$(cut -d' ' -f1 /proc/loadavg)" \
    --argjson f "$ideal_first" --argjson e "$ideal_end" \
    '"| \($s) | \($m) | \(.requests) | \(.per_second) | \(.errors) | \(.first_event_ms.p50) / \(.first_event_ms.p99) / \(.first_event_ms.max) | \(.stream_ms.p99) | +\((.first_event_ms.p99 - $f) * 10 | round / 10) / +\((.stream_ms.p99 - $e) * 10 | round / 10) ms | \($load) |"' \
    | tee -a "$work/results.md"
}
load() { # $1 URL, then SseLoad options
  local url=$1
  shift
  "$java" "$here/SseLoad.java" --url "$url" --streams "$streams" --events "$chunks" --warm --paced "$secs" \
    --ramp "$ramp" --spread-ms "$latency" "$@"
}
echo "| server | answers | requests | requests/s | errors | first byte p50 / p99 / max ms | end p99 ms | p99 overhead (first / end) | load |" \
  | tee "$work/results.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |" | tee -a "$work/results.md"
start_fake "$work/fake.log" --latency-ms "$latency" --chunks "$chunks" --chunk-ms "$gap"
trap 'kill "$fake" ${serve:+"$serve"} 2>/dev/null || true' EXIT
[[ ${CALIBRATE:-1} == 0 ]] || row "fake model alone" json "$(load "http://127.0.0.1:$fport/v1/chat/completions" --json --warm-path /stats \
  --body '{"model":"m","messages":[{"role":"user","content":"What is the capital of France?"}]}')"
for server in ${SERVERS:-relay llmops}; do
  if [[ $server == llmops ]]; then
    start_serve "$work"
  else
    start_bare relay "$work/bare.log"
  fi
  sample_rss "$work/rss-$server.txt"
  for mode in ${MODES:-json sse}; do
    json=()
    [[ $mode == json ]] && json=(--json)
    # a warm-up burst, as a running service is warm, then the measured steady state
    "$java" "$here/SseLoad.java" --url "http://127.0.0.1:$port/score" --streams 200 --events "$chunks" "${json[@]}" \
      >/dev/null
    row "$server" "$mode" "$(load "http://127.0.0.1:$port/score" "${json[@]}")"
  done
  kill "$sampler" "$serve" 2>/dev/null || true
  wait "$serve" 2>/dev/null || true
  echo "$server: peak RSS $(($(sort -n "$work/rss-$server.txt" | tail -1) / 1024)) MB ($(serve_jvm_options))" \
    | tee -a "$work/results.md"
done
echo "model: first byte after $latency ms, last after $((latency + (chunks - 1) * gap)) ms (SSE); $streams requests in flight, spread over $latency ms; ${secs} s counted after ${ramp} s" \
  | tee -a "$work/results.md"
