package dev.llmops.flow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The line nodes of a flow as a dependency graph, and how a line walks it: a node starts as soon as every node it
 * references is done. The thread that finishes a node goes on with one of the nodes that became ready and hands
 * the others to the executor, so a chain of nodes runs on one thread without a hand-off per node, while
 * independent branches still run concurrently.
 */
final class LineGraph {

    private final List<Node> nodes;
    private final Map<String, Integer> index = new HashMap<>();
    private final int[] dependencyCount;
    private final int[][] dependents;
    private final int[] roots;

    /** @param ordered the line nodes in topological order */
    LineGraph(List<Node> ordered) {
        this.nodes = List.copyOf(ordered);
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        dependencyCount = new int[nodes.size()];
        List<List<Integer>> out = new ArrayList<>();
        nodes.forEach(n -> out.add(new ArrayList<>()));
        List<Integer> rootList = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String dep : FlowGraph.dependencies(nodes.get(i))) {
                Integer d = index.get(dep);
                if (d != null) {
                    dependencyCount[i]++;
                    out.get(d).add(i);
                }
            }
            if (dependencyCount[i] == 0) {
                rootList.add(i);
            }
        }
        dependents = out.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        roots = rootList.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The line nodes' names, in topological order. */
    List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    /**
     * Runs every node of one line once.
     *
     * @return each node's outcome by name, in topological order
     * @throws InterruptedException when the calling thread is interrupted while other threads still run nodes
     */
    Map<String, Outcome> run(NodeScheduler scheduler, Map<String, Object> inputs, Executor executor)
            throws InterruptedException {
        return run(scheduler, inputs, executor, null, null);
    }

    /**
     * Runs a line whose {@code stream} node streams its answer; {@code done} hears each node's outcome as it is
     * set (on the thread that ran the node).
     */
    Map<String, Outcome> run(
            NodeScheduler scheduler,
            Map<String, Object> inputs,
            Executor executor,
            LineStream stream,
            java.util.function.BiConsumer<String, Function<String, Outcome>> done)
            throws InterruptedException {
        Walk walk = new Walk(scheduler, inputs, executor, stream, done);
        walk.start();
        walk.done.await();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            outcomes.put(nodes.get(i).name(), walk.outcomes.get(i));
        }
        return outcomes;
    }

    /** One line's walk through the graph. */
    private final class Walk {
        final NodeScheduler scheduler;
        final Map<String, Object> inputs;
        final Executor executor;
        final AtomicIntegerArray pending = new AtomicIntegerArray(dependencyCount);
        final AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(nodes.size());
        final CountDownLatch done = new CountDownLatch(nodes.size());
        final LineStream stream;
        final java.util.function.BiConsumer<String, Function<String, Outcome>> listener;

        Walk(
                NodeScheduler scheduler,
                Map<String, Object> inputs,
                Executor executor,
                LineStream stream,
                java.util.function.BiConsumer<String, Function<String, Outcome>> listener) {
            this.scheduler = scheduler;
            this.inputs = inputs;
            this.executor = executor;
            this.stream = stream;
            this.listener = listener;
        }

        void start() {
            if (roots.length == 0) {
                return;
            }
            for (int i = 1; i < roots.length; i++) {
                fork(roots[i]);
            }
            runFrom(roots[0]);
        }

        private void fork(int node) {
            try {
                executor.execute(() -> runFrom(node));
            } catch (RejectedExecutionException e) {
                runFrom(node); // an executor shutting down: the line still finishes, one node after another
            }
        }

        /** Runs a node, then goes on with one of the nodes it made ready; the others go to the executor. */
        private void runFrom(int first) {
            int next = first;
            while (next >= 0) {
                int node = next;
                next = -1;
                outcomes.set(node, step(node));
                if (listener != null) {
                    listener.accept(nodes.get(node).name(), this::outcome);
                }
                done.countDown();
                for (int d : dependents[node]) {
                    if (pending.decrementAndGet(d) == 0) {
                        if (next < 0) {
                            next = d;
                        } else {
                            fork(d);
                        }
                    }
                }
            }
        }

        private Outcome step(int node) {
            Node n = nodes.get(node);
            try {
                return scheduler.step(n, inputs, this::outcome, stream);
            } catch (RuntimeException | Error e) {
                // step() turns a node's own failures into outcomes; this is for anything beyond that (an out of
                // memory error), so that the line ends with the node failed instead of waiting forever.
                return NodeScheduler.failed(n, new IllegalStateException(e.toString(), e));
            }
        }

        private Outcome outcome(String name) {
            Integer i = index.get(name);
            return i == null ? null : outcomes.get(i);
        }
    }
}
