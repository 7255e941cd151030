package dev.llmops.flow;

import dev.llmops.llm.TokenUsage;

/**
 * Hears each node of a line start and finish, on the thread that runs it, so that a caller can wrap the node in
 * something that lives as long as it does (a trace span that model calls made inside it nest under). Thread-safe.
 */
public interface NodeObserver {

    NodeObserver NONE = node -> Running.NONE;

    /** Called on the node's thread just before it runs. */
    Running started(Node node);

    /** A node that is running. */
    interface Running {

        Running NONE = (tokens, error) -> {};

        /**
         * Called once, on the same thread, when the node finished.
         *
         * @param tokens what its model calls used
         * @param error why it failed, or null when it succeeded
         */
        void finished(TokenUsage tokens, String error);
    }
}
