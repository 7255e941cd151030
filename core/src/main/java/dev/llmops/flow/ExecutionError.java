package dev.llmops.flow;

/**
 * Why a node failed.
 *
 * @param node the failing node; null when the line failed before any node ran (a bad input)
 * @param message one line saying what failed and, where known, how to fix it
 * @param detail a traceback or compiler output; null when none
 */
public record ExecutionError(String node, String message, String detail) {}
