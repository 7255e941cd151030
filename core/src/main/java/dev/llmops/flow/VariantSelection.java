package dev.llmops.flow;

import dev.llmops.error.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which variant to use for which node; nodes not named use their {@code default_variant_id}.
 *
 * @param overrides node name to variant id
 */
public record VariantSelection(Map<String, String> overrides) {

    private static final Pattern ONE = Pattern.compile("\\$\\{\\s*([^.{}\\s]+)\\.([^.{}\\s]+)\\s*}");

    public VariantSelection {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public static VariantSelection defaults() {
        return new VariantSelection(Map.of());
    }

    /**
     * Parses {@code ${node.variant}}, several separated by commas or spaces. Names keep their case (the Python
     * template lower-cases them, which makes mixed-case names unselectable).
     *
     * @throws ConfigException when the text is not of that form
     */
    public static VariantSelection parse(String text) {
        if (text == null || text.isBlank()) {
            return defaults();
        }
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ONE.matcher(text);
        int end = 0;
        while (m.find()) {
            if (!text.substring(end, m.start()).replace(",", "").isBlank()) {
                break;
            }
            if (out.put(m.group(1), m.group(2)) != null) {
                throw ConfigException.of(
                        "variant '" + text + "' selects node '" + m.group(1) + "' twice",
                        "select one variant per node");
            }
            end = m.end();
        }
        if (out.isEmpty() || !text.substring(end).replace(",", "").isBlank()) {
            throw ConfigException.of(
                    "invalid variant '" + text + "'",
                    "write ${<node>.<variant_id>}, e.g. '${summarize_text_content.variant_1}'");
        }
        return new VariantSelection(out);
    }

    public Optional<String> variantOf(String node) {
        return Optional.ofNullable(overrides.get(node));
    }

    /** @throws ConfigException naming the unknown node or variant and the ones that exist */
    void validateAgainst(Flow flow) {
        overrides.forEach((node, variant) -> {
            NodeVariants nv = flow.variants().get(node);
            if (nv == null || !flow.variantNodes().containsKey(node)) {
                throw ConfigException.at(
                        flow.file(),
                        0,
                        0,
                        "variant selection names node '" + node + "', which has no variants",
                        "nodes with variants: " + flow.variantNodes().keySet());
            }
            if (!nv.variantIds().contains(variant)) {
                throw ConfigException.at(
                        flow.file(),
                        0,
                        0,
                        "node '" + node + "' has no variant '" + variant + "'",
                        "variants of " + node + ": " + nv.variantIds());
            }
        });
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        overrides.forEach((n, v) -> sb.append(sb.isEmpty() ? "" : ",")
                .append("${")
                .append(n)
                .append('.')
                .append(v)
                .append('}'));
        return sb.toString();
    }
}
