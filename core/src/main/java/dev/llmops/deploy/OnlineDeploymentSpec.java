package dev.llmops.deploy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One element of {@code azure_managed_endpoint[]} or {@code kubernetes_endpoint[]}, validated: names filled in,
 * traffic numeric and consistent.
 *
 * @param target which array it came from
 * @param file the configuration file
 * @param where its JSON path, e.g. {@code azure_managed_endpoint[0]}, with {@code line} for messages
 * @param line 1-based line of the element in the file
 * @param testFile the request file for the smoke test, relative to the use case ({@code TEST_FILE_PATH})
 * @param endpoint {@code ENDPOINT_NAME}
 * @param endpointDescription {@code ENDPOINT_DESC}, may be empty
 * @param deploymentDescription {@code DEPLOYMENT_DESC}, may be empty
 * @param deployment {@code CURRENT_DEPLOYMENT_NAME}: the deployment to create or update
 * @param traffic {@code CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION}, 0–100
 * @param prior {@code PRIOR_DEPLOYMENT_NAME}, empty when none
 * @param priorTraffic {@code PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION} when given; always {@code 100 - traffic} then
 * @param instanceType {@code DEPLOYMENT_VM_SIZE} (managed: VM size; Kubernetes: instance type)
 * @param instanceCount {@code DEPLOYMENT_INSTANCE_COUNT}
 * @param environmentVariables {@code ENVIRONMENT_VARIABLES}, in file order
 * @param compute {@code COMPUTE_NAME} (Kubernetes only, else empty)
 * @param cpu {@code CPU_ALLOCATION} (Kubernetes only, else empty)
 * @param memory {@code MEMORY_ALLOCATION} (Kubernetes only, else empty)
 */
public record OnlineDeploymentSpec(
        DeployTarget target,
        Path file,
        String where,
        int line,
        String testFile,
        String endpoint,
        String endpointDescription,
        String deploymentDescription,
        String deployment,
        int traffic,
        Optional<String> prior,
        OptionalInt priorTraffic,
        String instanceType,
        int instanceCount,
        Map<String, String> environmentVariables,
        String compute,
        String cpu,
        String memory) {

    public OnlineDeploymentSpec {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deployment, "deployment");
        environmentVariables = Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
    }

    /** {@code file:line} of the element, for messages. */
    public String location() {
        return file + (line > 0 ? ":" + line : "") + " (" + where + ")";
    }
}
