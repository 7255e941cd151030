package dev.llmops.flow;

/**
 * A node's {@code activate} condition: the node runs only when {@code when} resolves to a value equal to
 * {@code is}; otherwise it is bypassed.
 */
public record Activate(ValueRef when, Object is) {}
