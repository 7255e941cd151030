package dev.llmops.testing.arm;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the fake answers: status, headers and a body. */
record FakeResponse(int status, Map<String, String> headers, String body, String contentType) {

    static FakeResponse json(int status, String body) {
        return new FakeResponse(status, new LinkedHashMap<>(), body, "application/json; charset=utf-8");
    }

    static FakeResponse empty(int status) {
        return new FakeResponse(status, new LinkedHashMap<>(), "", "application/json");
    }

    /** An ARM error body ({@code {"error": {"code", "message"}}}). */
    static FakeResponse error(int status, String code, String message) {
        var body = FakeArm.JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return json(status, body.toString()).with("x-ms-failure-cause", status >= 500 ? "service" : "gateway");
    }

    FakeResponse with(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new FakeResponse(status, h, body, contentType);
    }
}
