package dev.llmops.init;

/** One file of a scaffold: its path relative to the use-case folder ({@code /}-separated) and its text. */
record ScaffoldFile(String path, String content) {}
