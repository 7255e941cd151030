package dev.llmops.deploy.webapp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything decided before Azure is called: the configuration element, the image, the app settings (values
 * included, never printed) and the smoke-test request.
 *
 * @param entry the {@code webapp_endpoint} element
 * @param subscription the subscription id
 * @param image the image reference; its registry host is {@code REGISTRY_NAME}'s
 * @param settings every app setting, in the order they are sent
 * @param secrets the names of the settings whose values are secrets
 * @param request the smoke-test body ({@code TEST_FILE_PATH})
 * @param serveKey the key the smoke test sends as {@code Authorization: Bearer} (the first of
 *     {@code LLMOPS_SERVE_KEYS}); empty when the image serves without keys
 * @param slot the slot to deploy to and swap from, empty for production in place
 */
public record WebAppPlan(
        WebAppEntry entry,
        String subscription,
        String image,
        Map<String, String> settings,
        Set<String> secrets,
        String request,
        Optional<String> serveKey,
        Optional<String> slot) {

    /** What a secret value reads in printed plans. */
    public static final String MASK = "***";

    public WebAppPlan {
        Objects.requireNonNull(entry, "entry");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        secrets = Set.copyOf(secrets);
    }

    /** The settings as they may be shown: secret values replaced by {@link #MASK}. */
    public Map<String, String> shownSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k, secrets.contains(k) ? MASK : v));
        return out;
    }

    /** {@code DOCKER|<image>}: App Service's way of naming a container image. */
    public String linuxFxVersion() {
        return "DOCKER|" + image;
    }

    /** The registry host of the image. */
    public String imageHost() {
        return image.substring(0, image.indexOf('/'));
    }
}
