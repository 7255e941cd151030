# shellcheck shell=bash disable=SC2034  # sets variables for the script that sources it
# Shared by bench/serve.sh and bench/sse.sh (sourced, not run): the JDK and jar, the served flow (one llm node),
# the fake model, `llmops serve` on it, and the RSS sampler. Each function sets the variables it names.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(dirname "$here")
java_home=$("$root/bin/find-jdk")
java="$java_home/bin/java"
jar="$root/cli/target/llmops.jar"
[[ -f $jar ]] || { echo "bench: build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
ulimit -n 20000 2>/dev/null || true

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# write_flow DIR: DIR/flow (one llm node answering a question) and its prompt.
write_flow() {
  rm -rf "$1" && mkdir -p "$1/flow"
  cat >"$1/flow/flow.dag.yaml" <<'YAML'
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
  printf 'system:\nAnswer in one word.\nuser:\n{{ question }}\n' >"$1/flow/answer.jinja2"
}

# start_fake LOG ARGS...: bench/FakeOpenAiServer.java on a free port; sets fake (pid) and fport.
start_fake() {
  local log=$1
  shift
  : >"$log" # exists before the background JVM opens it, for the sed below
  "$java" -Xmx512m "$here/FakeOpenAiServer.java" --port 0 "$@" >"$log" 2>&1 &
  fake=$!
  fport=""
  for _ in $(seq 1 300); do
    fport=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$log")
    [[ -n $fport ]] && break
    sleep 0.1
  done
  [[ -n $fport ]] || { echo "bench: the fake model did not start (see $log)" >&2; exit 1; }
}

# start_serve DIR: `llmops serve` of DIR/flow on the fake at $fport, ready on /health; sets serve (pid) and port.
# The JVM options are the launcher's for `serve` (see serve_jvm_options).
start_serve() {
  cat >"$1/bench.yaml" <<YAML
name: bench
type: open_ai
base_url: http://127.0.0.1:$fport/v1
api_key: \${BENCH_API_KEY}
YAML
  port=$(free_port)
  # shellcheck disable=SC2046 # an option list
  BENCH_API_KEY=bench-dummy-key "$java" $(serve_jvm_options) -jar "$jar" serve --flow "$1/flow" \
    --connection "bench=$1/bench.yaml" --port "$port" --max-concurrency 4096 >"$1/serve.log" 2>&1 &
  serve=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    kill -0 "$serve" 2>/dev/null || { echo "bench: llmops serve exited (see $1/serve.log)" >&2; exit 1; }
    sleep 0.2
  done
}

# serve_jvm_options: the launcher's JVM options for `serve` (-Xmx256m, ZGC, C2; bench/README.md says why), then
# SERVE_JAVA_OPTS, which win (a collector named there replaces ZGC). The bare servers get the same.
serve_jvm_options() {
  local gc=-XX:+UseZGC
  [[ ${SERVE_JAVA_OPTS:-} == *-XX:+Use*GC* ]] && gc=""
  echo "-Xmx256m $gc ${SERVE_JAVA_OPTS:-}"
}

# start_bare MODE LOG: bench/BareHelidon.java (the same server library with nothing of llmops on it) in MODE
# "constant" (a constant JSON answer) or "relay" (one call to the fake at $fport per request), with the same JVM
# options as llmops; sets serve (pid) and port, as start_serve does.
start_bare() {
  port=$(free_port)
  local args=(--constant)
  [[ $1 == relay ]] && args=(--relay "http://127.0.0.1:$fport/v1")
  # shellcheck disable=SC2046 # an option list
  "$java" $(serve_jvm_options) -cp "$jar" "$here/BareHelidon.java" --port "$port" "${args[@]}" >"$2" 2>&1 &
  serve=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    kill -0 "$serve" 2>/dev/null || { echo "bench: BareHelidon exited (see $2)" >&2; exit 1; }
    sleep 0.2
  done
}

# sample_rss FILE: the RSS of $serve in kB every 0.5 s into FILE; sets sampler (pid).
sample_rss() {
  ( while kill -0 "$serve" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$serve/status"; sleep 0.5; done ) >"$1" &
  sampler=$!
}
