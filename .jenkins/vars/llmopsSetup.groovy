// Puts `llmops` on PATH ($WORKSPACE/.llmops-bin): downloads a pinned release (LLMOPS_RELEASE_URL: a folder holding
// llmops.jar and llmops.jar.sha256) or builds it from the llmops source in the workspace, and caches the jar on
// the agent ($HOME/.cache/llmops). The Jenkins snippet, one line in a stage: llmopsSetup()
def call() {
  sh '''#!/usr/bin/env bash
    set -euo pipefail
    LLMOPS_SOURCE="$WORKSPACE"
    if [ -n "${LLMOPS_RELEASE_URL:-}" ]; then
      key="release-$(printf '%s' "$LLMOPS_RELEASE_URL" | sha256sum | cut -c1-16)"
    elif [ -x "$LLMOPS_SOURCE/mvnw" ] && [ -f "$LLMOPS_SOURCE/cli/pom.xml" ]; then
      key="source-$(cd "$LLMOPS_SOURCE" && find pom.xml core/pom.xml cli/pom.xml core/src/main cli/src/main -type f -print0 \
        | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
    else
      echo "setup-llmops: no LLMOPS_RELEASE_URL and no llmops source in $LLMOPS_SOURCE; set releaseUrl" >&2
      exit 2
    fi
    LLMOPS_HOME="$HOME/.cache/llmops/$key"
    mkdir -p "$LLMOPS_HOME" "$WORKSPACE/.llmops-bin"
    if [ -s "$LLMOPS_HOME/llmops.jar" ]; then
      echo "llmops: from the cache in $LLMOPS_HOME"
    elif [ -n "${LLMOPS_RELEASE_URL:-}" ]; then
      curl -fsSL --retry 3 -o "$LLMOPS_HOME/llmops.jar.part" "$LLMOPS_RELEASE_URL/llmops.jar"
      curl -fsSL --retry 3 -o "$LLMOPS_HOME/llmops.jar.sha256" "$LLMOPS_RELEASE_URL/llmops.jar.sha256"
      expected=$(cut -d' ' -f1 "$LLMOPS_HOME/llmops.jar.sha256")
      actual=$(sha256sum "$LLMOPS_HOME/llmops.jar.part" | cut -d' ' -f1)
      if [ "$expected" != "$actual" ]; then
        echo "setup-llmops: llmops.jar from $LLMOPS_RELEASE_URL has sha256 $actual, the release says $expected" >&2
        rm -f "$LLMOPS_HOME/llmops.jar.part"
        exit 1
      fi
      mv "$LLMOPS_HOME/llmops.jar.part" "$LLMOPS_HOME/llmops.jar"
    else
      (cd "$LLMOPS_SOURCE" && ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true package -pl cli -am)
      cp "$LLMOPS_SOURCE/cli/target/llmops.jar" "$LLMOPS_HOME/llmops.jar.part"
      mv "$LLMOPS_HOME/llmops.jar.part" "$LLMOPS_HOME/llmops.jar"
    fi
    # The wrapper expands JAVA_HOME and LLMOPS_JAVA_OPTS when it runs, not now.
    # shellcheck disable=SC2016
    printf '#!/usr/bin/env bash\\nexec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${LLMOPS_JAVA_OPTS:-} -jar %q "$@"\\n' \
      "$LLMOPS_HOME/llmops.jar" > "$WORKSPACE/.llmops-bin/llmops"
    chmod +x "$WORKSPACE/.llmops-bin/llmops"
    "$WORKSPACE/.llmops-bin/llmops" --version
  '''
}
