package dev.llmops.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.experiment.Mapping;
import dev.llmops.run.store.RunStore;
import dev.llmops.run.variant.PlannedRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes datasets and builds run requests for runner tests. */
final class RunnerFixture {

    static final FlowSignature SIGNATURE = FlowSignature.of(
            FlowSignature.Input.required("question"), FlowSignature.Input.withDefault("style", "short"));

    final Path dir;
    final RunStore store;

    RunnerFixture(Path dir) {
        this.dir = dir;
        this.store = new RunStore(dir.resolve(".llmops/runs"));
    }

    Path dataset(String name, int rows) {
        List<String> lines = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            for (int i = 0; i < rows; i++) {
                lines.add(mapper.writeValueAsString(Map.of("q", "question " + i, "id", i)));
            }
            Path file = dir.resolve(name + ".jsonl");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DatasetInput input(String name, int rows) {
        return DatasetInput.of(name, dataset(name, rows), Mapping.parseAll(Map.of("question", "${data.q}")));
    }

    RunRequest request(List<PlannedRun> runs, List<DatasetInput> datasets, LineExecutor executor, RunOptions opts) {
        Map<String, DatasetInput> byName = new LinkedHashMap<>();
        datasets.forEach(d -> byName.put(d.name(), d));
        return new RunRequest(
                "exp", "dev", "flows/standard", "hash-1", runs, byName, SIGNATURE, plan -> executor, opts);
    }

    static PlannedRun defaults(String dataset) {
        return new PlannedRun(dataset, Map.of(), PlannedRun.DEFAULT_LABEL);
    }

    ExperimentRunner runner() {
        return new ExperimentRunner(store, Clock.systemUTC());
    }
}
