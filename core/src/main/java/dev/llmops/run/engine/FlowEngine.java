package dev.llmops.run.engine;

import dev.llmops.SystemEnv;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowExecutor;
import dev.llmops.flow.FlowRuntime;
import dev.llmops.flow.ToolRunners;
import dev.llmops.flow.VariantSelection;
import dev.llmops.flow.flex.FlexSettings;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.ConnectionRegistry;
import dev.llmops.llm.DefaultChatClientFactory;
import dev.llmops.llm.LlmOptions;
import dev.llmops.run.CostEstimator;
import dev.llmops.run.LineExecutor;
import dev.llmops.run.UsageTracker;
import dev.llmops.run.cache.CacheMode;
import dev.llmops.run.cache.CachingConnections;
import dev.llmops.run.schedule.AdaptiveThrottle;
import dev.llmops.run.schedule.Ticker;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Everything that executes flows for one command: the experiment's connections (rate limits, 429 back-off,
 * token accounting, optional response cache and recording), the python and java tool runners, and the threads
 * independent nodes run on. One engine serves every run of the command, so all runs share the limits.
 * Closing it stops python workers.
 */
public final class FlowEngine implements AutoCloseable {

    /**
     * @param maxConcurrency the global limit, also the throttle's starting point per connection
     * @param cache the response cache mode ({@link CacheMode#OFF} for none)
     * @param cacheDir where cached responses live
     * @param recordFile append live answers to this recordings file, or null
     * @param environment environment variables for tools (the experiment's env.yaml)
     * @param init flex class entries' init parameters from the command line ({@code --init}, {@code --init-file})
     */
    public record Options(
            int maxConcurrency,
            CacheMode cache,
            Path cacheDir,
            Path recordFile,
            Map<String, String> environment,
            Map<String, Object> init) {
        public Options {
            Objects.requireNonNull(cache, "cache");
            environment = Map.copyOf(environment);
            init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        }

        public Options(
                int maxConcurrency, CacheMode cache, Path cacheDir, Path recordFile, Map<String, String> environment) {
            this(maxConcurrency, cache, cacheDir, recordFile, environment, Map.of());
        }
    }

    private final AdaptiveThrottle throttle;
    private final UsageTracker usage;
    private final CostEstimator costs;
    private final CachingConnections connections;
    private final DefaultChatClientFactory clientFactory;
    private final ToolRunners tools;
    private final boolean ownsTools;
    private final ToolRunner python;
    private final ToolRunner java;
    private final ExecutorService nodeThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> environment;
    private final FlexSettings flex;

    /**
     * @param connectionConfigs the resolved connections (experiment, then command-line overrides)
     * @param baseDir the use-case folder: relative paths in connections (recordings) resolve against it
     */
    public FlowEngine(List<ConnectionConfig> connectionConfigs, Path baseDir, SystemEnv env, Options options) {
        this(connectionConfigs, baseDir, env, options, new ToolRunners(env), true);
    }

    /**
     * An engine on the command's shared tool runners (the python workers its preflight started), which closing the
     * engine leaves running.
     */
    public FlowEngine(
            List<ConnectionConfig> connectionConfigs, Path baseDir, SystemEnv env, Options options, ToolRunners tools) {
        this(connectionConfigs, baseDir, env, options, tools, false);
    }

    private FlowEngine(
            List<ConnectionConfig> connectionConfigs,
            Path baseDir,
            SystemEnv env,
            Options options,
            ToolRunners tools,
            boolean ownsTools) {
        Map<String, ConnectionConfig> byName = new LinkedHashMap<>();
        connectionConfigs.forEach(c -> byName.put(c.name(), c));
        this.throttle = new AdaptiveThrottle(byName, options.maxConcurrency(), Ticker.SYSTEM);
        this.usage = new UsageTracker(throttle);
        this.costs = new CostEstimator(byName);
        LlmOptions llm = LlmOptions.defaults();
        if (options.recordFile() != null) {
            llm = llm.withRecordFile(options.recordFile());
        }
        this.clientFactory = new DefaultChatClientFactory(baseDir, env, usage, llm);
        this.connections = new CachingConnections(
                new ConnectionRegistry(List.copyOf(byName.values()), clientFactory),
                options.cacheDir(),
                options.cache(),
                usage);
        this.tools = tools;
        this.ownsTools = ownsTools;
        this.python = tools.python(baseDir);
        this.java = tools.java();
        this.environment = options.environment();
        this.flex = FlexSettings.of(options.init(), env.variables());
    }

    /** A thread-safe executor of one flow with the given variant overrides (empty = every default). */
    public LineExecutor lineExecutor(Flow flow, Map<String, String> variantOverrides) {
        VariantSelection selection = new VariantSelection(variantOverrides);
        FlowExecutor executor = new FlowExecutor(flow, selection, runtime());
        executor.validateConnections();
        return new FlowLineExecutor(executor, AggregationPlan.of(flow, selection));
    }

    public FlowRuntime runtime() {
        return new FlowRuntime(connections, clientFactory, python, java, environment, nodeThreads, flex);
    }

    /** The observer every model call reports to; gives tokens per run. */
    public UsageTracker usage() {
        return usage;
    }

    public CostEstimator costs() {
        return costs;
    }

    public CachingConnections connections() {
        return connections;
    }

    @Override
    public void close() {
        try {
            if (ownsTools) {
                tools.close();
            }
        } finally {
            nodeThreads.shutdownNow();
        }
    }
}
