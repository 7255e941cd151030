package dev.llmops.deploy.webapp;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.deploy.DeploymentConfigLoader;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code webapp_endpoint} element of {@code configs/deployment_config.json} whose {@code ENV_NAME} is the
 * environment, validated: the template's fields keep their meaning, and {@code LOCATION} is new (the template
 * hard-coded {@code westeurope}).
 *
 * @param file the configuration file, as messages name it
 * @param where the element's JSON path, e.g. {@code webapp_endpoint[0]}
 * @param line the element's line in the file
 * @param testFile {@code TEST_FILE_PATH}, relative to the use case (default {@code sample-request.json})
 * @param connections {@code CONNECTION_NAMES}: each gets {@code <NAME>_API_KEY} as an app setting
 * @param registry {@code REGISTRY_NAME}: the Azure Container Registry the image is pulled from
 * @param registryGroup {@code REGISTRY_RG_NAME}
 * @param plan {@code APP_PLAN_NAME}: the Linux App Service plan
 * @param app {@code WEB_APP_NAME}
 * @param group {@code WEB_APP_RG_NAME}: holds the plan, the web app and the identity
 * @param sku {@code WEB_APP_SKU}, e.g. {@code B3}, {@code S1}, {@code P1v3}
 * @param identity {@code USER_MANAGED_ID}: the user-assigned identity that pulls the image
 * @param location {@code LOCATION}; empty to take the resource group's (else the registry's)
 * @param variables {@code ENVIRONMENT_VARIABLES}, in file order (more app settings; optional)
 */
