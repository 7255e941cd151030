package dev.llmops.run.cache;

/** Which model calls {@code --cache} stores and replays. */
public enum CacheMode {
    /** No cache. */
    OFF,
    /** Only deterministic requests: temperature 0, or a seed. */
    DETERMINISTIC,
    /** Every request, including sampled ones (replays one sample; for cheap re-runs while editing reports). */
    ALL;

    /** {@code --cache} without a value means deterministic; {@code --cache=all} caches everything. */
    public static CacheMode parse(String value) {
        if (value == null || value.isBlank()) {
            return DETERMINISTIC;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "off", "false", "none" -> OFF;
            case "on", "true", "deterministic" -> DETERMINISTIC;
            case "all" -> ALL;
            default ->
                throw dev.llmops.error.ConfigException.of(
                        "--cache: unknown mode '" + value + "'", "use --cache, --cache=deterministic or --cache=all");
        };
    }
}
