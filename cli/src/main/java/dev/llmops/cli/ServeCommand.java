package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.flow.VariantSelection;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.LlmOptions;
import dev.llmops.serve.FlowServer;
import dev.llmops.serve.RequestLogOptions;
import dev.llmops.serve.ServeOptions;
import dev.llmops.serve.ServeRequest;
import dev.llmops.serve.ServeRuntime;
import dev.llmops.serve.ServeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** {@code llmops serve}: a flow as an HTTP service with Prompt Flow's routes, until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        header = "Serve a flow over HTTP with Prompt Flow's routes.",
        description = {
            "Serve the use case's flow (-u DIR [-e ENV]) or any flow (--flow PATH: a folder, flow.dag.yaml or"
                    + " .prompty) over HTTP: POST /score, GET /health, GET /version, GET /swagger.json,"
                    + " POST /feedback, as Prompt Flow's serving app answers them.",
            "Off loopback, API keys are required: LLMOPS_SERVE_KEYS=K1,K2 or --keys-file; clients send"
                    + " 'Authorization: Bearer K' or 'api-key: K'. SIGTERM drains requests in flight, then exits.",
            "--smoke URL serves nothing: it posts sample-request.json (or --request FILE) to a running server and"
                    + " exits 0 only on HTTP 200 with the flow's outputs, 1 otherwise.",
            ""
        })
public final class ServeCommand extends BaseCommand {

    private final FlowCommandServices services;

    @Mixin
    UseCaseOptions useCase;

    @Option(
            names = "--flow",
            paramLabel = "PATH",
            description = "Serve this flow instead of the experiment's (connections still come from -u/-e).")
    String flow;

    @Option(
            names = "--variant",
            paramLabel = "'$${NODE.VARIANT}'",
            description = "Variants to serve, e.g. '$${summarize_text_content.variant_1}'; others use their default.")
    String variant;

