package dev.llmops.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code kubernetes_endpoint} element of {@code configs/deployment_config.json}, the one whose {@code ENV_NAME}
 * is the environment deployed. The template's fields keep their meaning: {@code ENDPOINT_NAME} names the Service,
 * {@code CURRENT_DEPLOYMENT_NAME} the Deployment (a slot behind it), {@code DEPLOYMENT_INSTANCE_COUNT} the
 * replicas, {@code CPU_ALLOCATION} / {@code MEMORY_ALLOCATION} the container's requests and limits,
 * {@code ENVIRONMENT_VARIABLES} plain variables. {@code COMPUTE_NAME} and {@code DEPLOYMENT_VM_SIZE} belong to
 * Azure ML's attached clusters and are ignored.
 *
 * @param file the configuration file
 * @param endpoint the Service name
 * @param deployment the slot name; the Deployment is {@code <endpoint>-<deployment>}
 * @param replicas the replica count
 * @param cpu the CPU request and limit, a Kubernetes quantity
 * @param memory the memory request and limit, a Kubernetes quantity
 * @param variables plain environment variables, in file order
 */
public record KubernetesEntry(
        Path file,
        String endpoint,
        String deployment,
        int replicas,
        String cpu,
        String memory,
        Map<String, String> variables) {

    /** The array read, as in the template. */
    public static final String ARRAY = "kubernetes_endpoint";

    /** The configuration file, relative to the use case. */
    public static final String RELATIVE_PATH = "configs/deployment_config.json";

    /** CPU request and limit when {@code CPU_ALLOCATION} is empty (the template's samples leave it empty). */
    public static final String DEFAULT_CPU = "500m";

    /** Memory request and limit when {@code MEMORY_ALLOCATION} is empty: a JVM with a flow needs more than 500Mi. */
    public static final String DEFAULT_MEMORY = "1Gi";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern QUANTITY =
            Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][-+]?[0-9]+)?");

    public KubernetesEntry {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** The Deployment's name. */
    public String deploymentName() {
        return endpoint + "-" + deployment;
    }

    /**
     * @param envName the environment deployed ({@code ENV_NAME} selects the element)
     * @throws ConfigException when the file or the element is missing, or a field is not valid for Kubernetes
     */
    public static KubernetesEntry load(Path useCaseDir, String envName) {
        Path file = useCaseDir.resolve(RELATIVE_PATH);
        if (!Files.isRegularFile(file)) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    "no deployment configuration",
                    "write " + RELATIVE_PATH + " with a \"" + ARRAY + "\" array (docs/deploy.md shows one)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw ConfigException.at(
                    file, line, column, "not valid JSON: " + e.getOriginalMessage(), "fix the JSON syntax");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        JsonNode array = root == null ? null : root.get(ARRAY);
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    "no \"" + ARRAY + "\" array",
                    "add \"" + ARRAY + "\": [{\"ENV_NAME\": \"" + (envName == null ? "dev" : envName)
                            + "\", \"ENDPOINT_NAME\": ..., \"CURRENT_DEPLOYMENT_NAME\": ...}]");
        }
        List<String> envs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String env = text(e, "ENV_NAME");
            envs.add(env);
            if (envName == null || envName.equals(env)) {
                return parse(file, i, e);
            }
        }
        throw ConfigException.at(
                file,
                0,
                0,
                "no \"" + ARRAY + "\" element has ENV_NAME \"" + envName + "\" (found: " + String.join(", ", envs)
                        + ")",
                "add an element for " + envName + ", or deploy with -e " + (envs.isEmpty() ? "ENV" : envs.get(0)));
    }

    private static KubernetesEntry parse(Path file, int index, JsonNode e) {
        String where = ARRAY + "[" + index + "].";
        String endpoint = text(e, "ENDPOINT_NAME");
        String deployment = text(e, "CURRENT_DEPLOYMENT_NAME");
        label(file, where + "ENDPOINT_NAME", endpoint);
        label(file, where + "CURRENT_DEPLOYMENT_NAME", deployment);
        if (endpoint.length() + 1 + deployment.length() > 63) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    where + "ENDPOINT_NAME-CURRENT_DEPLOYMENT_NAME is longer than 63 characters: it names the"
                            + " Deployment",
                    "shorten one of the two names");
        }
        int replicas = 1;
        JsonNode count = e.get("DEPLOYMENT_INSTANCE_COUNT");
        if (count != null && !count.isNull() && !count.asText().isBlank()) {
            try {
                replicas = Integer.parseInt(count.asText().strip());
            } catch (NumberFormatException ex) {
                replicas = -1;
            }
            if (replicas < 1) {
                throw ConfigException.at(
                        file,
                        0,
                        0,
                        where + "DEPLOYMENT_INSTANCE_COUNT is " + count + ", not a replica count",
                        "write a whole number of at least 1, e.g. 1");
            }
        }
        String cpu = quantity(file, where + "CPU_ALLOCATION", text(e, "CPU_ALLOCATION"), DEFAULT_CPU, "0.5 or 500m");
        String memory =
                quantity(file, where + "MEMORY_ALLOCATION", text(e, "MEMORY_ALLOCATION"), DEFAULT_MEMORY, "1Gi");
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = e.get("ENVIRONMENT_VARIABLES");
        if (vars != null && !vars.isNull()) {
            if (!vars.isObject()) {
                throw ConfigException.at(
                        file,
                        0,
                        0,
                        where + "ENVIRONMENT_VARIABLES must be an object of names to values",
                        "write {\"NAME\": \"value\"}");
            }
            vars.properties()
                    .forEach(p -> variables.put(p.getKey(), p.getValue().asText()));
        }
        return new KubernetesEntry(file, endpoint, deployment, replicas, cpu, memory, variables);
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e == null ? null : e.get(field);
        return v == null || v.isNull() ? "" : v.asText().strip();
    }

    private static void label(Path file, String field, String value) {
        if (value.isEmpty()) {
            throw ConfigException.at(file, 0, 0, field + " is missing or empty", "name it, e.g. \"ner\"");
        }
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    field + " \"" + value + "\" is not a Kubernetes name",
                    "use lower-case letters, digits and '-', starting with a letter, at most 63 characters");
        }
    }

    private static String quantity(Path file, String field, String value, String fallback, String example) {
        if (value.isEmpty()) {
            return fallback;
        }
        if (!QUANTITY.matcher(value).matches()) {
            throw ConfigException.at(
                    file,
                    0,
                    0,
                    field + " \"" + value + "\" is not a Kubernetes quantity",
                    "write e.g. " + example + ", or leave it empty for " + fallback);
        }
        return value;
    }
}
