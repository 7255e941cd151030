package dev.llmops.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's configuration: the command line with the deployment environment laid over it, read once and
 * validated. Keys are registered with the masker and never printed.
 *
 * @param keys accepted API keys; empty means no authentication (loopback only, or {@code --no-auth})
 * @param maxConcurrency {@code /score} requests served at once
 * @param includedFields {@code PROMPTFLOW_RESPONSE_INCLUDED_FIELDS}: only these outputs are returned, when present
 * @param buildInfo {@code BUILD_INFO} as given, or empty
 * @param buildNumber {@code BUILD_INFO}'s {@code build_number}, or null
 */
public record ServeSettings(
        ServeOptions options,
        List<String> keys,
        int maxConcurrency,
        Optional<Set<String>> includedFields,
        String buildInfo,
        String buildNumber) {

    /** The variable holding the accepted keys, comma-separated. */
    public static final String KEYS_VARIABLE = "LLMOPS_SERVE_KEYS";

    public ServeSettings {
        keys = List.copyOf(keys);
    }

    /**
     * @param noAuth serve without keys on a non-loopback address (a gateway in front authenticates)
     * @throws ConfigException naming the variable or file and how to fix it
     */
    public static ServeSettings of(ServeOptions options, boolean noAuth, Map<String, String> env, SecretMasker masker) {
        List<String> keys = keys(env, options.keysFile(), masker);
        if (keys.isEmpty() && !noAuth && !isLoopback(options.host())) {
            throw ConfigException.of(
                    "serving on " + options.host() + " (not a loopback address) needs API keys",
                    "set " + KEYS_VARIABLE + "=KEY1,KEY2 or --keys-file FILE; or bind --host localhost; or pass"
                            + " --no-auth when a gateway in front authenticates");
        }
        int concurrency = options.maxConcurrency();
        if (concurrency <= 0) {
            concurrency = positive(env, "PROMPTFLOW_WORKER_NUM").orElse(ServeOptions.DEFAULT_CONCURRENCY);
        }
        String buildInfo = env.getOrDefault("BUILD_INFO", "");
        return new ServeSettings(
                options,
                noAuth ? List.of() : keys,
                concurrency,
                includedFields(env.get("PROMPTFLOW_RESPONSE_INCLUDED_FIELDS")),
                buildInfo,
                buildNumber(buildInfo));
    }

    /**
     * The accepted keys: {@code LLMOPS_SERVE_KEYS}, then the keys file's lines; each registered as a secret.
     *
     * @param keysFile null for none
     * @throws ConfigException when the keys file cannot be read
     */
    static List<String> keys(Map<String, String> env, Path keysFile, SecretMasker masker) {
        List<String> keys = new ArrayList<>();
        String fromEnv = env.get(KEYS_VARIABLE);
        if (fromEnv != null) {
            for (String k : fromEnv.split(",")) {
                if (!k.isBlank()) {
                    keys.add(k.strip());
                }
            }
        }
        if (keysFile != null) {
            keys.addAll(readKeys(keysFile));
        }
        keys.forEach(masker::register);
        return keys;
    }

    private static List<String> readKeys(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read the keys file: " + e.getMessage(), "one key per line");
        }
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw ConfigException.of("unknown host '" + host + "'", "give --host localhost, 0.0.0.0 or an address");
        }
    }

    private static Optional<Integer> positive(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n > 0) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.of(name + "='" + v + "' is not a positive integer", "set " + name + "=8, or unset it");
    }

    static Optional<Set<String>> includedFields(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = new ObjectMapper().readTree(value);
            if (node != null && node.isArray()) {
                Set<String> out = new LinkedHashSet<>();
                node.forEach(n -> out.add(n.asText()));
                return Optional.of(out);
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw ConfigException.of(
                "PROMPTFLOW_RESPONSE_INCLUDED_FIELDS is not a JSON list of output names: " + value,
                "set it to e.g. [\"category\", \"evidence\"], or unset it");
    }

    private static String buildNumber(String buildInfo) {
        if (buildInfo.isBlank()) {
            return null;
        }
        try {
            JsonNode node = new ObjectMapper().readTree(buildInfo);
            return node != null && node.path("build_number").isValueNode()
                    ? node.path("build_number").asText()
                    : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
