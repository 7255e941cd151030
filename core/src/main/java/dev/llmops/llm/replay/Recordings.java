package dev.llmops.llm.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recorded answers loaded from a JSONL file, or from every {@code *.jsonl} file of a directory in name order.
 * Exact request entries are looked up by fingerprint; {@code match} rules are tried in file order after that.
 * When two exact entries have the same fingerprint, the first one wins.
 */
public final class Recordings {

    private final Path source;
    private final Map<String, JsonNode> exact;
    private final List<MatchRule> rules;

    private Recordings(Path source, Map<String, JsonNode> exact, List<MatchRule> rules) {
        this.source = source;
        this.exact = exact;
        this.rules = rules;
    }

    /** @throws ConfigException naming file and line of every malformed entry, or when the path does not exist */
    public static Recordings load(Path path, ObjectMapper json) {
        ReplayFormat format = new ReplayFormat(json);
        List<Path> files = files(path);
        Map<String, JsonNode> exact = new HashMap<>();
        List<MatchRule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                throw ConfigException.of("cannot read recordings file " + file + ": " + e.getMessage(), null);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("//")) {
                    continue;
                }
                String problem = readEntry(json, format, line, exact, rules);
                if (problem != null) {
                    problems.add(Problem.error(
                            file,
                            i + 1,
                            0,
                            problem,
                            "each line is {\"request\": {...}, \"response\": {\"text\": ...}} or {\"match\":"
                                    + " {\"contains\": ...}, \"response\": {\"text\": ...}}"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Recordings(path, exact, List.copyOf(rules));
    }

    private static String readEntry(
            ObjectMapper json, ReplayFormat format, String line, Map<String, JsonNode> exact, List<MatchRule> rules) {
        JsonNode entry;
        try {
            entry = json.readTree(line);
        } catch (JsonProcessingException e) {
            return "not valid JSON: " + e.getOriginalMessage();
        }
        if (!entry.isObject()) {
            return "an entry must be a JSON object";
        }
        JsonNode response = entry.path("response");
        if (!response.path("text").isTextual()) {
            return "the entry has no \"response\": {\"text\": \"...\"}";
        }
        JsonNode request = entry.path("request");
        JsonNode match = entry.path("match");
        if (request.isObject() == match.isObject()) {
            return "an entry needs exactly one of \"request\" (a recorded call) or \"match\" (a hand-written rule)";
        }
        if (request.isObject()) {
            exact.putIfAbsent(format.fingerprint(request), response);
            return null;
        }
        JsonNode contains = match.path("contains");
        if (!contains.isMissingNode() && !contains.isTextual()) {
            return "\"match\".\"contains\" must be a string";
        }
        rules.add(new MatchRule(text(match.path("api")), text(match.path("deployment")), text(contains), response));
        return null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                return list.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw ConfigException.of("cannot list recordings directory " + path + ": " + e.getMessage(), null);
            }
        }
        throw ConfigException.of(
                "recordings file " + path + " does not exist",
                "record one with --record " + path + " against a live connection, or write it by hand (see"
                        + " docs/connections.md)");
    }

    public Path source() {
        return source;
    }

    Optional<JsonNode> exact(String fingerprint) {
        return Optional.ofNullable(exact.get(fingerprint));
    }

    Optional<JsonNode> firstRule(String api, String deployment, String lastUserText) {
        return rules.stream()
                .filter(r -> r.matches(api, deployment, lastUserText))
                .map(MatchRule::response)
                .findFirst();
    }

    public int size() {
        return exact.size() + rules.size();
    }

    /** A hand-written entry: every condition given must hold; absent conditions match anything. */
    private record MatchRule(String api, String deployment, String contains, JsonNode response) {

        boolean matches(String callApi, String callDeployment, String lastUserText) {
            return (api == null || api.equalsIgnoreCase(callApi))
                    && (deployment == null || deployment.equals(callDeployment))
                    && (contains == null || (lastUserText != null && lastUserText.contains(contains)));
        }
    }
}
