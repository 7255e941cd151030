package dev.llmops.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.deploy.DeploymentConfigLoader;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code kubernetes_endpoint} element of {@code configs/deployment_config.json}, the one whose {@code ENV_NAME}
 * is the environment deployed. The template's fields keep their meaning: {@code ENDPOINT_NAME} names the Service,
 * {@code CURRENT_DEPLOYMENT_NAME} and {@code PRIOR_DEPLOYMENT_NAME} the two slots behind it (Deployments
 * {@code <endpoint>-<slot>}), {@code CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION} the share a new release gets after its
 * smoke test, {@code TEST_FILE_PATH} the smoke-test request, {@code DEPLOYMENT_INSTANCE_COUNT} the replicas,
 * {@code CPU_ALLOCATION} / {@code MEMORY_ALLOCATION} the container's requests and limits,
 * {@code ENVIRONMENT_VARIABLES} plain variables. {@code AUTOSCALE} and {@code INGRESS} are llmops' own (optional).
 * {@code COMPUTE_NAME} and {@code DEPLOYMENT_VM_SIZE} belong to Azure ML's attached clusters and are ignored.
 *
 * @param file the configuration file
 * @param where the element, e.g. {@code kubernetes_endpoint[1]}
 * @param endpoint the Service name
 * @param deployment the slot deployed first ({@code CURRENT_DEPLOYMENT_NAME})
 * @param prior the other slot ({@code PRIOR_DEPLOYMENT_NAME}); empty for one slot updated in place
 * @param traffic the share of a new release once it passed its smoke test, 0-100
 * @param testFile the smoke-test request, relative to the use case
 * @param replicas the replica count of a slot
 * @param cpu the CPU request and limit, a Kubernetes quantity
 * @param memory the memory request and limit, a Kubernetes quantity
 * @param variables plain environment variables, in file order
 * @param autoscale a HorizontalPodAutoscaler per slot, when configured
 * @param ingress an Ingress in front of the Service, when configured; it carries the canary weight
 */
