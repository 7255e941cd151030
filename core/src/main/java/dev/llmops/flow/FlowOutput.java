package dev.llmops.flow;

/** A declared flow output and where its value comes from. */
public record FlowOutput(String name, String type, ValueRef reference, boolean isChatOutput) {}
