package dev.llmops.dataops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.dataops.AssetRef;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds and reads {@code dataops_config.json}: {@code --config FILE}, else
 * {@code <use case>/configs/dataops_config.<env>.json} when an environment is given and that file exists, else
 * {@code <use case>/configs/dataops_config.json} (where the template reads it). Every problem is reported at once,
 * naming the field and how to fix it.
 */
public final class DataOpsConfigLoader {

    public static final String FILE_NAME = "dataops_config.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATASTORE = Pattern.compile("[A-Za-z0-9_]{1,255}");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}|\\$root");

    private DataOpsConfigLoader() {}

    /**
     * The config file a use case has; empty when it has none (and no {@code --config} was given).
     *
     * @param explicit {@code --config}, resolved; it must exist
     */
    public static Optional<Path> find(Path useCaseDir, String env, Optional<Path> explicit) {
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw ConfigException.at(
                        explicit.get(),
                        0,
                        0,
                        "DataOps config not found",
                        "fix --config, or leave it out to read "
                                + useCaseDir.resolve("configs").resolve(FILE_NAME));
            }
            return explicit;
        }
        if (!Files.isDirectory(useCaseDir)) {
            throw ConfigException.at(
                    useCaseDir, 0, 0, "use-case folder not found", "pass --use-case with the folder holding configs/");
        }
        Path configs = useCaseDir.resolve("configs");
        if (env != null && !env.isBlank()) {
            Path forEnv = configs.resolve("dataops_config." + env + ".json");
            if (Files.isRegularFile(forEnv)) {
                return Optional.of(forEnv);
            }
        }
        Path file = configs.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The file that {@link #find} would read, for a message saying it is missing. */
    public static Path expected(Path useCaseDir) {
        return useCaseDir.resolve("configs").resolve(FILE_NAME);
    }

    /**
     * @throws ConfigException with every problem of the file
     */
    public static DataOpsConfig load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw ConfigException.at(
                    file,
                    at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage(),
                    "fix the JSON syntax");
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read: " + e.getMessage(), "check the file's permissions");
        }
        if (root == null || !root.isObject()) {
            throw ConfigException.at(
                    file, 1, 1, "a DataOps config is a JSON object", "start from the template's dataops_config.json");
        }
        List<Problem> problems = new ArrayList<>();
        Reader r = new Reader(file, problems);
        String store = r.text(root, "DATA_STORE_NAME", "the blob datastore over TARGET_CONTAINER, e.g. ner_data_store");
        if (store != null && !DATASTORE.matcher(store).matches()) {
            r.problem("DATA_STORE_NAME", "'" + store + "' is not a datastore name", "use letters, digits and '_'");
        }
        String description = root.path("DATA_STORE_DESCRIPTION").isTextual()
                ? root.path("DATA_STORE_DESCRIPTION").asText()
                : null;
        JsonNode storage = r.object(root, "STORAGE");
        String account = r.text(storage, "STORAGE.STORAGE_ACCOUNT", "the storage account's name");
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            r.problem(
                    "STORAGE.STORAGE_ACCOUNT",
                    "'" + account + "' is not a storage account name",
                    "3 to 24 lower-case letters and digits");
        }
        String source = r.container(storage, "STORAGE.SOURCE_CONTAINER", "the container holding SOURCE_BLOB");
        String blob = r.text(storage, "STORAGE.SOURCE_BLOB", "the CSV blob in SOURCE_CONTAINER that prep reads");
        String target = r.container(storage, "STORAGE.TARGET_CONTAINER", "the container prep writes to");
        List<DataOpsConfig.Asset> assets = new ArrayList<>();
        JsonNode list = root.path("DATA_ASSETS");
        if (!list.isArray() || list.isEmpty()) {
            r.problem(
                    "DATA_ASSETS",
                    list.isMissingNode() ? "missing" : "must be a non-empty list",
                    "list the assets: [{\"NAME\": \"ner_eval\", \"PATH\": \"eval.jsonl\", \"DESCRIPTION\": \"...\"}]");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode a = list.get(i);
                String at = "DATA_ASSETS[" + i + "]";
                String name = r.text(a, at + ".NAME", "the data asset's name");
                String path = r.text(a, at + ".PATH", "the blob in TARGET_CONTAINER, e.g. eval.jsonl");
                if (name != null && !AssetRef.NAME.matcher(name).matches()) {
                    r.problem(
                            at + ".NAME",
                            "'" + name + "' is not a data asset name",
                            "use letters, digits, '-', '_', '.'");
                } else if (name != null && !names.add(name)) {
                    r.problem(at + ".NAME", "'" + name + "' is listed twice", "give each asset its own NAME");
                }
                if (path != null
                        && (path.startsWith("/") || List.of(path.split("/")).contains(".."))) {
                    r.problem(
                            at + ".PATH",
                            "'" + path + "' leaves the container",
                            "write a path inside TARGET_CONTAINER");
                }
                String desc = a.path("DESCRIPTION").isTextual()
                        ? a.path("DESCRIPTION").asText()
                        : null;
                if (name != null && path != null) {
                    assets.add(new DataOpsConfig.Asset(name, path, desc, i));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems, "nothing was done.");
        }
        return new DataOpsConfig(
                file, store, description, new DataOpsConfig.Storage(account, source, blob, target), assets);
    }

    private record Reader(Path file, List<Problem> problems) {

        String text(JsonNode node, String field, String what) {
            JsonNode v = node == null ? null : node.path(leaf(field));
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                problem(
                        field,
                        v == null || v.isMissingNode() ? "missing" : "must be a non-empty string",
                        "add " + field + ": " + what);
                return null;
            }
            return v.asText().strip();
        }

        String container(JsonNode node, String field, String what) {
            String name = text(node, field, what);
            if (name != null && !CONTAINER.matcher(name).matches()) {
                problem(
                        field,
                        "'" + name + "' is not a container name",
                        "3 to 63 lower-case letters, digits and single '-'");
            }
            return name;
        }

        JsonNode object(JsonNode node, String field) {
            JsonNode v = node.path(field);
            if (!v.isObject()) {
                problem(field, v.isMissingNode() ? "missing" : "must be an object", "add " + field + ": {...}");
                return null;
            }
            return v;
        }

        void problem(String field, String message, String hint) {
            problems.add(Problem.error(file, 0, 0, field + ": " + message, hint));
        }

        private static String leaf(String field) {
            return field.substring(field.lastIndexOf('.') + 1);
        }
    }
}
