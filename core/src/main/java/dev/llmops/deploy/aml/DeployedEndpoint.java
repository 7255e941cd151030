package dev.llmops.deploy.aml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one configuration element deployed.
 *
 * @param endpoint the endpoint name
 * @param deployment the deployment created or updated
 * @param scoringUri where the endpoint scores
 * @param traffic the endpoint's live traffic afterwards
 * @param mirrorTraffic its shadow traffic afterwards
 * @param modelVersion the model version the deployment serves, when one was registered
 * @param environment the environment version id the deployment runs
 * @param notes what differed from the configuration, and why
 */
public record DeployedEndpoint(
        String endpoint,
        String deployment,
        String scoringUri,
        Map<String, Integer> traffic,
        Map<String, Integer> mirrorTraffic,
        Optional<String> modelVersion,
        String environment,
        List<String> notes) {

    public DeployedEndpoint {
        traffic = Collections.unmodifiableMap(new LinkedHashMap<>(traffic));
        mirrorTraffic = Collections.unmodifiableMap(new LinkedHashMap<>(mirrorTraffic));
        notes = List.copyOf(notes);
    }
}
