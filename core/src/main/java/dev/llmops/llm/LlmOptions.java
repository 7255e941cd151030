package dev.llmops.llm;

import dev.llmops.llm.http.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings for every connection of a run; a connection's own {@code request_timeout_seconds} and {@code
 * max_retries} override them.
 *
 * @param recordFile where to record live calls for later replay ({@code --record}), or null
 * @param requestTimeout how long one attempt may wait for the whole answer
 * @param connectTimeout how long opening a connection may take
 * @param retry the retry budget of one call
 */
public record LlmOptions(Path recordFile, Duration requestTimeout, Duration connectTimeout, RetryPolicy retry) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public LlmOptions {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(retry, "retry");
    }

    public static LlmOptions defaults() {
        return new LlmOptions(null, DEFAULT_REQUEST_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, RetryPolicy.DEFAULT);
    }

    public LlmOptions withRecordFile(Path file) {
        return new LlmOptions(file, requestTimeout, connectTimeout, retry);
    }

    public LlmOptions withRequestTimeout(Duration timeout) {
        return new LlmOptions(recordFile, timeout, connectTimeout, retry);
    }

    public LlmOptions withRetry(RetryPolicy policy) {
        return new LlmOptions(recordFile, requestTimeout, connectTimeout, policy);
    }
}