public record KubernetesEntry(
        Path file,
        String where,
        String endpoint,
        String deployment,
        Optional<String> prior,
        int traffic,
        String testFile,
        int replicas,
        String cpu,
        String memory,
        Map<String, String> variables,
        Optional<Autoscale> autoscale,
        Optional<IngressConfig> ingress) {

    /** {@code AUTOSCALE}: {@code {"MIN_REPLICAS": 1, "MAX_REPLICAS": 5, "TARGET_CPU_UTILIZATION": 70}}. */
    public record Autoscale(int min, int max, int cpuUtilization) {}

    /**
     * {@code INGRESS}: {@code {"HOST": "ner.example.com", "PATH": "/", "CLASS_NAME": "nginx", "TLS_SECRET_NAME":
     * "ner-tls"}}; the canary weight is NGINX Ingress's, so the class must be served by ingress-nginx.
     */
    public record IngressConfig(String host, String path, String className, Optional<String> tlsSecret) {}

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
    private static final Pattern HOST =
            Pattern.compile("(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public KubernetesEntry {
        variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** The Deployment of the slot {@code CURRENT_DEPLOYMENT_NAME}. */
    public String deploymentName() {
        return deploymentName(deployment);
    }

    /** The Deployment (and slot Service) of a slot: {@code <endpoint>-<slot>}. */
    public String deploymentName(String slot) {
        return endpoint + "-" + slot;
    }

    /**
     * @param config the configuration file, or null for {@value #RELATIVE_PATH} of the use case
     * @param envName the environment deployed ({@code ENV_NAME} selects the element)
     * @throws ConfigException when the file or the element is missing, or a field is not valid for Kubernetes
     */
    public static KubernetesEntry load(Path useCaseDir, Path config, String envName) {
        Path file = config == null ? useCaseDir.resolve(RELATIVE_PATH) : useCaseDir.resolve(config);
        return read(file, envName);
    }

    private static KubernetesEntry read(Path path, String envName) {
        if (!Files.isRegularFile(path)) {
            throw ConfigException.at(
                    path,
                    0,
                    0,
                    "no deployment configuration",
                    "write " + RELATIVE_PATH + " with a \"" + ARRAY + "\" array (docs/deploy.md shows one)");
        }
        JsonNode root;
        Source file;
        try {
            String text = Files.readString(path);
            root = JSON.readTree(text);
            file = new Source(path, DeploymentConfigLoader.locations(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw ConfigException.at(
                    path, line, column, "not valid JSON: " + e.getOriginalMessage(), "fix the JSON syntax");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + path, e);
        }
        JsonNode array = root == null ? null : root.get(ARRAY);
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw file.at(
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
        throw file.at(
                "no \"" + ARRAY + "\" element has ENV_NAME \"" + envName + "\" (found: " + String.join(", ", envs)
                        + ")",
                "add an element for " + envName + ", or deploy with -e " + (envs.isEmpty() ? "ENV" : envs.get(0)));
    }

    private static KubernetesEntry parse(Source file, int index, JsonNode e) {
        String element = ARRAY + "[" + index + "]";
        String where = element + ".";
        String endpoint = text(e, "ENDPOINT_NAME");
        String deployment = text(e, "CURRENT_DEPLOYMENT_NAME");
        label(file, where + "ENDPOINT_NAME", endpoint);
        label(file, where + "CURRENT_DEPLOYMENT_NAME", deployment);
        Optional<String> prior = Optional.of(text(e, "PRIOR_DEPLOYMENT_NAME")).filter(s -> !s.isEmpty());
        prior.ifPresent(p -> label(file, where + "PRIOR_DEPLOYMENT_NAME", p));
        if (prior.isPresent() && prior.get().equals(deployment)) {
            throw file.at(
                    where + "PRIOR_DEPLOYMENT_NAME is CURRENT_DEPLOYMENT_NAME (\"" + deployment + "\")",
                    "name two slots, e.g. \"blue\" and \"green\", or leave PRIOR_DEPLOYMENT_NAME empty for one slot");
        }
        for (String slot : prior.map(p -> List.of(deployment, p)).orElse(List.of(deployment))) {
            if (endpoint.length() + 1 + slot.length() > 63) {
                throw file.at(
                        where + "ENDPOINT_NAME-" + (slot.equals(deployment) ? "CURRENT" : "PRIOR")
                                + "_DEPLOYMENT_NAME is longer than 63 characters: it names the Deployment",
                        "shorten one of the two names");
            }
        }
        int traffic = percent(file, where + "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION", e, 100);
        if (e.hasNonNull("PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION")
                && !text(e, "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION").isEmpty()) {
            int priorTraffic = percent(file, where + "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION", e, 0);
            if (priorTraffic + traffic != 100) {
                throw file.at(
                        where + "CURRENT_ and PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION add up to " + (priorTraffic + traffic)
                                + ", not 100",
                        "make them add up to 100, or leave PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION empty");
            }
        }
        if (traffic < 100 && prior.isEmpty()) {
            throw file.at(
                    where + "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION is " + traffic + " but there is no"
                            + " PRIOR_DEPLOYMENT_NAME to serve the rest",
                    "name a second slot in PRIOR_DEPLOYMENT_NAME (e.g. \"green\" beside \"blue\"), or give 100");
        }
        String testFile = text(e, "TEST_FILE_PATH");
        int replicas = 1;
        JsonNode count = e.get("DEPLOYMENT_INSTANCE_COUNT");
        if (count != null && !count.isNull() && !count.asText().isBlank()) {
            replicas = whole(file, where + "DEPLOYMENT_INSTANCE_COUNT", count, 1);
        }
        String cpu = quantity(file, where + "CPU_ALLOCATION", text(e, "CPU_ALLOCATION"), DEFAULT_CPU, "0.5 or 500m");
        String memory =
                quantity(file, where + "MEMORY_ALLOCATION", text(e, "MEMORY_ALLOCATION"), DEFAULT_MEMORY, "1Gi");
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = e.get("ENVIRONMENT_VARIABLES");
        if (vars != null && !vars.isNull()) {
            if (!vars.isObject()) {
                throw file.at(
                        where + "ENVIRONMENT_VARIABLES must be an object of names to values",
                        "write {\"NAME\": \"value\"}");
            }
            vars.properties()
                    .forEach(p -> variables.put(p.getKey(), p.getValue().asText()));
        }
        Optional<Autoscale> autoscale = autoscale(file, where + "AUTOSCALE", e.get("AUTOSCALE"), replicas);
        Optional<IngressConfig> ingress = ingress(file, where + "INGRESS", e.get("INGRESS"));
        if (traffic > 0 && traffic < 100 && autoscale.isPresent() && ingress.isEmpty()) {
            throw file.at(
                    where + "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION " + traffic + " with AUTOSCALE needs INGRESS: a"
                            + " share by pod count does not hold while an autoscaler changes the counts",
                    "add an INGRESS (NGINX canary weight), or remove AUTOSCALE, or give 100");
        }
        return new KubernetesEntry(
                file.path(),
                element,
                endpoint,
                deployment,
                prior,
                traffic,
                testFile.isEmpty() ? "sample-request.json" : testFile,
                replicas,
                cpu,
                memory,
                variables,
                autoscale,
                ingress);
    }

    private static Optional<Autoscale> autoscale(Source file, String where, JsonNode node, int replicas) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw file.at(
                    where + " must be an object",
                    "write {\"MIN_REPLICAS\": 1, \"MAX_REPLICAS\": 5, \"TARGET_CPU_UTILIZATION\": 70}");
        }
        int min = node.hasNonNull("MIN_REPLICAS")
                ? whole(file, where + ".MIN_REPLICAS", node.get("MIN_REPLICAS"), 1)
                : replicas;
        if (!node.hasNonNull("MAX_REPLICAS")) {
            throw file.at(where + ".MAX_REPLICAS is missing", "give the most replicas a slot may have, e.g. 5");
        }
        int max = whole(file, where + ".MAX_REPLICAS", node.get("MAX_REPLICAS"), 1);
        if (max < min) {
            throw file.at(
                    where + ".MAX_REPLICAS " + max + " is below MIN_REPLICAS " + min,
                    "give a MAX_REPLICAS of at least " + min);
        }
        int cpu = node.hasNonNull("TARGET_CPU_UTILIZATION")
                ? whole(file, where + ".TARGET_CPU_UTILIZATION", node.get("TARGET_CPU_UTILIZATION"), 1)
                : 70;
        return Optional.of(new Autoscale(min, max, cpu));
    }

    private static Optional<IngressConfig> ingress(Source file, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw file.at(
                    where + " must be an object", "write {\"HOST\": \"ner.example.com\", \"CLASS_NAME\": \"nginx\"}");
        }
        String host = text(node, "HOST").toLowerCase(java.util.Locale.ROOT);
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw file.at(
                    where + ".HOST " + (host.isEmpty() ? "is missing" : "\"" + host + "\" is not a host name"),
                    "give the DNS name clients call, e.g. \"ner.example.com\"");
        }
        String path = text(node, "PATH");
        if (path.isEmpty()) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            throw file.at(where + ".PATH \"" + path + "\" does not start with /", "write e.g. \"/\"");
        }
        String className = text(node, "CLASS_NAME");
        Optional<String> tls = Optional.of(text(node, "TLS_SECRET_NAME")).filter(s -> !s.isEmpty());
        tls.ifPresent(t -> label(file, where + ".TLS_SECRET_NAME", t));
        return Optional.of(new IngressConfig(host, path, className.isEmpty() ? "nginx" : className, tls));
    }

    private static int percent(Source file, String field, JsonNode e, int fallback) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        String v = text(e, name);
        if (v.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException ex) {
            n = -1;
        }
        if (n < 0 || n > 100) {
            throw file.at(field + " is \"" + v + "\", not a share from 0 to 100", "write e.g. 100, or 10");
        }
        return n;
    }

    private static int whole(Source file, String field, JsonNode value, int least) {
        int n;
        try {
            n = Integer.parseInt(value.asText().strip());
        } catch (NumberFormatException ex) {
            n = least - 1;
        }
        if (n < least) {
            throw file.at(
                    field + " is " + value + ", not a whole number of at least " + least,
                    "write a whole number of at least " + least + ", e.g. " + Math.max(least, 1));
        }
        return n;
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e == null ? null : e.get(field);
        return v == null || v.isNull() ? "" : v.asText().strip();
    }

    private static void label(Source file, String field, String value) {
        if (value.isEmpty()) {
            throw file.at(field + " is missing or empty", "name it, e.g. \"ner\"");
        }
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw file.at(
                    field + " \"" + value + "\" is not a Kubernetes name",
                    "use lower-case letters, digits and '-', starting with a letter, at most 63 characters");
        }
    }

    private static String quantity(Source file, String field, String value, String fallback, String example) {
        if (value.isEmpty()) {
            return fallback;
        }
        if (!QUANTITY.matcher(value).matches()) {
            throw file.at(
                    field + " \"" + value + "\" is not a Kubernetes quantity",
                    "write e.g. " + example + ", or leave it empty for " + fallback);
        }
        return value;
    }

    /**
     * The file being read and where each of its values starts. An error names the line of the field its message
     * starts with ({@code kubernetes_endpoint[1].INGRESS.HOST is ...}), or of the nearest enclosing value that
     * exists (a missing field: its element), else of the array.
     */
    private record Source(Path path, Map<String, JsonLocation> locations) {

        private static final Pattern FIELD =
                Pattern.compile("^" + Pattern.quote(ARRAY) + "(?:\\[(\\d+)\\]((?:\\.[A-Z_]+)*))?");

        ConfigException at(String message, String fix) {
            String pointer = "/" + ARRAY;
            Matcher m = FIELD.matcher(message.startsWith("no \"" + ARRAY) ? ARRAY : message);
            if (m.find() && m.group(1) != null) {
                pointer += "/" + m.group(1) + m.group(2).replace('.', '/');
            }
            JsonLocation at = locations.get(pointer);
            while (at == null && pointer.lastIndexOf('/') > 0) {
                pointer = pointer.substring(0, pointer.lastIndexOf('/'));
                at = locations.get(pointer);
            }
            return ConfigException.at(
                    path, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), message, fix);
        }
    }
}
