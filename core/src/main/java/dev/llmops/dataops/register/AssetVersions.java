package dev.llmops.dataops.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.ArmConflictException;
import dev.llmops.azure.AzureWorkspace;
import java.util.Map;
import java.util.Optional;

/**
 * The versions of a workspace's data assets (REST {@code data/{name}} and {@code data/{name}/versions/{version}},
 * api-version 2024-10-01): the latest one and its {@code data_hash} tag, and new {@code uri_file} versions numbered
 * as the Azure ML SDK numbers them (the container's {@code nextVersion}).
 */
public final class AssetVersions {

    /** The tag that holds the SHA-256 of a version's file. */
    public static final String HASH_TAG = "data_hash";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;

    /** A version as the workspace describes it. */
    public record Version(String name, String version, String dataUri, Optional<String> dataHash) {}

    private final ArmClient arm;
    private final AzureWorkspace ws;

    public AssetVersions(ArmClient arm, AzureWorkspace ws) {
        this.arm = arm;
        this.ws = ws;
    }

    /** The asset's latest version; empty when the asset does not exist or has no version. */
    public Optional<Version> latest(String name) {
        return arm.find(ws.path("data/" + name))
                .flatMap(container -> {
                    String latest =
                            container.path("properties").path("latestVersion").asText("");
                    return latest.isEmpty() ? Optional.empty() : arm.find(versionPath(name, latest));
                })
                .map(v -> version(name, v));
    }

    /** The version a new one would get: the container's {@code nextVersion}, else the latest plus one, else 1. */
    public String next(String name) {
        return arm.find(ws.path("data/" + name))
                .map(c -> {
                    String next = c.path("properties").path("nextVersion").asText("");
                    if (!next.isEmpty()) {
                        return next;
                    }
                    String latest = c.path("properties").path("latestVersion").asText("");
                    return latest.matches("[0-9]{1,9}") ? String.valueOf(Integer.parseInt(latest) + 1) : "1";
                })
                .orElse("1");
    }

    /**
     * Registers a new {@code uri_file} version. When another registration took the version number meanwhile
     * (a {@code 409}), the number is read again; when that other version has the same hash, it is the result.
     *
     * @return the version registered (or found, registered by someone else with the same hash)
     */
    public Version create(String name, String dataUri, String description, String sha256) {
        ArmConflictException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String version = next(name);
            try {
                arm.put(
                        versionPath(name, version),
                        body(dataUri, description, Map.of(HASH_TAG, sha256)),
                        "data asset " + name + ":" + version);
                return new Version(name, version, dataUri, Optional.of(sha256));
            } catch (ArmConflictException e) {
                last = e;
                Optional<Version> now = latest(name);
                if (now.flatMap(Version::dataHash).filter(sha256::equals).isPresent()) {
                    return now.get();
                }
            }
        }
        throw last;
    }

    /** {@code PUT data/{name}/versions/{version}}: a {@code uri_file} at {@code dataUri} with its tags. */
    static ObjectNode body(String dataUri, String description, Map<String, String> tags) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode p = body.putObject("properties");
        p.put("dataType", "uri_file");
        p.put("dataUri", dataUri);
        if (description != null && !description.isBlank()) {
            p.put("description", description);
        }
        ObjectNode t = p.putObject("tags");
        tags.forEach(t::put);
        p.put("isAnonymous", false);
        p.put("isArchived", false);
        return body;
    }

    private String versionPath(String name, String version) {
        return ws.path("data/" + name + "/versions/" + version);
    }

    private static Version version(String name, JsonNode v) {
        JsonNode p = v.path("properties");
        Optional<String> hash =
                Optional.ofNullable(p.path("tags").path(HASH_TAG).textValue()).filter(h -> !h.isBlank());
        return new Version(name, v.path("name").asText(), p.path("dataUri").asText(""), hash);
    }
}
