package dev.llmops.cli;

import org.assertj.core.api.AbstractAssert;

/** {@code assertThat(result).succeeded().outContains("...")}, printing both streams on failure. */
public final class CliAssert extends AbstractAssert<CliAssert, CliResult> {

    private CliAssert(CliResult actual) {
        super(actual, CliAssert.class);
    }

    public static CliAssert assertThat(CliResult result) {
        return new CliAssert(result);
    }

    public CliAssert exitedWith(int code) {
        isNotNull();
        if (actual.exitCode() != code) {
            failWithMessage(
                    "expected exit code %d but was %d%n--- stdout%n%s%n--- stderr%n%s",
                    code, actual.exitCode(), actual.out(), actual.err());
        }
        return this;
    }

    public CliAssert succeeded() {
        return exitedWith(0);
    }

    public CliAssert outContains(String... texts) {
        for (String text : texts) {
            if (!actual.out().contains(text)) {
                failWithMessage(
                        "expected stdout to contain <%s>%n--- stdout%n%s%n--- stderr%n%s",
                        text, actual.out(), actual.err());
            }
        }
        return this;
    }

    public CliAssert errContains(String text) {
        if (!actual.err().contains(text)) {
            failWithMessage(
                    "expected stderr to contain <%s>%n--- stdout%n%s%n--- stderr%n%s",
                    text, actual.out(), actual.err());
        }
        return this;
    }

    public CliAssert outDoesNotContain(String text) {
        if (actual.out().contains(text)) {
            failWithMessage("expected stdout not to contain <%s>%n--- stdout%n%s", text, actual.out());
        }
        return this;
    }

    public CliAssert errDoesNotContain(String text) {
        if (actual.err().contains(text)) {
            failWithMessage("expected stderr not to contain <%s>%n--- stderr%n%s", text, actual.err());
        }
        return this;
    }
}
