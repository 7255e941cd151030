package dev.llmops.cli;

import dev.llmops.eval.LogEvaluation;
import dev.llmops.eval.LogSample;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code llmops eval --from-logs}: evaluate the requests a served flow answered, instead of stored runs. */
public final class LogOptions {

    @Option(
            names = "--from-logs",
            paramLabel = "SOURCE",
            description = "Evaluate the requests in this request log (the file or folder of 'llmops serve"
                    + " --log-requests') instead of --runs: they become a standard run, source logs.")
    String source;

    @Option(
            names = "--since",
            paramLabel = "T",
            description = "With --from-logs: requests answered at or after T (2026-12-02T10:00:00Z, 2026-12-02,"
                    + " or back from now: 30m, 24h, 7d).")
    String since;

    @Option(
            names = "--until",
            paramLabel = "T",
            description = "With --from-logs: requests answered before T (same forms as --since).")
    String until;

    @Option(
            names = "--sample",
            paramLabel = "N|FRACTION",
            description = "With --from-logs: evaluate a random sample of the requests: N of them, a fraction (0.1)"
                    + " or a percentage (10%).")
    String sample;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description =
                    "With --sample: the seed, so the same log gives the same sample (default: drawn and" + " printed).")
    Long seed;

    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            description = "With --from-logs: the dataset the requests stand for, whose evaluators run (default: the"
                    + " first one an evaluator applies to).")
    String dataset;

    boolean given() {
        return source != null;
    }

    /** The request, or null without {@code --from-logs}. */
    LogEvaluation toRequest(Instant now) {
        if (source == null) {
            return null;
        }
        return new LogEvaluation(
                source,
                LogEvaluation.time("--since", since, now),
                LogEvaluation.time("--until", until, now),
                LogSample.parse(sample),
                seed,
                dataset);
    }
}