    @Option(
            names = "--host",
            defaultValue = "localhost",
            description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 in a container).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--connection",
            paramLabel = "NAME=FILE",
            description = "A connection YAML (name, type, api_base, api_key: $${ENV_VAR}, ...); repeatable.")
    Map<String, String> connections = new LinkedHashMap<>();

    @Option(names = "--keys-file", paramLabel = "FILE", description = "Accepted API keys, one per line.")
    String keysFile;

    @Option(
            names = "--no-auth",
            description = "Serve without API keys on a non-loopback address (a gateway in front authenticates).")
    boolean noAuth;

    @Option(
            names = "--max-concurrency",
            paramLabel = "N",
            defaultValue = "0",
            description = "Requests scored at once; more get 429 with Retry-After (default: $$PROMPTFLOW_WORKER_NUM,"
                    + " else " + ServeOptions.DEFAULT_CONCURRENCY + ").")
    int maxConcurrency;

    @Option(
            names = "--max-request-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + ServeOptions.DEFAULT_MAX_REQUEST_BYTES,
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(
            names = "--request-timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "Longest a /score may take; longer ones get 504 (default: ${DEFAULT-VALUE}).")
    long requestTimeoutSeconds;

    @Option(
            names = "--drain-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "On SIGTERM, how long requests in flight may finish (default: ${DEFAULT-VALUE}).")
    long drainSeconds;

    @Option(
            names = "--log-requests",
            paramLabel = "FILE",
            description = "Append a record of each /score (llmops.serve.request/1 JSON Lines: id, time, status,"
                    + " error; inputs and outputs with --log-request-bodies) to FILE, rotated by size; what"
                    + " 'llmops eval --from-logs' reads.")
    String requestLog;

    @Option(
            names = "--log-request-bodies",
            description = "With --log-requests: log each request's inputs and the response's outputs (secrets"
                    + " masked), which 'llmops eval --from-logs' evaluates; without it only metadata.")
    boolean logBodies;

    @Option(
            names = "--request-log-max-size",
            paramLabel = "SIZE",
            defaultValue = RequestLogOptions.DEFAULT_MAX_SIZE,
            description = "With --log-requests: rotate the log once it reaches SIZE (100MB, 512KB, 1GB, bytes; 0"
                    + " never) to FILE's name plus the time, beside it (default: ${DEFAULT-VALUE}).")
    String logMaxSize;

    @Option(
            names = "--request-log-keep",
            paramLabel = "N",
            defaultValue = "" + RequestLogOptions.DEFAULT_KEEP,
            description =
                    "With --log-requests: rotated files kept; older ones are deleted (default: ${DEFAULT-VALUE}).")
    int logKeep;

    @Option(
            names = "--request-log-sample",
            paramLabel = "FRACTION",
            defaultValue = "1",
            description = "With --log-requests: the share of requests logged, chosen by request id, e.g. 0.1"
                    + " (default: ${DEFAULT-VALUE}, all).")
    double logSample;

    @Option(
            names = "--smoke",
            paramLabel = "URL",
            description = "Serve nothing: POST the request file (--request) to the server at URL (its /score; or a"
                    + " scoring URI as given) with the first key of $$LLMOPS_SERVE_KEYS or --keys-file, and exit 0"
                    + " only on HTTP 200 answering the flow's outputs (-u/--flow), else 1. Retried 3 times, 2 s after"
                    + " a refused connection.")
    String smoke;

    @Option(
            names = "--request",
            paramLabel = "FILE",
            description = "With --smoke: the request body to send (default: sample-request.json of the use case).")
    String smokeRequest;

    public ServeCommand(FlowCommandServices services) {
        this.services = services;
    }

    @Override
    public Integer call() throws InterruptedException {
        CliContext ctx = context();
        if (smoke != null) {
            return smoke(ctx);
        }
        if (smokeRequest != null) {
            throw ConfigException.of("--request is the request --smoke sends", "add --smoke URL, or leave it out");
        }
        Experiment experiment = flow == null || namesExperiment()
                ? services.experiments()
                        .load(new ExperimentRequest(Path.of(useCase.useCase), useCase.env, useCase.file, true), ctx)
                : null;
        Path flowPath = flow != null ? ctx.env().resolve(flow) : experiment.flowDir();
        Map<String, Path> connectionFiles = new LinkedHashMap<>();
        connections.forEach((name, file) -> connectionFiles.put(name, ctx.env().resolve(file)));
        Map<String, String> environment = new LinkedHashMap<>();
        if (experiment != null) {
            environment.putAll(experiment.environmentVariables());
        }
        environment.putAll(ctx.env().variables());
        Duration drain = Duration.ofSeconds(drainSeconds);
        ServeOptions options = new ServeOptions(
                host,
                port,
                keysFile == null ? null : ctx.env().resolve(keysFile),
                maxRequestBytes,
                Duration.ofSeconds(requestTimeoutSeconds),
                maxConcurrency,
                drain,
                version(),
                requestLogOptions(ctx));
        ServeSettings settings = ServeSettings.of(options, noAuth, ctx.env().variables(), ctx.masker());
        ServeRequest request = new ServeRequest(
                flowPath,
                VariantSelection.parse(variant),
                connectionFiles,
                experiment == null ? List.of() : experiment.connections(),
                environment,
                options);
        Path baseDir = experiment == null ? ctx.env().workingDir() : experiment.useCaseDir();
        SystemEnv env = new SystemEnv(environment, ctx.env().workingDir());
        CountDownLatch closed = new CountDownLatch(1);
        try (ToolRunner python = services.pythonTools().apply(ctx);
                ToolRunner java = services.javaTools().apply(ctx)) {
            ServeRuntime runtime = new ServeRuntime(
                    services.clientFactory().create(ctx, baseDir, LlmOptions.defaults()),
                    python,
                    java,
                    env,
                    ctx.masker(),
                    ctx.out());
            FlowServer server = FlowServer.start(request, settings, runtime);
            Thread hook = new Thread(
                    () -> {
                        int left = server.stop(drain);
                        ctx.err().println("llmops serve: stopped" + (left == 0 ? "" : "; " + left + " requests cut"));
                        awaitQuietly(closed);
                    },
                    "llmops-serve-drain");
            Runtime.getRuntime().addShutdownHook(hook);
            ctx.out()
                    .printf(
                            "llmops serve: %s on http://%s:%d (%d at once, %s)%n",
                            server.flowName(),
                            host,
                            server.port(),
                            settings.maxConcurrency(),
                            settings.keys().isEmpty()
                                    ? "no keys"
                                    : settings.keys().size() + " key(s)");
            try {
                server.awaitStopped();
            } catch (InterruptedException e) {
                // In-process callers (tests, an embedding) stop the command by interrupting it: drain as SIGTERM does.
                server.stop(drain);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // SIGTERM: the hook is draining and waits for the tool runners to close below.
                }
            }
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    /** {@code --smoke URL}: one request to a running server, judged; exit 0 on a pass, 1 on a failure. */
    private int smoke(CliContext ctx) {
        return LocalSmoke.run(
                ctx,
                services.experiments(),
                useCase,
                Optional.ofNullable(flow),
                smoke,
                Optional.ofNullable(smokeRequest),
                Optional.ofNullable(keysFile),
                Duration.ofSeconds(requestTimeoutSeconds));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private RequestLogOptions requestLogOptions(CliContext ctx) {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (requestLog == null) {
            for (String option : new String[] {
                "--log-request-bodies", "--request-log-max-size", "--request-log-keep", "--request-log-sample"
            }) {
                if (parsed.hasMatchedOption(option)) {
                    throw ConfigException.of(
                            option + " shapes the request log, and there is none",
                            "add --log-requests FILE, or leave " + option + " out");
                }
            }
            return null;
        }
        return new RequestLogOptions(
                ctx.env().resolve(requestLog), logBodies, logSample, RequestLogOptions.parseSize(logMaxSize), logKeep);
    }

    private boolean namesExperiment() {
        ParseResult parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption("--use-case")
                || parsed.hasMatchedOption("--env")
                || parsed.hasMatchedOption("--file");
    }
}
