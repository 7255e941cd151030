package dev.llmops.experiment;

import dev.llmops.dataops.register.DatasetSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets {@code llmops data register} registers, collected as the template's {@code register_data_asset}
 * does: the experiment's datasets, then every evaluator's, one per name (a later one with the same name wins), each
 * with the local file it reads or, for an {@code azureml:} source, none.
 */
public final class DatasetSources {

    private DatasetSources() {}

    public static List<DatasetSource> of(Experiment experiment) {
        Map<String, Dataset> byName = new LinkedHashMap<>();
        experiment.datasets().forEach(d -> byName.put(d.name(), d));
        experiment.evaluators().forEach(e -> e.datasets().forEach(d -> byName.put(d.name(), d)));
        List<DatasetSource> out = new ArrayList<>();
        for (Dataset d : byName.values()) {
            out.add(new DatasetSource(
                    d.name(),
                    d.description(),
                    d.source(),
                    d.isRemote() ? Optional.empty() : Optional.of(d.localPath(experiment.useCaseDir())),
                    d.location()));
        }
        return out;
    }
}
