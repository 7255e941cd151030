package dev.llmops.serve;

import dev.llmops.flow.Flow;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.LlmNode;
import dev.llmops.flow.NodeTrace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /metrics} in Prometheus' text format, through Micrometer: requests by route and status, request
 * latency as a histogram, requests in flight, and per model call its latency, tokens and failures. Routes outside
 * the known set are counted as {@code other}, so a scan of random paths cannot grow the series without bound.
 * Each meter is built and registered once and then looked up by its tags: registering through the builders on every
 * request (a new id, its tags sorted, the registry's lookup) was a measurable part of a request's CPU.
 */
final class ServeMetrics {

    private static final Set<String> ROUTES =
            Set.of("/score", "/health", "/version", "/swagger.json", "/feedback", "/metrics", "/");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Flow flow;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Counter> modelErrors = new ConcurrentHashMap<>();
    private final Map<String, Timer> modelLatencies = new ConcurrentHashMap<>();
    private final Map<String, Counter> tokenCounters = new ConcurrentHashMap<>();

    ServeMetrics(Flow flow, AtomicInteger inFlight) {
        this.flow = flow;
        Gauge.builder("llmops.serve.in.flight", inFlight, AtomicInteger::get)
                .description("requests being served")
                .register(registry);
    }

    void request(String path, int status, long nanos) {
        String route = ROUTES.contains(path) ? path : "other";
        requests.computeIfAbsent(route + " " + status, k -> Counter.builder("llmops.serve.requests")
                        .description("requests answered, by route and status")
                        .tag("route", route)
                        .tag("status", Integer.toString(status))
                        .register(registry))
                .increment();
        latencies
                .computeIfAbsent(route, k -> Timer.builder("llmops.serve.request")
                        .description("time to answer a request")
                        .tag("route", route)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(300))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The model calls of one scored line: latency and tokens per llm node, and the node that failed. */
    void line(LineResult result) {
        for (NodeTrace t : result.traces()) {
            if (!(flow.node(t.node()).orElse(null) instanceof LlmNode)) {
                continue;
            }
            if (t.status() == NodeTrace.Status.FAILED) {
                modelErrors
                        .computeIfAbsent(t.node(), node -> Counter.builder("llmops.serve.model.errors")
                                .description("model calls that failed for good (after retries)")
                                .tag("node", node)
                                .register(registry))
                        .increment();
            } else if (t.status() == NodeTrace.Status.COMPLETED) {
                modelLatencies
                        .computeIfAbsent(t.node(), node -> Timer.builder("llmops.serve.model")
                                .description("time of an llm node, retries included")
                                .tag("node", node)
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(300))
                                .register(registry))
                        .record(t.durationMillis(), TimeUnit.MILLISECONDS);
            }
            tokens(t.node(), "prompt", t.tokens().promptTokens());
            tokens(t.node(), "completion", t.tokens().completionTokens());
        }
    }

    private void tokens(String node, String kind, long n) {
        if (n > 0) {
            tokenCounters
                    .computeIfAbsent(node + " " + kind, k -> Counter.builder("llmops.serve.tokens")
                            .description("tokens the model reported")
                            .tag("node", node)
                            .tag("kind", kind)
                            .register(registry))
                    .increment(n);
        }
    }

    String scrape() {
        return registry.scrape();
    }
}
