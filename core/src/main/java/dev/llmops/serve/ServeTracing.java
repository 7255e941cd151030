package dev.llmops.serve;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.NodeObserver;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.secret.SecretMasker;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry traces of a served flow, exported over OTLP/HTTP (protobuf) when {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set: a span per {@code /score} and {@code /feedback} request
 * (continuing the caller's W3C {@code traceparent}), under it a span per node, under an llm node its model call
 * with the GenAI attributes (model, input and output tokens). The standard variables are read: {@code
 * OTEL_SERVICE_NAME}, {@code OTEL_EXPORTER_OTLP[_TRACES]_HEADERS} (values masked), {@code
 * OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL} ({@code http/protobuf} only), {@code OTEL_BSP_SCHEDULE_DELAY}, {@code
 * OTEL_TRACES_EXPORTER=none} and {@code OTEL_SDK_DISABLED=true}. Without an endpoint nothing is recorded.
 */
final class ServeTracing implements AutoCloseable {

    static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private ServeTracing(SdkTracerProvider provider) {
        this.provider = provider;
        this.tracer = provider == null ? TracerProvider.noop().get("llmops") : provider.get("dev.llmops.serve");
    }

    /**
     * @throws ConfigException for a protocol other than {@code http/protobuf} or a malformed endpoint or header list
     */
    static ServeTracing of(Map<String, String> env, String flowName, String version, SecretMasker masker) {
        String endpoint = blankToNull(env.get(TRACES_ENDPOINT));
        if (endpoint == null && blankToNull(env.get(ENDPOINT)) != null) {
            endpoint = strip(env.get(ENDPOINT)) + "/v1/traces";
        }
        if (endpoint == null
                || "none".equalsIgnoreCase(strip(env.getOrDefault("OTEL_TRACES_EXPORTER", "")))
                || "true".equalsIgnoreCase(strip(env.getOrDefault("OTEL_SDK_DISABLED", "")))) {
            return new ServeTracing(null);
        }
        String protocol = first(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
        if (protocol != null && !protocol.strip().equals("http/protobuf")) {
            throw ConfigException.of(
                    "OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol.strip() + " is not supported: llmops serve exports traces"
                            + " over OTLP/HTTP with protobuf",
                    "set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf (the collector's port 4318), or unset it");
        }
        OtlpHttpSpanExporterBuilder exporter;
        try {
            exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint);
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(
                    "the OTLP endpoint '" + endpoint + "' is not a URL: " + e.getMessage(),
                    "set " + ENDPOINT + "=http://collector:4318");
        }
        String headers = first(env, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS");
        if (headers != null) {
            for (String pair : headers.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw ConfigException.of(
                            "OTEL_EXPORTER_OTLP_HEADERS holds '" + masker.mask(pair.strip()) + "', not key=value",
                            "set it to e.g. api-key=KEY,x-team=ml (values URL-encoded)");
                }
                String value = URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8);
                masker.register(value);
                exporter.addHeader(pair.substring(0, eq).strip(), value);
            }
        }
        long delay = millis(env, "OTEL_BSP_SCHEDULE_DELAY", 5000);
        String service = blankToNull(env.get("OTEL_SERVICE_NAME"));
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), service != null ? service.strip() : "llmops-serve",
                        AttributeKey.stringKey("service.version"), version,
                        AttributeKey.stringKey("llmops.flow"), flowName)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter.build())
                        .setScheduleDelay(Duration.ofMillis(delay))
                        .build())
                .build();
        return new ServeTracing(provider);
    }

    boolean enabled() {
        return provider != null;
    }

    Tracer tracer() {
        return tracer;
    }

    /** The factory's clients with a span around each model call; the factory itself when tracing is off. */
    ChatClientFactory clients(ChatClientFactory factory) {
        return provider == null
                ? factory
                : config -> new TracingChatClient(factory.create(config), tracer, config.name(), config.type());
    }

    /** A span per node, current while it runs, so that its model calls nest under it. */
    NodeObserver nodes() {
        return provider == null ? NodeObserver.NONE : new TracingNodes(tracer);
    }

    /**
     * Starts the span of a traced request ({@code /score}, {@code /feedback}; probes and metrics are not traced),
     * continuing the W3C trace context of its headers; {@link Span#getInvalid} for the others.
     */
    Span request(ServerRequest req, String method, String path, String requestId) {
        if (provider == null || !(path.equals("/score") || path.equals("/feedback"))) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), req.headers(), HEADERS);
        return tracer.spanBuilder(path.equals("/feedback") ? "promptflow-feedback" : method + " " + path)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", path)
                .setAttribute("http.route", path)
                .setAttribute("request_id", requestId)
                .startSpan();
    }

    /** Ends a request's span with its status (5xx marks an error, as the HTTP conventions say). */
    static void end(Span span, int status) {
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) {
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    private static final TextMapGetter<ServerRequestHeaders> HEADERS = new TextMapGetter<>() {
        @Override
        public String get(ServerRequestHeaders carrier, String key) {
            return carrier == null
                    ? null
                    : carrier.first(HeaderNames.create(key)).orElse(null);
        }
    };

    /** Sends the spans not yet exported, waiting up to five seconds. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    private static String first(Map<String, String> env, String specific, String general) {
        String v = blankToNull(env.get(specific));
        return v != null ? v : blankToNull(env.get(general));
    }

    private static long millis(Map<String, String> env, String name, long fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.of(name + "='" + v + "' is not a number of milliseconds", "set " + name + "=5000");
    }

    private static String strip(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
