package dev.llmops.deploy.aml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.OnlineDeploymentSpec;
import java.util.Map;
import java.util.Optional;

/** The request bodies of api-version 2024-10-01 ({@code mfe.json}), in one place. */
final class AmlBodies {

    static final String API_VERSION = "2024-10-01";
    static final ObjectMapper JSON = new ObjectMapper();
    /** The template's request timeout (3 minutes, the managed-endpoint maximum). */
    static final String REQUEST_TIMEOUT = "PT3M";

    static final int PORT = 8080;

    private AmlBodies() {}

    /** {@code PUT onlineEndpoints/{name}}: key auth, system identity, the workspace's secret stores. */
    static ObjectNode endpoint(
            OnlineDeploymentSpec spec, AzureWorkspace ws, String location, Optional<String> buildId) {
        ObjectNode body = JSON.createObjectNode().put("location", location);
        body.putObject("identity").put("type", "SystemAssigned");
        tags(body, buildId);
        ObjectNode p = body.putObject("properties");
        p.put("authMode", "Key");
        p.put("description", spec.endpointDescription());
        if (spec.target() == DeployTarget.KUBERNETES) {
            p.put("compute", ws.path("computes/" + spec.compute()));
        }
        p.putObject("properties").put("enforce_access_to_default_secret_stores", "enabled");
        return body;
    }

    /** {@code PUT environments/{name}/versions/{v}}: the image and the inference routes of {@code llmops serve}. */
    static ObjectNode environment(String image, String experiment) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode p = body.putObject("properties");
        p.put("description", "llmops image of " + experiment);
        p.put("image", image);
        p.put("osType", "Linux");
        ObjectNode inference = p.putObject("inferenceConfig");
        inference.putObject("livenessRoute").put("path", "/health").put("port", PORT);
        inference.putObject("readinessRoute").put("path", "/health").put("port", PORT);
        inference.putObject("scoringRoute").put("path", "/score").put("port", PORT);
        return body;
    }

    /** {@code PUT onlineEndpoints/{ep}/deployments/{d}}: managed (VM size, count) or Kubernetes (requests). */
    static ObjectNode deployment(
            OnlineDeploymentSpec spec,
            String location,
            String environmentId,
            Optional<String> modelId,
            Map<String, String> variables,
            Optional<String> buildId) {
        ObjectNode body = JSON.createObjectNode().put("location", location);
        tags(body, buildId);
        body.putObject("sku").put("name", "Default").put("capacity", spec.instanceCount());
        ObjectNode p = body.putObject("properties");
        boolean k8s = spec.target() == DeployTarget.KUBERNETES;
        p.put("endpointComputeType", k8s ? "Kubernetes" : "Managed");
        p.put("description", spec.deploymentDescription());
        modelId.ifPresent(m -> p.put("model", m));
        p.put("environmentId", environmentId);
        p.put("instanceType", spec.instanceType());
        ObjectNode env = p.putObject("environmentVariables");
        variables.forEach(env::put);
        p.put("appInsightsEnabled", true);
        p.putObject("requestSettings").put("requestTimeout", REQUEST_TIMEOUT);
        if (k8s) {
            ObjectNode requests = p.putObject("containerResourceRequirements").putObject("containerResourceRequests");
            requests.put("cpu", spec.cpu()).put("memory", spec.memory());
        }
        ObjectNode collections = p.putObject("dataCollector").putObject("collections");
        for (String name : new String[] {"model_inputs", "model_outputs"}) {
            collections.putObject(name).put("dataCollectionMode", "Enabled").put("samplingRate", 1.0);
        }
        return body;
    }

    private static void tags(ObjectNode body, Optional<String> buildId) {
        ObjectNode tags = body.putObject("tags");
        buildId.ifPresent(id -> tags.put("build_id", id));
    }
}
