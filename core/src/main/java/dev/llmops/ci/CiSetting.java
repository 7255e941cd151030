package dev.llmops.ci;

/**
 * One thing to set up on the CI system before the written pipelines run: a secret, a variable, an environment, a
 * service connection, a credential or a library.
 *
 * @param kind what sort of setting it is, in the platform's own words (e.g. "secret", "environment")
 * @param name its name, exactly as the pipelines refer to it
 * @param purpose what it is for and when it is needed
 */
public record CiSetting(String kind, String name, String purpose) {}
