package dev.llmops.flow;

import dev.llmops.yaml.YLocation;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a flow, with its variant already chosen. The kinds are closed: every executor switches over them
 * exhaustively.
 */
public sealed interface Node permits LlmNode, PromptNode, PythonNode, JavaNode, FlexNode {

    String name();

    /** Input values by name, in file order. */
    Map<String, ValueRef> inputs();

    Optional<Activate> activate();

    /** True for nodes that run once after all lines, receiving lists of line values. */
    boolean aggregation();

    /** Where the node (or its variant body) is written, for error messages. */
    YLocation location();
}
