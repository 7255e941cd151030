package dev.llmops.pipeline;

import dev.llmops.eval.gate.GateResult;
import java.util.List;

/**
 * How an experiment step ended, as a value: {@code cli} maps it to an exit code (0, 1, 130) and words, nothing
 * is assembled by catching exceptions. Configuration and state errors are not verdicts: they are thrown as
 * {@link dev.llmops.error.ConfigException} and {@link dev.llmops.error.StateException} before or instead of a
 * result.
 */
public sealed interface Verdict permits Verdict.Passed, Verdict.Failed, Verdict.Canceled {

    /** The gate verdicts, passed and failed; empty when no report was written or no gate applies. */
    List<GateResult> gates();

    /** Every run within its failed-lines tolerance and every gate met. */
    record Passed(List<GateResult> gates) implements Verdict {
        public Passed {
            gates = List.copyOf(gates);
        }
    }

    /**
     * Failed lines beyond the tolerance or a gate not met; reports were written first.
     *
     * @param reasons one line per failed run or gate, in the order found
     */
    record Failed(List<String> reasons, List<GateResult> gates) implements Verdict {
        public Failed {
            reasons = List.copyOf(reasons);
            gates = List.copyOf(gates);
        }
    }

    /**
     * Interrupted (Ctrl-C); finished lines are kept.
     *
     * @param hint how to continue
     */
    record Canceled(String hint) implements Verdict {
        @Override
        public List<GateResult> gates() {
            return List.of();
        }
    }
}
