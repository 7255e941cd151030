package dev.llmops.flow.java;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Formats a tool's exception with only the tool's own frames: the reflection and llmops frames are noise. */
final class StackTraces {

    private StackTraces() {}

    static String trimmed(Throwable error) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = error;
        String prefix = "";
        while (current != null && seen.add(current)) {
            out.append(prefix).append(current).append(System.lineSeparator());
            for (StackTraceElement frame : toolFrames(current)) {
                out.append("\tat ").append(frame).append(System.lineSeparator());
            }
            prefix = "Caused by: ";
            current = current.getCause();
        }
        return out.toString().stripTrailing();
    }

    private static List<StackTraceElement> toolFrames(Throwable error) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement frame : error.getStackTrace()) {
            if (isCallerSide(frame.getClassName())) {
                break;
            }
            frames.add(frame);
        }
        return frames;
    }

    private static boolean isCallerSide(String className) {
        return className.startsWith("jdk.internal.reflect.")
                || className.startsWith("java.lang.reflect.")
                || className.startsWith("dev.llmops.flow.java.");
    }
}
