package dev.llmops.flow.tool;

import dev.llmops.error.Problem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading and binding a flex entry without calling it found.
 *
 * @param problems what keeps the entry from running, with the entry file and line where known
 * @param outputs the output names the entry's return annotation promises: a TypedDict's, dataclass's or pydantic
 *     model's fields, {@code output} for a bare value; empty when the annotation does not tell (none, a plain
 *     {@code dict}, a union) or the entry did not load
 * @param returns the return annotation as written, for messages; empty when there is none
 */
public record EntryCheck(List<Problem> problems, Optional<List<String>> outputs, Optional<String> returns) {

    public EntryCheck {
        problems = List.copyOf(problems);
        Objects.requireNonNull(outputs, "outputs");
        outputs = outputs.map(List::copyOf);
        Objects.requireNonNull(returns, "returns");
    }

    /** Problems only: nothing is known about the outputs. */
    public static EntryCheck of(List<Problem> problems) {
        return new EntryCheck(problems, Optional.empty(), Optional.empty());
    }
}