public record WebAppEntry(
        Path file,
        String where,
        int line,
        String testFile,
        List<String> connections,
        String registry,
        String registryGroup,
        String plan,
        String app,
        String group,
        String sku,
        String identity,
        Optional<String> location,
        Map<String, String> variables) {

    /** The array read, as in the template. */
    public static final String ARRAY = "webapp_endpoint";

    /** The configuration file, relative to the use case. */
    public static final String RELATIVE_PATH = "configs/deployment_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]{5,50}");
    private static final Pattern GROUP = Pattern.compile("[-\\w._()]{1,89}[-\\w_()]");
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,57}[A-Za-z0-9])?");
    private static final Pattern PLAN = Pattern.compile("[A-Za-z0-9-]{1,60}");
    private static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{2,127}");
    private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9]{2,40}");
    private static final Pattern SKU =
            Pattern.compile("(F1|D1|B[1-3]|S[1-3]|P[0-9]v[2-4]|P[0-9]mv[3-4]|I[1-6]v2|I[1-6]mv2|Y1|EP[1-3])");

    public WebAppEntry {
        connections = List.copyOf(connections);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** {@code file:line (webapp_endpoint[i])}, for messages. */
    public String location(String field) {
        return file + (line > 0 ? ":" + line : "") + " (" + where + "." + field + ")";
    }

    /** The plan's pricing tier, from the SKU's first letters (ARM wants both name and tier). */
    public String tier() {
        return tier(sku);
    }

    /** Deployment slots (blue/green) exist from the Standard tier up. */
    public boolean hasSlots() {
        return switch (tier()) {
            case "Free", "Shared", "Basic", "Dynamic", "ElasticPremium" -> false;
            default -> true;
        };
    }

    static String tier(String sku) {
        if (sku.startsWith("EP")) {
            return "ElasticPremium";
        }
        if (sku.startsWith("P")) {
            return sku.endsWith("v2") ? "PremiumV2" : sku.endsWith("v4") ? "PremiumV4" : "PremiumV3";
        }
        if (sku.startsWith("I")) {
            return "IsolatedV2";
        }
        return switch (sku.charAt(0)) {
            case 'F' -> "Free";
            case 'D' -> "Shared";
            case 'B' -> "Basic";
            case 'S' -> "Standard";
            default -> "Dynamic";
        };
    }

    /**
     * @param file the configuration file
     * @param shown the file as messages name it
     * @param envName the environment ({@code ENV_NAME} selects the element)
     * @throws ConfigException listing every missing or invalid field with its line, before anything changes
     */
    public static WebAppEntry load(Path file, Path shown, String envName) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw ConfigException.at(
                    shown,
                    0,
                    0,
                    "deployment configuration not found",
                    "write " + RELATIVE_PATH + " with a \"" + ARRAY + "\" array (docs/deploy.md shows one), or pass"
                            + " --config FILE");
        } catch (IOException e) {
            throw ConfigException.at(shown, 0, 0, "cannot read the deployment configuration: " + e.getMessage(), null);
        }
        JsonNode root;
        Map<String, JsonLocation> locations;
        try {
            root = JSON.readTree(text);
            locations = DeploymentConfigLoader.locations(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ConfigException.at(
                    shown,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage(),
                    "fix the syntax (a missing comma or quote is the usual cause)");
        }
        JsonNode array = root == null ? null : root.get(ARRAY);
        if (array == null || !array.isArray()) {
            throw ConfigException.at(
                    shown,
                    0,
                    0,
                    "no \"" + ARRAY + "\" array",
                    "add \"" + ARRAY + "\": [{\"ENV_NAME\": \"" + envName + "\", \"WEB_APP_NAME\": ..., ...}]"
                            + " (docs/deploy.md lists the fields)");
        }
        List<String> envs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode e = array.get(i);
            String env = e.path("ENV_NAME").asText("");
            envs.add(env);
            if (env.equals(envName)) {
                return parse(new Checker(shown, locations, "/" + ARRAY + "/" + i), ARRAY + "[" + i + "]", e);
            }
        }
        throw ConfigException.at(
                shown,
                line(locations, "/" + ARRAY),
                0,
                "no \"" + ARRAY + "\" element has ENV_NAME \"" + envName + "\""
                        + (envs.isEmpty() ? " (the array is empty)" : " (it has " + String.join(", ", envs) + ")"),
                "add one for " + envName + ", or pass the environment that has one with -e");
    }

    private static WebAppEntry parse(Checker c, String where, JsonNode e) {
        String registry = c.required(e, "REGISTRY_NAME", REGISTRY, "the registry's name: 5-50 letters and digits");
        String registryGroup = c.required(e, "REGISTRY_RG_NAME", GROUP, "the registry's resource group");
        String plan = c.required(e, "APP_PLAN_NAME", PLAN, "the App Service plan: letters, digits and dashes");
        String app = c.required(
                e,
                "WEB_APP_NAME",
                SITE,
                "the web app's name, which becomes <name>.azurewebsites.net: letters, digits and dashes");
        String group = c.required(e, "WEB_APP_RG_NAME", GROUP, "the resource group of the plan and the web app");
        String sku = c.required(e, "WEB_APP_SKU", SKU, "an App Service plan size such as B3, S1 or P1v3");
        String identity = c.required(
                e, "USER_MANAGED_ID", IDENTITY, "the user-assigned identity's name: letters, digits, - and _");
        String location = c.text(e, "LOCATION").toLowerCase(Locale.ROOT).replace(" ", "");
        if (!location.isEmpty() && !LOCATION.matcher(location).matches()) {
            c.error(
                    "LOCATION",
                    "LOCATION '" + location + "' is not an Azure region",
                    "write e.g. westeurope or eastus2, or leave it out to use the resource group's");
        }
        List<String> connections = new ArrayList<>();
        JsonNode names = e.get("CONNECTION_NAMES");
        if (names != null && !names.isNull()) {
            if (!names.isArray()) {
                c.error("CONNECTION_NAMES", "CONNECTION_NAMES must be a list of connection names", "write [\"aoai\"]");
            } else {
                names.forEach(n -> {
                    if (!n.isTextual() || n.asText().isBlank()) {
                        c.error("CONNECTION_NAMES", "CONNECTION_NAMES holds " + n + ", not a connection name", null);
                    } else {
                        connections.add(n.asText().strip());
                    }
                });
            }
        }
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode vars = e.get("ENVIRONMENT_VARIABLES");
        if (vars != null && !vars.isNull()) {
            if (!vars.isObject()) {
                c.error("ENVIRONMENT_VARIABLES", "ENVIRONMENT_VARIABLES must be an object of names to values", null);
            } else {
                vars.properties()
                        .forEach(p -> variables.put(p.getKey(), p.getValue().asText()));
            }
        }
        String testFile = c.text(e, "TEST_FILE_PATH");
        if (!c.problems.isEmpty()) {
            throw new ConfigException(c.problems, "nothing was deployed.");
        }
        return new WebAppEntry(
                c.file,
                where,
                line(c.locations, c.pointer),
                testFile.isEmpty() ? "sample-request.json" : testFile,
                connections,
                registry,
                registryGroup,
                plan,
                app,
                group,
                sku,
                identity,
                location.isEmpty() ? Optional.empty() : Optional.of(location),
                variables);
    }

    private static int line(Map<String, JsonLocation> locations, String pointer) {
        JsonLocation l = locations.get(pointer);
        return l == null ? 0 : l.getLineNr();
    }

    /** Collects the element's problems with their lines. */
    private static final class Checker {
        final Path file;
        final Map<String, JsonLocation> locations;
        final String pointer;
        final List<Problem> problems = new ArrayList<>();

        Checker(Path file, Map<String, JsonLocation> locations, String pointer) {
            this.file = file;
            this.locations = locations;
            this.pointer = pointer;
        }

        void error(String field, String message, String hint) {
            JsonLocation l = locations.getOrDefault(pointer + "/" + field, locations.get(pointer));
            problems.add(Problem.error(
                    file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), ARRAY + "." + message, hint));
        }

        String text(JsonNode e, String field) {
            JsonNode v = e.get(field);
            if (v == null || v.isNull()) {
                return "";
            }
            if (!v.isValueNode()) {
                error(field, field + " must be text", null);
                return "";
            }
            return v.asText().strip();
        }

        String required(JsonNode e, String field, Pattern pattern, String hint) {
            String v = text(e, field);
            if (v.isEmpty()) {
                error(field, field + " is missing or empty", hint);
            } else if (v.startsWith("<")) {
                error(field, field + " is still the placeholder " + v, hint);
            } else if (!pattern.matcher(v).matches()) {
                error(field, field + " '" + v + "' is not valid", hint);
            }
            return v;
        }
    }
}
