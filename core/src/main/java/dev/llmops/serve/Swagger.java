package dev.llmops.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowInput;
import dev.llmops.flow.FlowOutput;
import dev.llmops.flow.InputType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code GET /swagger.json}: an OpenAPI 3.0.0 document of {@code /score} and {@code /feedback}, generated from the
 * flow's inputs and outputs as Prompt Flow's {@code generate_swagger} does (every input listed as required, as
 * there; the example from {@code samples.json}).
 */
final class Swagger {

    private Swagger() {}

    static ObjectNode of(ScoreService service, ObjectMapper json) {
        Flow flow = service.flow();
        ObjectNode root = json.createObjectNode();
        root.put("openapi", "3.0.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Promptflow[" + flow.name() + "] API");
        info.put("version", "1.0.0");
        info.put("x-flow-name", flow.name());
        flow.inputs().values().stream()
                .filter(FlowInput::isChatInput)
                .findFirst()
                .ifPresent(i -> info.put("x-chat-input", i.name()));
        flow.inputs().values().stream()
                .filter(FlowInput::isChatHistory)
                .findFirst()
                .ifPresent(i -> info.put("x-chat-history", i.name()));
        flow.outputs().values().stream()
                .filter(FlowOutput::isChatOutput)
                .findFirst()
                .ifPresent(o -> {
                    info.put("x-flow-type", "chat");
                    info.put("x-chat-output", o.name());
                });
        root.putObject("components")
                .putObject("securitySchemes")
                .putObject("bearerAuth")
                .put("type", "http")
                .put("scheme", "bearer");
        root.putArray("security").addObject().putArray("bearerAuth");
        ObjectNode paths = root.putObject("paths");

        ObjectNode score = paths.putObject("/score").putObject("post");
        score.put("summary", "run promptflow: " + flow.name() + " with an given input");
        ObjectNode body = score.putObject("requestBody");
        body.put("description", "promptflow input data");
        body.put("required", !flow.inputs().isEmpty());
        ObjectNode media = body.putObject("content").putObject("application/json");
        ObjectNode inSchema = media.putObject("schema");
        inSchema.put("type", "object");
        ObjectNode inProps = inSchema.putObject("properties");
        ArrayNode required = inSchema.putArray("required");
        for (FlowInput in : flow.inputs().values()) {
            ObjectNode p = inProps.putObject(in.name());
            type(p, in.type());
            if (in.description() != null && !in.description().isBlank()) {
                p.put("description", in.description());
            }
            if (in.hasDefault() && truthy(in.defaultValue())) {
                p.set("default", json.valueToTree(in.defaultValue()));
            }
            required.add(in.name());
        }
        media.set("example", example(flow.dir(), json));
        ObjectNode responses = score.putObject("responses");
        ObjectNode ok = responses.putObject("200");
        ok.put("description", "successful operation");
        ObjectNode outSchema =
                ok.putObject("content").putObject("application/json").putObject("schema");
        if (service.bareValue()) {
            outputType(outSchema, flow.outputs().get(service.returnedOutputs().getFirst()));
        } else {
            outSchema.put("type", "object");
            ObjectNode outProps = outSchema.putObject("properties");
            for (String name : service.returnedOutputs()) {
                outputType(outProps.putObject(name), flow.outputs().get(name));
            }
        }
        responses.putObject("400").put("description", "Invalid input");
        responses.putObject("default").put("description", "unexpected error");

        ObjectNode feedbackPath = paths.putObject("/feedback");
        ObjectNode feedback = feedbackPath.putObject("post");
        feedback.put("summary", "collect promptflow feedback");
        ObjectNode fbody = feedback.putObject("requestBody");
        fbody.put("description", "feedback data");
        fbody.put("required", true);
        ObjectNode fschema =
                fbody.putObject("content").putObject("application/json").putObject("schema");
        fschema.put("type", "object");
        fschema.putObject("additionalProperties");
        ObjectNode fresponses = feedback.putObject("responses");
        fresponses.putObject("200").put("description", "successful operation");
        fresponses.putObject("400").put("description", "Invalid input");
        fresponses.putObject("default").put("description", "unexpected error");
        ObjectNode flatten = feedbackPath.putArray("parameters").addObject();
        flatten.put("name", "flatten");
        flatten.put("in", "query");
        flatten.put("required", false);
        flatten.putObject("schema").put("type", "boolean");
        return root;
    }

    private static void type(ObjectNode p, InputType type) {
        switch (type) {
            case INT -> p.put("type", "integer");
            case DOUBLE -> p.put("type", "number");
            case BOOL -> p.put("type", "boolean");
            case STRING -> p.put("type", "string");
            case LIST -> {
                p.put("type", "array");
                p.putObject("items").put("type", "object").putObject("additionalProperties");
            }
            case OBJECT, IMAGE -> {
                p.put("type", "object");
                p.putObject("additionalProperties");
            }
        }
    }

    private static void outputType(ObjectNode p, FlowOutput output) {
        type(p, InputType.fromYaml(output.type()).orElse(InputType.STRING));
    }

    private static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case String s -> !s.isEmpty();
            case Boolean b -> b;
            case Number n -> n.doubleValue() != 0;
            case java.util.Collection<?> c -> !c.isEmpty();
            case java.util.Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** The first element of {@code samples.json} beside the flow, else {@code {}}. */
    private static com.fasterxml.jackson.databind.JsonNode example(Path flowDir, ObjectMapper json) {
        Path samples = flowDir.resolve("samples.json");
        if (Files.isRegularFile(samples)) {
            try {
                com.fasterxml.jackson.databind.JsonNode node = json.readTree(samples.toFile());
                if (node != null && node.isArray() && !node.isEmpty()) {
                    return node.get(0);
                }
            } catch (IOException e) {
                // an unreadable samples file only loses the example
            }
        }
        return json.createObjectNode();
    }
}
