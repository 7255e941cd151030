package dev.llmops.run.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of {@code run.json}: what a run is and how it ended. Never holds secrets: connection details are
 * not part of it. Build one with {@link #builder()} or {@link #toBuilder()}; the fields stay flat because they are
 * the stored format (old stores must load), while {@link #kind()} gives the typed identity.
 *
 * @param name the run name, also its directory name
 * @param batch the id shared by the runs one {@code llmops run} started; {@code --resume} continues a batch
 * @param variant {@code node.variant} or {@code default}
 * @param variantOverrides node → variant for the nodes not at their defaults
 * @param dataset the standard dataset of a standard run; for an evaluation run the key the runner gave its data
 *     (the evaluated datasets are in its {@link EvaluationLink})
 * @param flowHash SHA-256 of the flow definition, so a resume on a changed flow can be refused
 * @param lines counts over distinct line numbers (the latest attempt of each line)
 * @param costEstimate estimated cost when the connections declare prices, else null
 * @param tags free tags, and the stored form of the run's {@link RunKind} (see {@link RunKind#tags()})
 * @param process the process writing the run while it is {@link RunStatus#Running}; null in stores of older
 *     versions
 * @param maxFailedLines the {@code --max-failed-lines} the run was given, so that {@code eval} honours it; null
 *     in stores of older versions
 * @param dataAsset the Azure ML data asset version the run's data came from ({@code azureml:} sources); null for a
 *     local file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRecord(
        int formatVersion,
        String name,
        String batch,
        String experiment,
        String env,
        String flowPath,
        String flowHash,
        String variant,
        Map<String, String> variantOverrides,
        String dataset,
        String dataFile,
        RunStatus status,
        Instant created,
        Instant started,
        Instant ended,
        Long durationMs,
        Lines lines,
        LineRecord.Tokens tokens,
        Latency latency,
        Double costEstimate,
        String buildId,
        Map<String, String> tags,
        Map<String, Object> metrics,
        String error,
        Owner process,
        String maxFailedLines,
        DataAsset dataAsset) {

    public static final int FORMAT = 1;

    /** Line counts. {@code total} is the dataset size when known. */
    public record Lines(int total, int completed, int failed) {}

    /**
     * The data asset version a run read.
     *
     * @param source the source as written ({@code azureml:ner_eval@latest})
     * @param name the asset name
     * @param version the version resolved
     * @param sha256 SHA-256 of the file the run read
     */
    public record DataAsset(String source, String name, String version, String sha256) {

        /** {@code azureml:<name>:<version>}. */
        public String label() {
            return "azureml:" + name + ":" + version;
        }
    }

    /** Latency percentiles over the run's lines, in milliseconds. */
    public record Latency(long p50, long p95) {}

    /**
     * The process that writes a running run: its id and start time (so a reused id is not taken for it).
     *
     * @param startedAt the process start, null when the platform does not report it
     */
    public record Owner(long pid, Instant startedAt) {

        /** This process. */
        public static Owner current() {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(self.pid(), self.info().startInstant().orElse(null));
        }

        /** Whether the process still lives; a different start time means the id was reused. */
        public boolean alive() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(p -> startedAt == null
                            || p.info().startInstant().map(startedAt::equals).orElse(true))
                    .orElse(false);
        }
    }

    public RunRecord {
        variantOverrides = variantOverrides == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(variantOverrides));
        tags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** What the run is: a standard run, or an evaluation of one. */
    @JsonIgnore
    public RunKind kind() {
        return RunKind.of(tags);
    }

    /** The record of a run (re)starting now in this process; keeps the time already spent, so a resumed run adds to it. */
    public RunRecord withStarted(Instant at) {
        return toBuilder()
                .status(RunStatus.Running)
                .started(at)
                .ended(null)
                .error(null)
                .process(Owner.current())
                .build();
    }

    /** The record at the end of a run (or at a cancel), with the statistics read back from the store. */
    public RunRecord finished(
            RunStatus finalStatus,
            Instant at,
            long elapsedMs,
            Lines finalLines,
            LineRecord.Tokens finalTokens,
            Latency finalLatency,
            Double cost,
            Map<String, Object> finalMetrics,
            String finalError) {
        return toBuilder()
                .status(finalStatus)
                .ended(at)
                .durationMs(elapsedMs)
                .lines(finalLines)
                .tokens(finalTokens)
                .latency(finalLatency)
                .costEstimate(cost)
                .metrics(finalMetrics)
                .error(finalError)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.formatVersion = formatVersion;
        b.name = name;
        b.batch = batch;
        b.experiment = experiment;
        b.env = env;
        b.flowPath = flowPath;
        b.flowHash = flowHash;
        b.variant = variant;
        b.variantOverrides = variantOverrides;
        b.dataset = dataset;
        b.dataFile = dataFile;
        b.status = status;
        b.created = created;
        b.started = started;
        b.ended = ended;
        b.durationMs = durationMs;
        b.lines = lines;
        b.tokens = tokens;
        b.latency = latency;
        b.costEstimate = costEstimate;
        b.buildId = buildId;
        b.tags = tags;
        b.metrics = metrics;
        b.error = error;
        b.process = process;
        b.maxFailedLines = maxFailedLines;
        b.dataAsset = dataAsset;
        return b;
    }

    /** Builds a {@link RunRecord}; unset fields are null (absent from {@code run.json}). */
    public static final class Builder {
        private int formatVersion = FORMAT;
        private String name;
        private String batch;
        private String experiment;
        private String env;
        private String flowPath;
        private String flowHash;
        private String variant;
        private Map<String, String> variantOverrides;
        private String dataset;
        private String dataFile;
        private RunStatus status;
        private Instant created;
        private Instant started;
        private Instant ended;
        private Long durationMs;
        private Lines lines;
        private LineRecord.Tokens tokens;
        private Latency latency;
        private Double costEstimate;
        private String buildId;
        private Map<String, String> tags;
        private Map<String, Object> metrics;
        private String error;
        private Owner process;
        private String maxFailedLines;
        private DataAsset dataAsset;

        private Builder() {}

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder batch(String v) {
            batch = v;
            return this;
        }

        public Builder experiment(String v) {
            experiment = v;
            return this;
        }

        public Builder env(String v) {
            env = v;
            return this;
        }

        /** The flow's path and definition hash. */
        public Builder flow(String path, String hash) {
            flowPath = path;
            flowHash = hash;
            return this;
        }

        /** The variant label and the node → variant overrides it stands for. */
        public Builder variant(String label, Map<String, String> overrides) {
            variant = label;
            variantOverrides = overrides;
            return this;
        }

        /** The dataset name and the data file it was read from. */
        public Builder dataset(String name, String file) {
            dataset = name;
            dataFile = file;
            return this;
        }

        public Builder status(RunStatus v) {
            status = v;
            return this;
        }

        public Builder created(Instant v) {
            created = v;
            return this;
        }

        public Builder started(Instant v) {
            started = v;
            return this;
        }

        public Builder ended(Instant v) {
            ended = v;
            return this;
        }

        public Builder durationMs(Long v) {
            durationMs = v;
            return this;
        }

        public Builder lines(Lines v) {
            lines = v;
            return this;
        }

        public Builder tokens(LineRecord.Tokens v) {
            tokens = v;
            return this;
        }

        public Builder latency(Latency v) {
            latency = v;
            return this;
        }

        public Builder costEstimate(Double v) {
            costEstimate = v;
            return this;
        }

        public Builder buildId(String v) {
            buildId = v;
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags = v;
            return this;
        }

        public Builder metrics(Map<String, Object> v) {
            metrics = v;
            return this;
        }

        public Builder error(String v) {
            error = v;
            return this;
        }

        public Builder process(Owner v) {
            process = v;
            return this;
        }

        public Builder maxFailedLines(String v) {
            maxFailedLines = v;
            return this;
        }

        /** The data asset version the data file is a copy of. */
        public Builder dataAsset(DataAsset v) {
            dataAsset = v;
            return this;
        }

        public RunRecord build() {
            return new RunRecord(
                    formatVersion,
                    name,
                    batch,
                    experiment,
                    env,
                    flowPath,
                    flowHash,
                    variant,
                    variantOverrides,
                    dataset,
                    dataFile,
                    status,
                    created,
                    started,
                    ended,
                    durationMs,
                    lines,
                    tokens,
                    latency,
                    costEstimate,
                    buildId,
                    tags,
                    metrics,
                    error,
                    process,
                    maxFailedLines,
                    dataAsset);
        }
    }
}
