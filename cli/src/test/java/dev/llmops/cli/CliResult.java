package dev.llmops.cli;

/** What a command printed and returned. */
public record CliResult(int exitCode, String out, String err) {}
