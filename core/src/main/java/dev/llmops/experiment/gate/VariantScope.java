package dev.llmops.experiment.gate;

import java.util.Objects;

/**
 * The variants a gate judges. Without a {@code variant:} key a gate judges the {@link Best} variant of each dataset,
 * so a default variant nobody ships cannot fail the build when a better one passes.
 */
public sealed interface VariantScope
        permits VariantScope.All, VariantScope.Best, VariantScope.Default, VariantScope.Named {

    /** Every variant must pass. */
    record All() implements VariantScope {}

    /** The variant with the best judged value of the gate's metric, per dataset. */
    record Best() implements VariantScope {}

    /** The all-defaults variant. */
    record Default() implements VariantScope {}

    /**
     * One variant by its label, e.g. {@code summarize_text_content.variant_1} (several nodes joined by {@code +}).
     */
    record Named(String label) implements VariantScope {
        public Named {
            Objects.requireNonNull(label, "label");
        }
    }

    /** {@code all}, {@code best}, {@code default}, or a variant label. */
    static VariantScope parse(String text) {
        return switch (text.strip()) {
            case "all" -> new All();
            case "best" -> new Best();
            case "default" -> new Default();
            default -> new Named(text.strip());
        };
    }

    /** How messages and reports name the scope. */
    default String describe() {
        return switch (this) {
            case All a -> "every variant";
            case Best b -> "the best variant";
            case Default d -> "the default variant";
            case Named n -> "variant " + n.label();
        };
    }
}
