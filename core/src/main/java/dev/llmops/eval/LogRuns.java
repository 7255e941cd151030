package dev.llmops.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.dataops.RequestLog;
import dev.llmops.error.ConfigException;
import dev.llmops.error.StateException;
import dev.llmops.experiment.Evaluator;
import dev.llmops.experiment.Experiment;
import dev.llmops.run.store.LineRecord;
import dev.llmops.run.store.RunKind;
import dev.llmops.run.store.RunRecord;
import dev.llmops.run.store.RunStatus;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.store.RunWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request log into a standard run of the run store, so that the evaluators, {@code llmops report} and the
 * gates read it as any other run: line i is the i-th request kept (its logged inputs, its logged outputs), its
 * dataset file {@value #DATASET_FILE} (in the run's folder) holds the rows evaluators read as {@code ${data.x}}
 * (the inputs, then the outputs), and the tags {@code source: logs} and {@code log_source} say where it came from.
 */
final class LogRuns {

    static final String SOURCE = "source";
    static final String LOGS = "logs";
    static final String LOG_SOURCE = "log_source";
    static final String DATASET_FILE = "dataset.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogRuns() {}

    /** Whether a run was made from a request log (its evaluators read its own dataset file). */
    static boolean fromLogs(RunRecord run) {
        return LOGS.equals(run.tags().get(SOURCE)) && run.dataFile() != null;
    }

    /**
     * What of the log is evaluated.
     *
     * @param kept the records to evaluate, in log order
     * @param read every record of the log
     * @param unanswered records of requests that were not answered (a status other than 200, or an error)
     * @param outside answered records outside {@code --since}/{@code --until}
     * @param metadataOnly records logged without their inputs and outputs, which cannot be evaluated
     * @param seed the seed the sample was drawn with
     */
    record Selection(List<RequestLog.Record> kept, int read, int unanswered, int outside, int metadataOnly, long seed) {

        /** One line: what was read, skipped and kept. */
        String describe(String source, LogSample sample) {
            StringBuilder sb =
                    new StringBuilder("Read " + read + " request record" + (read == 1 ? "" : "s") + " from " + source);
            if (metadataOnly > 0) {
                sb.append("; skipped ")
                        .append(metadataOnly)
                        .append(" logged without inputs and outputs (serve with --log-request-bodies)");
            }
            if (unanswered > 0) {
                sb.append("; skipped ").append(unanswered).append(" not answered (status other than 200 or an error)");
            }
            if (outside > 0) {
                sb.append("; skipped ").append(outside).append(" outside --since/--until");
            }
            sb.append("; evaluating ").append(kept.size());
            if (!(sample instanceof LogSample.All)) {
                sb.append(" (--sample, seed ").append(seed).append(')');
            }
            return sb.append('.').toString();
        }
    }

    /**
     * Keeps the answered records in the window, then the sample.
     *
     * @throws StateException when no answered record lies in the window
     */
    static Selection select(List<RequestLog.Record> records, LogEvaluation logs, String source, long seed) {
        List<RequestLog.Record> answered = new ArrayList<>();
        List<RequestLog.Record> inWindow = new ArrayList<>();
        int metadataOnly = 0;
        for (RequestLog.Record r : records) {
            if (!r.bodies()) {
                metadataOnly++;
            } else if (r.answered()) {
                answered.add(r);
                if (logs.covers(r.time())) {
                    inWindow.add(r);
                }
            }
        }
        if (inWindow.isEmpty()) {
            throw new StateException(nothingToEvaluate(records, answered, metadataOnly, logs, source));
        }
        List<RequestLog.Record> kept = new ArrayList<>();
        for (int i : logs.sample().pick(inWindow.size(), seed)) {
            kept.add(inWindow.get(i));
        }
        return new Selection(
                kept,
                records.size(),
                records.size() - metadataOnly - answered.size(),
                answered.size() - inWindow.size(),
                metadataOnly,
                seed);
    }

    private static String nothingToEvaluate(
            List<RequestLog.Record> records,
            List<RequestLog.Record> answered,
            int metadataOnly,
            LogEvaluation logs,
            String source) {
        if (records.isEmpty()) {
            return "request log " + source + " holds no request; serve with 'llmops serve --log-requests' first";
        }
        if (metadataOnly == records.size()) {
            return "request log " + source + " holds " + records.size() + " requests logged without their inputs and"
                    + " outputs, so there is nothing to evaluate; serve with 'llmops serve --log-requests FILE"
                    + " --log-request-bodies'";
        }
        if (answered.isEmpty()) {
            return "request log " + source + " holds " + records.size()
                    + " requests and none was answered (status 200); nothing to evaluate";
        }
        Instant first = answered.stream()
                .map(RequestLog.Record::time)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = answered.stream()
                .map(RequestLog.Record::time)
                .max(Instant::compareTo)
                .orElseThrow();
        return "no answered request of " + source + " lies in " + window(logs) + ": its " + answered.size()
                + " answered requests are from " + first + " to " + last + "; widen --since/--until";
    }

    private static String window(LogEvaluation logs) {
        return "[" + (logs.since() == null ? "start" : logs.since()) + ", "
                + (logs.until() == null ? "end" : logs.until()) + ")";
    }

    /**
     * The standard dataset the requests stand for: {@code --dataset} when given, else the first dataset of the
     * experiment (standard datasets first, then the ones evaluators reference) that an evaluator applies to.
     *
     * @throws ConfigException when no evaluator applies to it
     */
    static String dataset(Experiment experiment, LogEvaluation logs) {
        Set<String> candidates = new LinkedHashSet<>();
        experiment.datasets().forEach(d -> candidates.add(d.name()));
        for (Evaluator e : experiment.evaluators()) {
            e.datasets().forEach(d -> candidates.add(d.standardDatasetName()));
        }
        List<String> applicable = candidates.stream()
                .filter(name -> !experiment.evaluatorDatasetsFor(name).isEmpty())
                .toList();
        if (logs.dataset() != null) {
            if (!applicable.contains(logs.dataset())) {
                throw ConfigException.of(
                        "no evaluator of " + experiment.name() + " applies to dataset '" + logs.dataset() + "'",
                        applicable.isEmpty()
                                ? "give an evaluator a dataset"
                                : "pick one an evaluator names or references: " + String.join(", ", applicable));
            }
            return logs.dataset();
        }
        if (applicable.isEmpty()) {
            throw ConfigException.of(
                    "no evaluator of " + experiment.name() + " names or references a dataset, so none can read the"
                            + " request log",
                    "add an evaluator with a dataset, e.g. in experiment-postprod.yaml");
        }
        return applicable.getFirst();
    }

    /**
     * Writes the selection as a finished standard run: run.json, one line per request, and the dataset file.
     *
     * @param source the log source as given, stored as the {@code log_source} tag
     */
    static RunRecord materialize(
            Experiment experiment,
            RunStore store,
            String dataset,
            Selection selection,
            String source,
            String buildId,
            Instant now) {
        String name = store.newRunName(experiment.name(), LOGS, dataset, now);
        Path dataFile = store.dir(name).resolve(DATASET_FILE);
        Map<String, String> tags = new LinkedHashMap<>(RunKind.STANDARD.tags());
        tags.put(SOURCE, LOGS);
        tags.put(LOG_SOURCE, source);
        if (buildId != null) {
            tags.put("build_id", buildId);
        }
        int n = selection.kept().size();
        RunRecord record = RunRecord.builder()
                .name(name)
                .batch(name)
                .experiment(experiment.name())
                .env(experiment.env())
                // The log does not say which flow version answered, so no definition hash is claimed.
                .flow(experiment.flow(), null)
                .variant("default", Map.of())
                .dataset(dataset, dataFile.toString())
                .status(RunStatus.Running)
                .created(now)
                .started(now)
                .lines(new RunRecord.Lines(n, 0, 0))
                .buildId(buildId)
                .tags(tags)
                .process(RunRecord.Owner.current())
                .build();
        try (RunWriter writer = store.create(record);
                BufferedWriter data = Files.newBufferedWriter(dataFile, StandardCharsets.UTF_8)) {
            int line = 0;
            for (RequestLog.Record r : selection.kept()) {
                data.write(JSON.writeValueAsString(r.row()));
                data.write('\n');
                writer.append(
                        new LineRecord(
                                line++, LineRecord.COMPLETED, r.outputs(), null, new LineRecord.Tokens(0, 0, 0), 0),
                        r.inputs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run " + name + ": " + e.getMessage(), e);
        }
        RunRecord done = record.finished(
                RunStatus.Completed,
                now,
                0,
                new RunRecord.Lines(n, n, 0),
                new LineRecord.Tokens(0, 0, 0),
                null,
                null,
                Map.of(),
                null);
        store.save(done);
        return done;
    }

    /** The evaluation data of an evaluator dataset over a log run: the run's own rows. */
    static Path dataFile(RunRecord logRun) {
        return Path.of(logRun.dataFile());
    }
}
