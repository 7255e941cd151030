package dev.llmops.deploy.webapp;

import java.util.Optional;

/**
 * A web app after {@code llmops deploy --target webapp}.
 *
 * @param app the web app's name
 * @param url where the image serves now: production's {@code https://<default host name>}, or the slot's when it
 *     was not swapped
 * @param image the image deployed
 * @param previous the image production served before, when it served one
 * @param slot the slot the image was tested in, when blue/green; after the swap it holds {@code previous}
 */
public record DeployedWebApp(String app, String url, String image, Optional<String> previous, Optional<String> slot) {}
