package dev.llmops.experiment;

import dev.llmops.SystemEnv;
import dev.llmops.dataops.AssetFetcher;
import dev.llmops.dataops.DataAssetException;
import dev.llmops.dataops.FetchedAsset;
import dev.llmops.secret.SecretMasker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code azureml:} sources of an experiment, made local for validate and every command that runs: each distinct
 * source is fetched once (from the cache when it holds the version), and what fails is reported at the dataset
 * that names it.
 */
final class AssetChecks {

    private final Experiment experiment;
    private final SystemEnv env;
    private final SecretMasker masker;
    private final Problems problems;

    AssetChecks(Experiment experiment, SystemEnv env, SecretMasker masker, Problems problems) {
        this.experiment = experiment;
        this.env = env;
        this.masker = masker;
        this.problems = problems;
    }

    /** Source as written → its local copy; sources that failed are missing (and reported). */
    Map<String, FetchedAsset> fetch() {
        List<Dataset> all = new ArrayList<>(experiment.datasets());
        experiment.evaluators().forEach(e -> all.addAll(e.datasets()));
        Map<String, FetchedAsset> fetched = new LinkedHashMap<>();
        Set<String> tried = new HashSet<>();
        AssetFetcher assets = null;
        for (Dataset dataset : all) {
            if (dataset.asset() == null || !tried.add(dataset.source())) {
                continue; // local, malformed (reported by the loader), or done
            }
            if (assets == null) {
                assets = AssetFetcher.forUseCase(env, experiment.useCaseDir(), masker);
            }
            String what = (dataset.isEvaluation() ? "evaluation dataset '" : "dataset '") + dataset.name() + "'";
            try {
                FetchedAsset asset = assets.fetch(dataset.asset());
                fetched.put(dataset.source(), asset);
                asset.warning().ifPresent(w -> problems.warning(dataset.location(), what + ": " + w, null));
            } catch (DataAssetException e) {
                problems.error(dataset.location(), what + ": " + e.getMessage(), e.hint());
            }
        }
        return fetched;
    }
}
