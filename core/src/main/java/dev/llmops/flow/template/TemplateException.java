package dev.llmops.flow.template;

/**
 * A template could not be rendered or its text could not be split into chat messages. The line fails; the same
 * input fails again.
 */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
