package dev.llmops.serve;

/**
 * A request the server answers with an error: the HTTP status and Prompt Flow's error body {@code {"error":
 * {"code", "message"}}}, code {@code UserError} for 4xx and {@code SystemError} otherwise. The message never holds
 * a stack trace or a secret.
 */
final class ServeException extends RuntimeException {

    private final int status;

    ServeException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    String code() {
        return status >= 400 && status < 500 ? "UserError" : "SystemError";
    }

    static ServeException badRequest(String message) {
        return new ServeException(400, message);
    }
}
