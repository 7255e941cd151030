package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides for one node whether it runs, is bypassed or cannot run, resolves its inputs from the outcomes of the
 * nodes it references, and runs it. Bypass rules are Prompt Flow's: a node with {@code activate} is bypassed when
 * its condition is false or references a bypassed node; a node without one is bypassed when every node it
 * references is bypassed; a node that runs gets no value for inputs that reference bypassed nodes.
 */
final class NodeScheduler {

    private final NodeInvoker invoker;

    NodeScheduler(NodeInvoker invoker) {
        this.invoker = invoker;
    }

    /**
     * @param inputs the line's flow inputs (or, for aggregation, the lists of them)
     * @param outcomes the outcome of a referenced node, by name (already finished)
     */
    Outcome step(Node node, Map<String, Object> inputs, Function<String, Outcome> outcomes) {
        return step(node, inputs, outcomes, null);
    }

    /** As {@link #step(Node, Map, Function)}; {@code stream}, when not null, receives its node's answer piece by piece. */
    Outcome step(Node node, Map<String, Object> inputs, Function<String, Outcome> outcomes, LineStream stream) {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        for (String dep : FlowGraph.dependencies(node)) {
            if (Outcome.blocks(outcomes.apply(dep))) {
                return new Outcome.NotRun();
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        try {
            if (bypassed(node, inputs, outcomes)) {
                return new Outcome.Bypassed(
                        new NodeTrace(node.name(), NodeTrace.Status.BYPASSED, start, 0, TokenUsage.ZERO, null));
            }
            node.inputs().forEach((k, ref) -> {
                if (!(ref instanceof ValueRef.NodeRef r && outcomes.apply(r.node()) instanceof Outcome.Bypassed)) {
                    resolved.put(k, value(ref, inputs, outcomes));
                }
            });
        } catch (IllegalArgumentException e) {
            return failed(node, e, start, t0);
        }
        return execute(node, resolved, start, t0, stream);
    }

    /** Runs a node with inputs already resolved (a single-node test). */
    Outcome run(Node node, Map<String, Object> resolved) {
        return execute(node, resolved, Instant.now(), System.nanoTime(), null);
    }

    private Outcome execute(Node node, Map<String, Object> resolved, Instant start, long t0, LineStream stream) {
        try {
            NodeValue v = stream != null && stream.node().equals(node.name())
                    ? invoker.invoke(node, resolved, stream::chunk)
                    : invoker.invoke(node, resolved);
            return new Outcome.Ran(
                    v,
                    new NodeTrace(
                            node.name(),
                            NodeTrace.Status.COMPLETED,
                            start,
                            FlowExecutor.millisSince(t0),
                            v.tokens(),
                            null));
        } catch (RuntimeException e) {
            return failed(node, e, start, t0);
        } catch (StackOverflowError e) {
            // A self-including template or a runaway recursion in a tool fails its line, not the run.
            return failed(
                    node, new IllegalArgumentException("recursion too deep (a template including itself?)"), start, t0);
        }
    }

    /** A node that failed before it could start. */
    static Outcome failed(Node node, RuntimeException e) {
        return failed(node, e, Instant.now(), System.nanoTime());
    }

    private static Outcome failed(Node node, RuntimeException e, Instant start, long t0) {
        ExecutionError error = NodeInvoker.error(node, e);
        return new Outcome.Failed(
                error,
                new NodeTrace(
                        node.name(),
                        NodeTrace.Status.FAILED,
                        start,
                        FlowExecutor.millisSince(t0),
                        TokenUsage.ZERO,
                        error.message()));
    }

    private static boolean bypassed(Node node, Map<String, Object> inputs, Function<String, Outcome> outcomes) {
        if (node.activate().isPresent()) {
            Activate a = node.activate().get();
            if (a.when() instanceof ValueRef.NodeRef r && outcomes.apply(r.node()) instanceof Outcome.Bypassed) {
                return true;
            }
            return !pythonEquals(value(a.when(), inputs, outcomes), a.is());
        }
        boolean referencesNodes = false;
        for (ValueRef ref : node.inputs().values()) {
            if (ref instanceof ValueRef.NodeRef r) {
                if (!(outcomes.apply(r.node()) instanceof Outcome.Bypassed)) {
                    return false;
                }
                referencesNodes = true;
            }
        }
        return referencesNodes;
    }

    static Object value(ValueRef ref, Map<String, Object> inputs, Function<String, Outcome> outcomes) {
        return switch (ref) {
            case ValueRef.Literal l -> l.value();
            case ValueRef.InputRef r -> ValueRef.select(inputs.get(r.name()), r.path(), "input " + r.name());
            case ValueRef.NodeRef r -> {
                Outcome o = outcomes.apply(r.node());
                yield o instanceof Outcome.Ran ran
                        ? ValueRef.select(ran.value().output(), r.path(), "output of " + r.node())
                        : null;
            }
        };
    }

    /** {@code ==} as Python means it for JSON-like values: {@code 1 == 1.0}, {@code True == 1}. */
    static boolean pythonEquals(Object a, Object b) {
        Object x = a instanceof Boolean ba ? (ba ? 1 : 0) : a;
        Object y = b instanceof Boolean bb ? (bb ? 1 : 0) : b;
        if (x instanceof Number nx && y instanceof Number ny) {
            return new BigDecimal(nx.toString()).compareTo(new BigDecimal(ny.toString())) == 0;
        }
        return Objects.equals(a, b);
    }
}
