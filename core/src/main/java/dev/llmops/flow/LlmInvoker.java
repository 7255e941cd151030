package dev.llmops.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.flow.prompty.Prompty;
import dev.llmops.flow.prompty.PromptyModel;
import dev.llmops.flow.template.ChatParser;
import dev.llmops.flow.template.RoleEscaper;
import dev.llmops.flow.template.TemplateException;
import dev.llmops.flow.template.TemplateRenderer;
import dev.llmops.json.Json;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs llm and prompt nodes: render, split into messages, call the model. Thread-safe. */
final class LlmInvoker {

    /** Node inputs that configure the call; every other input is a template variable. */
    static final Set<String> CALL_PARAMETERS = Set.of(
            "deployment_name",
            "model",
            "temperature",
            "max_tokens",
            "max_completion_tokens",
            "top_p",
            "stop",
            "presence_penalty",
            "frequency_penalty",
            "seed",
            "response_format",
            "logit_bias",
            "user",
            "n",
            "tools",
            "tool_choice",
            "functions",
            "function_call",
            "logprobs",
            "top_logprobs",
            "suffix",
            "echo",
            "best_of",
            "stream");

    private static final Pattern ENV_REF = Pattern.compile("^\\$\\{env:([^}]+)}$");

    private final FlowRuntime runtime;
    private final Map<String, String> environment;
    private final TemplateRenderer renderer;
    private final ObjectMapper json = Json.pooledMapper();
    private final Map<String, ChatClient> promptyClients = new ConcurrentHashMap<>();

    LlmInvoker(FlowRuntime runtime, Map<String, String> environment, TemplateRenderer renderer) {
        this.runtime = runtime;
        this.environment = environment;
        this.renderer = renderer;
    }

    NodeValue prompt(PromptNode node, Map<String, Object> inputs) {
        return NodeValue.of(renderer.render(node.name(), node.template(), inputs));
    }

    NodeValue llm(LlmNode node, Map<String, Object> inputs) {
        return llm(node, inputs, null);
    }

    /** @param chunks where the answer streams to as it arrives; null for a whole answer */
    NodeValue llm(LlmNode node, Map<String, Object> inputs, java.util.function.Consumer<String> chunks) {
        Prepared prepared = prepare(node, inputs);
        ChatResponse response = chunks == null
                ? client(node).chat(prepared.request())
                : client(node).chatStream(prepared.request(), chunks);
        return new NodeValue(output(prepared.prompty(), prepared.parameters(), response), response.usage(), Map.of());
    }

    /** A rendered call, before it is sent. */
    record Prepared(ChatRequest request, Prompty prompty, Map<String, Object> parameters) {}

    /** Renders the node's prompt with the inputs into the request it would send. */
    Prepared prepare(LlmNode node, Map<String, Object> inputs) {
        Map<String, Object> variables = new LinkedHashMap<>();
        Map<String, Object> parameters = new LinkedHashMap<>();
        Prompty prompty = node.prompty().orElse(null);
        if (prompty != null) {
            prompty.inputs().values().forEach(i -> {
                if (i.hasDefault()) {
                    variables.put(i.name(), i.defaultValue());
                }
            });
            parameters.putAll(prompty.parameters());
        }
        inputs.forEach((k, v) -> (CALL_PARAMETERS.contains(k) ? parameters : variables).put(k, v));
        // Streaming is a transport choice of the caller, not of the flow: the runner always reads whole answers.
        parameters.remove("stream");
        Object deploymentName = parameters.remove("deployment_name");
        String deployment = deploymentName != null ? String.valueOf(deploymentName) : null;
        if (deployment == null && parameters.get("model") != null) {
            deployment = String.valueOf(parameters.get("model"));
        }
        if (deployment == null && prompty != null && prompty.model().deployment() != null) {
            deployment = env(prompty.model().deployment());
        }

        ChatRequest request;
        if (node.api() == LlmApi.CHAT) {
            RoleEscaper escaper = new RoleEscaper();
            String text = renderer.render(node.name(), node.template(), escaper.escape(variables));
            List<ChatMessage> messages = ChatParser.parse(text, escaper);
            if (messages.isEmpty()) {
                throw new TemplateException("the rendered prompt holds no chat message; start it with a role line such"
                        + " as 'system:' or 'user:'");
            }
            request = new ChatRequest(LlmApi.CHAT, deployment, messages, null, parameters);
        } else {
            String text = renderer.render(node.name(), node.template(), variables);
            request = new ChatRequest(LlmApi.COMPLETION, deployment, List.of(), text, parameters);
        }
        return new Prepared(request, prompty, parameters);
    }

    ChatClient client(LlmNode node) {
        if (node.connection() != null) {
            return runtime.connections().chatClient(node.connection());
        }
        Prompty prompty = node.prompty().orElseThrow();
        PromptyModel model = prompty.model();
        if (model.connection() != null) {
            return runtime.connections().chatClient(model.connection());
        }
        return promptyClients.computeIfAbsent(
                node.name(), k -> runtime.clientFactory().create(config(prompty)));
    }

    /** The prompty's inline configuration as a connection; {@code api_key} is marked secret. */
    ConnectionConfig config(Prompty prompty) {
        PromptyModel model = prompty.model();
        Map<String, String> p = new LinkedHashMap<>();
        model.properties().forEach((k, v) -> p.put(k, env(v)));
        Map<String, String> props = new LinkedHashMap<>();
        String type;
        if (model.type().equals("openai")) {
            type = "OpenAIConnection";
            putIf(props, "base_url", p.get("base_url"));
            putIf(props, "organization", p.get("organization"));
            putIf(props, "model", p.get("model"));
        } else {
            type = "AzureOpenAIConnection";
            putIf(props, "api_base", p.getOrDefault("azure_endpoint", p.get("api_base")));
            putIf(props, "api_version", p.get("api_version"));
            putIf(props, "azure_deployment", p.get("azure_deployment"));
            putIf(props, "api_type", "azure");
        }
        putIf(props, "api_key", p.get("api_key"));
        return new ConnectionConfig("prompty:" + prompty.name(), type, props, Set.of("api_key"));
    }

    private Object output(Prompty prompty, Map<String, Object> parameters, ChatResponse response) {
        if (prompty == null) {
            return response.text();
        }
        if (prompty.response() == Prompty.Response.ALL) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", response.text());
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("prompt_tokens", response.usage().promptTokens());
            usage.put("completion_tokens", response.usage().completionTokens());
            usage.put("total_tokens", response.usage().totalTokens());
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("model", response.model());
            all.put("choices", List.of(Map.of("index", 0, "message", message)));
            all.put("usage", usage);
            return all;
        }
        if (parameters.get("response_format") instanceof Map<?, ?> rf && "json_object".equals(rf.get("type"))) {
            try {
                return json.readValue(response.text(), Object.class);
            } catch (JsonProcessingException e) {
                throw new TemplateException("the prompty asks for response_format json_object but the model answered"
                        + " text that is not JSON: " + e.getOriginalMessage());
            }
        }
        return response.text();
    }

    /** {@code ${env:NAME}} from the run's environment; left unchanged when unset, as Prompt Flow does. */
    private String env(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = ENV_REF.matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        String resolved = environment.get(m.group(1).strip());
        return resolved != null ? resolved : value;
    }

    private static void putIf(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
