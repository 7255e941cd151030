package dev.llmops.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method a {@code type: java} flow node calls. A tool class has exactly one public {@code @Tool}
 * method, static or instance (instances are created once with the public no-argument constructor and shared
 * across lines and threads, so keep them stateless or thread-safe).
 *
 * <p>Node inputs bind to parameters by name: compile with {@code -parameters} (code tools are compiled that
 * way automatically). Values are converted with Jackson to the declared generic type, so {@code List<String>},
 * records and POJOs work. A parameter of type {@link MetricLogger} receives the run's metric logger, and one of
 * type {@link dev.llmops.llm.ConnectionConfig} receives the connection named by that input.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Tool {

    /** Optional description, shown in docs and errors. */
    String description() default "";
}
