package dev.llmops.serve;

import dev.llmops.flow.ConnectionFiles;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.FlowRuntime;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.ConnectionRegistry;
import io.helidon.webserver.WebServer;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A flow served over HTTP with Prompt Flow's routes ({@code POST /score}, {@code GET /health}, {@code /version},
 * {@code /swagger.json}, {@code POST /feedback}) on Helidon SE's virtual-thread web server: one virtual thread per
 * request, so a request waiting on the model costs a few kilobytes, not a platform thread.
 *
 * <p>{@link #start} loads and checks the flow before it binds (a broken flow never listens), then warms the tools
 * in the background (python workers started, tools loaded, a flex entry loaded and its class built); {@code /health}
 * answers 503 until that is done. {@link #stop} drains: it answers new requests
 * with 503, waits for those in flight, then closes the listener.
 */
public final class FlowServer implements AutoCloseable {

    // Helidon logs its start-up banner through java.util.logging; the access log is ours. Held so it is not
    // collected with its level.
    private final Logger helidonLogger = Logger.getLogger("io.helidon");
    private final WebServer server;
    private final Routes routes;
    private final ExecutorService executor;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String flowName;
    private final RequestLogger requestLog;
    private final ServeTracing tracing;

    private FlowServer(
            ServeSettings settings,
            Flow flow,
            FlowExecutor flowExecutor,
            ExecutorService executor,
            ServeRuntime runtime,
            ServeTracing tracing) {
        helidonLogger.setLevel(Level.WARNING);
        this.executor = executor;
        this.tracing = tracing;
        this.flowName = flow.name();
        ScoreService score = new ScoreService(
                flow, flowExecutor, executor, settings.options().requestTimeout(), settings.includedFields());
        this.routes = new Routes(settings, score, runtime.log(), runtime.masker(), tracing);
        RequestLogOptions logOptions = settings.options().requestLog();
        this.requestLog = logOptions == null
                ? null
                : new RequestLogger(logOptions, runtime.masker(), Clock.systemUTC(), runtime.log()::println);
        routes.logRequests(requestLog);
        this.server = WebServer.builder()
                .host(settings.options().host())
                .port(settings.options().port())
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(200))
                .routing(r -> r.any(routes))
                .build()
                .start();
    }

    /**
     * Loads the flow, binds and starts warming the tools.
     *
     * @throws dev.llmops.error.ConfigException when the flow, a connection or the selection is wrong (the same
     *     messages as {@code validate})
     */
    public static FlowServer start(ServeRequest request, ServeSettings settings, ServeRuntime runtime) {
        Flow flow = new FlowLoader().load(request.flow());
        Map<String, ConnectionConfig> configs = new LinkedHashMap<>();
        request.extraConnections().forEach(c -> configs.put(c.name(), c));
        ConnectionFiles files = new ConnectionFiles(runtime.env(), runtime.masker());
        request.connectionFiles().forEach((name, path) -> configs.put(name, files.load(name, path)));
        List<ConnectionConfig> connections = configs.values().stream()
                .map(c -> overridden(c, runtime.env().variables(), runtime))
                .toList();
        ServeTracing tracing = ServeTracing.of(
                runtime.env().variables(), flow.name(), settings.options().version(), runtime.masker());
        // Lines and the node branches they fork carry the request's trace context.
        ExecutorService executor = Context.taskWrapping(Executors.newVirtualThreadPerTaskExecutor());
        ChatClientFactory clients = tracing.clients(runtime.clients());
        FlowRuntime flowRuntime = new FlowRuntime(
                new ConnectionRegistry(connections, clients),
                clients,
                runtime.pythonTools(),
                runtime.javaTools(),
                request.environment(),
                executor,
                // PF_FLOW_INIT_CONFIG and ${...} in init values read the deployment's environment, as Prompt Flow's
                // serving app does; the loopback endpoint serves raw OpenAI calls of flex code.
                FlexSettings.of(Map.of(), runtime.env().variables()),
                tracing.nodes());
        FlowExecutor flowExecutor;
        try {
            flowExecutor = new FlowExecutor(flow, request.variant(), flowRuntime);
            flowExecutor.validateConnections();
        } catch (RuntimeException e) {
            executor.close();
            tracing.close();
            throw e;
        }
        FlowServer server = new FlowServer(settings, flow, flowExecutor, executor, runtime, tracing);
        executor.submit(() -> server.routes.warm(flow, flowExecutor, runtime, request.environment()));
        return server;
    }

    /**
     * {@code <CONNECTION>_<KEY>} environment variables (upper case, spaces as {@code _}) replace that property of
     * the connection, as Prompt Flow's serving app does at start-up, e.g. {@code AOAI_API_KEY}.
     */
    static ConnectionConfig overridden(ConnectionConfig config, Map<String, String> env, ServeRuntime runtime) {
        Map<String, String> props = new LinkedHashMap<>(config.properties());
        boolean changed = false;
        for (String key : config.properties().keySet()) {
            String variable =
                    (config.name() + "_" + key).toUpperCase(Locale.ROOT).replace(' ', '_');
            String value = env.get(variable);
            if (value != null) {
                props.put(key, value);
                changed = true;
                if (config.secretProperties().contains(key)) {
                    runtime.masker().register(value);
                }
            }
        }
        return changed ? new ConnectionConfig(config.name(), config.type(), props, config.secretProperties()) : config;
    }

    public int port() {
        return server.port();
    }

    public String flowName() {
        return flowName;
    }

    /** True once the tools are warm and until a drain starts. */
    public boolean ready() {
        return routes.ready();
    }

    /** Blocks until {@link #stop} finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully: new requests get 503 at once, requests in flight may finish within the drain time, then
     * the listener closes.
     *
     * @return the number of requests still running when the drain time ran out (0 after a clean drain)
     */
    public synchronized int stop(Duration drain) {
        if (stopped.getCount() == 0) {
            return 0;
        }
        int left = routes.drain(drain);
        server.stop();
        executor.shutdownNow();
        tracing.close();
        if (requestLog != null) {
            requestLog.close();
        }
        stopped.countDown();
        return left;
    }

    @Override
    public void close() {
        stop(Duration.ZERO);
    }
}
