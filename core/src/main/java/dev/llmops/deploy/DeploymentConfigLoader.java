package dev.llmops.deploy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code configs/deployment_config.json} (the template's file, unchanged) and returns the elements of one
 * target's array whose {@code ENV_NAME} is the environment, validated. Every problem is reported at once, each
 * with the file, line, column and field, before anything is deployed.
 */
public final class DeploymentConfigLoader {

    /** Where the template keeps the file, relative to the use case. */
    public static final String DEFAULT_FILE = "configs/deployment_config.json";

    /** Azure ML endpoint and deployment names: 3–32 letters, digits and dashes, starting with a letter. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,30}[A-Za-z0-9]");

    private static final String DEFAULT_K8S_INSTANCE_TYPE = "defaultinstancetype";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param file the configuration file
     * @param shownFile the file as messages name it (relative to the working directory)
     * @throws ConfigException listing every problem: a missing or malformed file, no element for the environment,
     *     a missing name, traffic that is not a number or does not add up to 100
     */
    public List<OnlineDeploymentSpec> load(Path file, Path shownFile, DeployTarget target, String env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(
                    shownFile,
                    0,
                    0,
                    "deployment configuration not found",
                    "create " + DEFAULT_FILE + " in the use case (llmops init writes one) or pass --config FILE");
        } catch (IOException e) {
            throw ConfigException.at(
                    shownFile, 0, 0, "cannot read the deployment configuration: " + e.getMessage(), null);
        }
        JsonNode root;
        Map<String, JsonLocation> locations;
        try {
            root = JSON.readTree(text);
            locations = locations(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ConfigException.at(
                    shownFile,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage(),
                    "fix the syntax (a missing comma or quote is the usual cause)");
        }
        Checker c = new Checker(shownFile, locations);
        if (root == null || !root.isObject()) {
            throw c.fail("", "the file must hold a JSON object with '" + target.configKey() + "'", null);
        }
        JsonNode array = root.path(target.configKey());
        if (!array.isArray()) {
            throw c.fail(
                    "",
                    "no '" + target.configKey() + "' array",
                    "add \"" + target.configKey() + "\": [ { \"ENV_NAME\": \"" + env + "\", ... } ] (docs/deploy.md"
                            + " lists the fields)");
        }
        List<OnlineDeploymentSpec> specs = new ArrayList<>();
        Set<String> envs = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String pointer = "/" + target.configKey() + "/" + i;
            if (!element.isObject()) {
                c.error(pointer, target.configKey() + "[" + i + "] must be an object", null);
                continue;
            }
            String elementEnv = element.path("ENV_NAME").asText("");
            envs.add(elementEnv);
            if (elementEnv.equals(env)) {
                specs.add(spec(c, target, shownFile, pointer, target.configKey() + "[" + i + "]", element));
            }
        }
        if (specs.isEmpty() && c.problems.isEmpty()) {
            c.error(
                    "/" + target.configKey(),
                    "no element of '" + target.configKey() + "' has ENV_NAME \"" + env + "\""
                            + (envs.isEmpty() ? " (the array is empty)" : " (it has " + String.join(", ", envs) + ")"),
                    "add one for " + env + ", or pass the environment that has one with -e");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (OnlineDeploymentSpec s : specs) {
            if (s.endpoint() != null && !seen.add(s.endpoint() + "/" + s.deployment())) {
                c.problems.add(Problem.error(
                        shownFile,
                        s.line(),
                        0,
                        s.where() + " deploys " + s.endpoint() + "/" + s.deployment() + " a second time",
                        "give each element its own endpoint or CURRENT_DEPLOYMENT_NAME"));
            }
        }
        if (!c.problems.isEmpty()) {
            throw new ConfigException(c.problems, "nothing was deployed.");
        }
        return specs;
    }

    private static OnlineDeploymentSpec spec(
            Checker c, DeployTarget target, Path file, String pointer, String where, JsonNode e) {
        String endpoint = c.name(pointer, e, "ENDPOINT_NAME", "endpoint");
        String deployment = c.name(pointer, e, "CURRENT_DEPLOYMENT_NAME", "deployment");
        int traffic =
                c.percent(pointer, e, "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION").orElse(100);
        String priorText = c.text(pointer, e, "PRIOR_DEPLOYMENT_NAME");
        Optional<String> prior = priorText.isEmpty() ? Optional.empty() : Optional.of(priorText);
        OptionalInt priorTraffic = c.percent(pointer, e, "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION");
        if (prior.isPresent()) {
            if (!NAME.matcher(priorText).matches() || priorText.startsWith("<")) {
                c.error(
                        pointer + "/PRIOR_DEPLOYMENT_NAME",
                        "PRIOR_DEPLOYMENT_NAME '" + priorText + "' is not a" + " deployment name",
                        "3-32 letters, digits and dashes, starting with a letter; or \"\"");
            }
            if (priorText.equals(deployment)) {
                c.error(
                        pointer + "/PRIOR_DEPLOYMENT_NAME",
                        "PRIOR_DEPLOYMENT_NAME is CURRENT_DEPLOYMENT_NAME (" + deployment + ")",
                        "name the deployment that serves now as the prior one, or set \"\" for none");
            }
            if (priorTraffic.isPresent() && priorTraffic.getAsInt() + traffic != 100) {
                c.error(
                        pointer + "/PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION",
                        "traffic does not add up to 100: CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION " + traffic
                                + " + PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION " + priorTraffic.getAsInt() + " = "
                                + (traffic + priorTraffic.getAsInt()),
                        "make them sum to 100, or leave PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION \"\" to give the prior"
                                + " deployment the rest");
            }
        } else {
            if (priorTraffic.isPresent() && priorTraffic.getAsInt() != 0) {
                c.error(
                        pointer + "/PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION",
                        "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION is " + priorTraffic.getAsInt()
                                + " but PRIOR_DEPLOYMENT_NAME is empty",
                        "name the prior deployment, or set the allocation to \"\"");
            }
            if (traffic != 100) {
                c.error(
                        pointer + "/CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION",
                        "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION is " + traffic + " but no PRIOR_DEPLOYMENT_NAME takes"
                                + " the other " + (100 - traffic),
                        "set PRIOR_DEPLOYMENT_NAME to the deployment serving now, or the allocation to 100");
            }
        }
        String instanceType = c.text(pointer, e, "DEPLOYMENT_VM_SIZE");
        if (instanceType.isEmpty() || instanceType.startsWith("<")) {
            if (target == DeployTarget.KUBERNETES && instanceType.isEmpty()) {
                instanceType = DEFAULT_K8S_INSTANCE_TYPE;
            } else {
                c.error(
                        pointer + "/DEPLOYMENT_VM_SIZE",
                        "DEPLOYMENT_VM_SIZE is not set",
                        target == DeployTarget.KUBERNETES
                                ? "the instance type of the attached compute, e.g. defaultinstancetype"
                                : "a VM size such as Standard_F4s_v2 or Standard_DS3_v2");
            }
        }
        int count = c.integer(pointer, e, "DEPLOYMENT_INSTANCE_COUNT", 1, 1, 1000);
        Map<String, String> variables = c.variables(pointer, e);
        String compute = "";
        String cpu = "";
        String memory = "";
        if (target == DeployTarget.KUBERNETES) {
            compute = c.required(
                    pointer,
                    e,
                    "COMPUTE_NAME",
                    "the name of the Kubernetes compute attached to the"
                            + " workspace (Azure ML studio, Compute, Kubernetes clusters)");
            cpu = c.required(pointer, e, "CPU_ALLOCATION", "a CPU request such as \"0.5\" or \"1\"");
            memory = c.required(pointer, e, "MEMORY_ALLOCATION", "a memory request such as \"500Mi\" or \"2Gi\"");
        }
        String testFile = c.text(pointer, e, "TEST_FILE_PATH");
        return new OnlineDeploymentSpec(
                target,
                file,
                where,
                c.line(pointer),
                testFile.isEmpty() ? "sample-request.json" : testFile,
                endpoint,
                c.text(pointer, e, "ENDPOINT_DESC"),
                c.text(pointer, e, "DEPLOYMENT_DESC"),
                deployment,
                traffic,
                prior,
                priorTraffic,
                instanceType,
                count,
                variables,
                compute,
                cpu,
                memory);
    }

    /** JSON pointer of every value and field → where it starts (for errors that name the line of a field). */
    public static Map<String, JsonLocation> locations(String text) throws JsonProcessingException {
        Map<String, JsonLocation> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                out.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation());
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Collects problems with their places. */
    private static final class Checker {
        private final Path file;
        private final Map<String, JsonLocation> locations;
        private final List<Problem> problems = new ArrayList<>();

        Checker(Path file, Map<String, JsonLocation> locations) {
            this.file = file;
            this.locations = locations;
        }

        int line(String pointer) {
            JsonLocation l = locations.get(pointer);
            return l == null ? 0 : l.getLineNr();
        }

        void error(String pointer, String message, String hint) {
            String at = pointer;
            while (!locations.containsKey(at) && at.contains("/")) {
                at = at.substring(0, at.lastIndexOf('/'));
            }
            JsonLocation l = locations.get(at);
            problems.add(
                    Problem.error(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), message, hint));
        }

        ConfigException fail(String pointer, String message, String hint) {
            error(pointer, message, hint);
            return new ConfigException(problems, "nothing was deployed.");
        }

        String text(String pointer, JsonNode e, String field) {
            JsonNode v = e.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return "";
            }
            if (!v.isValueNode()) {
                error(pointer + "/" + field, field + " must be text", null);
                return "";
            }
            return v.asText().strip();
        }

        String required(String pointer, JsonNode e, String field, String hint) {
            String v = text(pointer, e, field);
            if (v.isEmpty() || v.startsWith("<")) {
                error(
                        pointer + "/" + field,
                        field + (v.isEmpty() ? " is missing or empty" : " is still the" + " placeholder " + v),
                        hint);
            }
            return v;
        }

        String name(String pointer, JsonNode e, String field, String what) {
            String v = required(pointer, e, field, "the " + what + " name: 3-32 letters, digits and dashes");
            if (!v.isEmpty() && !v.startsWith("<") && !NAME.matcher(v).matches()) {
                error(
                        pointer + "/" + field,
                        field + " '" + v + "' is not a valid " + what + " name",
                        "3-32 letters, digits and dashes, starting with a letter and not ending with a dash");
            }
            return v;
        }

        OptionalInt percent(String pointer, JsonNode e, String field) {
            JsonNode v = e.path(field);
            if (v.isMissingNode() || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                return OptionalInt.empty();
            }
            String s = v.asText().strip();
            if (!(v.isIntegralNumber() || (v.isTextual() && s.matches("[0-9]{1,3}"))) || Integer.parseInt(s) > 100) {
                error(pointer + "/" + field, field + " must be a whole number from 0 to 100, found " + v, null);
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.parseInt(s));
        }

        int integer(String pointer, JsonNode e, String field, int fallback, int min, int max) {
            JsonNode v = e.path(field);
            if (v.isMissingNode() || v.isNull()) {
                return fallback;
            }
            String s = v.asText().strip();
            if (!s.matches("[0-9]{1,6}") || Integer.parseInt(s) < min || Integer.parseInt(s) > max) {
                error(
                        pointer + "/" + field,
                        field + " must be a whole number from " + min + " to " + max + ", found " + v,
                        null);
                return fallback;
            }
            return Integer.parseInt(s);
        }

        Map<String, String> variables(String pointer, JsonNode e) {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode v = e.path("ENVIRONMENT_VARIABLES");
            if (v.isMissingNode() || v.isNull()) {
                return out;
            }
            if (!v.isObject()) {
                error(
                        pointer + "/ENVIRONMENT_VARIABLES",
                        "ENVIRONMENT_VARIABLES must be an object of names to" + " values",
                        null);
                return out;
            }
            v.properties().forEach(f -> {
                if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                    error(
                            pointer + "/ENVIRONMENT_VARIABLES/" + f.getKey(),
                            "ENVIRONMENT_VARIABLES." + f.getKey() + " must be text, a number or a boolean",
                            null);
                } else {
                    out.put(f.getKey(), f.getValue().asText());
                }
            });
            return out;
        }
    }
}
