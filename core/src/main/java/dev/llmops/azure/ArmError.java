package dev.llmops.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * ARM's error body ({@code {"error": {"code", "message", "target", "details": [...]}}}, the CloudError shape),
 * or the {@code error} of a failed operation status.
 */
public record ArmError(String code, String message, String target, List<ArmError> details) {

    public ArmError {
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        details = List.copyOf(details);
    }

    /** Reads {@code {"error": {...}}} or a bare error object; null when the node holds neither. */
    static ArmError of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode e = node.has("error") ? node.get("error") : node;
        if (!e.isObject() || !(e.has("code") || e.has("message"))) {
            return null;
        }
        List<ArmError> details = new ArrayList<>();
        for (JsonNode d : e.path("details")) {
            ArmError detail = of(d);
            if (detail != null) {
                details.add(detail);
            }
        }
        return new ArmError(
                e.path("code").asText(""),
                e.path("message").asText(""),
                e.hasNonNull("target") ? e.get("target").asText() : null,
                details);
    }

    /** {@code Code: message (target) [detail; detail]} in one line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(code.isEmpty() ? "error" : code);
        if (!message.isEmpty()) {
            sb.append(": ").append(message.strip());
        }
        if (target != null && !target.isEmpty()) {
            sb.append(" (target ").append(target).append(')');
        }
        if (!details.isEmpty()) {
            sb.append(" [");
            for (int i = 0; i < details.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(details.get(i).describe());
            }
            sb.append(']');
        }
        return sb.toString();
    }
}
