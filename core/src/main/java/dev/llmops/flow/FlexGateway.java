package dev.llmops.flow;

import dev.llmops.flow.prompty.Prompty;
import dev.llmops.flow.prompty.PromptyLoader;
import dev.llmops.flow.prompty.PromptyModel;
import dev.llmops.flow.tool.ModelGateway;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.TokenUsage;
import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model calls of one flex entry call, served by the flow's own connections and {@link LlmInvoker}: a {@code
 * Prompty} from the entry's code renders here with the JVM's template engine and calls the model like a prompty
 * node would; a raw chat-completions body (the loopback endpoint) goes to the connection it names. Tokens add up
 * for the line's trace; the run's tally and the throttle see every call because it runs on the line's thread.
 */
final class FlexGateway implements ModelGateway {

    /** Environment variable choosing the connection raw OpenAI calls go to, when the experiment has several. */
    static final String CONNECTION_VARIABLE = "LLMOPS_LOOPBACK_CONNECTION";

    private final FlowRuntime runtime;
    private final LlmInvoker llm;
    private final Path flowDir;
    private final Map<Path, Prompty> prompties;
    private final Map<String, String> environment;
    private final AtomicReference<TokenUsage> tokens = new AtomicReference<>(TokenUsage.ZERO);
    private java.util.function.Consumer<String> chunks;

    FlexGateway(
            FlowRuntime runtime,
            LlmInvoker llm,
            Path flowDir,
            Map<Path, Prompty> prompties,
            Map<String, String> environment) {
        this.runtime = runtime;
        this.llm = llm;
        this.flowDir = flowDir;
        this.prompties = prompties;
        this.environment = environment;
    }

    static Map<Path, Prompty> newPromptyCache() {
        return new ConcurrentHashMap<>();
    }

    /** Makes a generator entry's items go to {@code sink} as it yields them (null: joined into the output). */
    FlexGateway streamingTo(java.util.function.Consumer<String> sink) {
        this.chunks = sink;
        return this;
    }

    @Override
    public boolean streams() {
        return chunks != null;
    }

    TokenUsage tokens() {
        return tokens.get();
    }

    @Override
    public Map<String, Object> serve(Map<String, Object> request) {
        String op = String.valueOf(request.get("op"));
        return switch (op) {
            case "prompty" -> prompty(request);
            case "prompty_tokens" -> promptyTokens(request);
            case "chat" -> chat(request);
            case "chunk" -> chunk(request);
            default -> throw new ToolException("unknown model request '" + op + "' from the entry's code", null);
        };
    }

    private Map<String, Object> prompty(Map<String, Object> request) {
        LlmNode node = promptyNode(request);
        NodeValue value = llm.llm(node, inputs(request));
        tokens.accumulateAndGet(value.tokens(), TokenUsage::plus);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output", value.output());
        return out;
    }

    private Map<String, Object> chunk(Map<String, Object> request) {
        if (chunks == null) {
            throw new ToolException("the entry streamed a chunk, but this call does not stream", null);
        }
        Object text = request.get("text");
        chunks.accept(text == null ? "" : String.valueOf(text));
        return Map.of();
    }

    private Map<String, Object> promptyTokens(Map<String, Object> request) {
        LlmNode node = promptyNode(request);
        ChatRequest rendered = llm.prepare(node, inputs(request)).request();
        long count = 0;
        for (ChatMessage m : rendered.messages()) {
            count += estimate(m.content()) + 4; // role and separators, as the chat format adds per message
        }
        count += estimate(rendered.prompt()) + 3;
        return Map.of("tokens", count);
    }

    /** A rough count (about four characters a token, words never less than one), without a tokenizer. */
    static long estimate(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long words = text.strip().isEmpty() ? 0 : text.strip().split("\\s+").length;
        return Math.max(words, (text.length() + 3) / 4);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> inputs(Map<String, Object> request) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        if (request.get("inputs") instanceof Map<?, ?> m) {
            inputs.putAll((Map<String, Object>) m);
        }
        if (request.get("parameters") instanceof Map<?, ?> p) {
            ((Map<String, Object>) p).forEach((k, v) -> {
                if (LlmInvoker.CALL_PARAMETERS.contains(k)) {
                    inputs.putIfAbsent(k, v);
                }
            });
        }
        return inputs;
    }

    @SuppressWarnings("unchecked")
    private LlmNode promptyNode(Map<String, Object> request) {
        Object pathText = request.get("path");
        if (!(pathText instanceof String s) || s.isBlank()) {
            throw new ToolException("Prompty needs a source path", null);
        }
        Path path = flowDir.resolve(s).toAbsolutePath().normalize();
        Prompty prompty = prompties.computeIfAbsent(path, p -> new PromptyLoader().load(p));
        String connection = null;
        if (request.get("configuration") instanceof Map<?, ?> c && !c.isEmpty()) {
            Map<String, Object> config = (Map<String, Object>) c;
            Map<String, String> props = new LinkedHashMap<>(prompty.model().properties());
            config.forEach((k, v) -> {
                if (v != null && !k.equals("type") && !k.equals("connection")) {
                    props.put(k, String.valueOf(v));
                }
            });
            connection = config.get("connection") instanceof String cn && !cn.isBlank() ? cn : null;
            String type =
                    config.get("type") instanceof String t ? t : prompty.model().type();
            if (connection == null && !props.containsKey("api_key") && !props.containsKey("azure_endpoint")) {
                connection = prompty.model().connection();
            }
            prompty = new Prompty(
                    prompty.name(),
                    prompty.file(),
                    prompty.api(),
                    new PromptyModel(type, connection, props),
                    prompty.parameters(),
                    prompty.inputs(),
                    prompty.sample(),
                    prompty.template(),
                    prompty.response());
        }
        Map<String, Object> parameters =
                request.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
        if (!parameters.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>(prompty.parameters());
            merged.putAll(parameters);
            prompty = new Prompty(
                    prompty.name(),
                    prompty.file(),
                    prompty.api(),
                    prompty.model(),
                    merged,
                    prompty.inputs(),
                    prompty.sample(),
                    prompty.template(),
                    prompty.response());
        }
        // One client per distinct inline configuration: LlmInvoker keys prompty clients by node name.
        String key = "prompty:" + prompty.name() + "#"
                + Integer.toHexString(prompty.model().hashCode());
        return new LlmNode(
                key,
                Map.of(),
                Optional.empty(),
                false,
                new YLocation(path, 1, 1),
                path,
                prompty.template(),
                prompty.api(),
                null,
                Optional.of(prompty));
    }

    /** An OpenAI chat-completions body (from the loopback endpoint or a model configuration). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> chat(Map<String, Object> request) {
        Map<String, Object> body = request.get("body") instanceof Map<?, ?> b ? (Map<String, Object>) b : Map.of();
        String connection = request.get("connection") instanceof String c && !c.isBlank() ? c : defaultConnection();
        ChatClient client = runtime.connections().chatClient(connection);
        List<ChatMessage> messages = new ArrayList<>();
        if (body.get("messages") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    messages.add(new ChatMessage(
                            String.valueOf(m.get("role")), content(m.get("content")), (String) m.get("name"), null));
                }
            }
        }
        if (messages.isEmpty()) {
            throw new ToolException("the chat request has no messages", null);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        body.forEach((k, v) -> {
            if (LlmInvoker.CALL_PARAMETERS.contains(k)
                    && !Set.of("model", "stream").contains(k)
                    && v != null) {
                parameters.put(k, v);
            }
        });
        String deployment = request.get("deployment") instanceof String d && !d.isBlank()
                ? d
                : body.get("model") instanceof String m ? m : null;
        ChatResponse response = client.chat(new ChatRequest(LlmApi.CHAT, deployment, messages, null, parameters));
        tokens.accumulateAndGet(response.usage(), TokenUsage::plus);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", response.text());
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", "stop");
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", response.usage().promptTokens());
        usage.put("completion_tokens", response.usage().completionTokens());
        usage.put("total_tokens", response.usage().totalTokens());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", "chatcmpl-llmops");
        out.put("object", "chat.completion");
        out.put("created", System.currentTimeMillis() / 1000);
        out.put("model", response.model() != null ? response.model() : deployment);
        out.put("choices", List.of(choice));
        out.put("usage", usage);
        return out;
    }

    private static String content(Object content) {
        if (content instanceof List<?> parts) {
            // Content parts: keep the text ones, in order.
            StringBuilder text = new StringBuilder();
            for (Object p : parts) {
                if (p instanceof Map<?, ?> m && m.get("text") != null) {
                    text.append(m.get("text"));
                }
            }
            return text.toString();
        }
        return content == null ? "" : String.valueOf(content);
    }

    private String defaultConnection() {
        String named = environment.get(CONNECTION_VARIABLE);
        if (named != null && !named.isBlank()) {
            return named.strip();
        }
        List<String> names = runtime.connections().names();
        if (names.size() == 1) {
            return names.getFirst();
        }
        List<String> llmNames = names.stream()
                .filter(n -> runtime.connections()
                        .config(n)
                        .map(ConnectionConfig::type)
                        .map(t -> t.toLowerCase(java.util.Locale.ROOT))
                        .map(t -> t.contains("openai") || t.contains("replay"))
                        .orElse(false))
                .sorted()
                .toList();
        if (llmNames.size() == 1) {
            return llmNames.getFirst();
        }
        throw new ToolException(
                llmNames.isEmpty()
                        ? "the entry's code called a model directly, but the experiment defines no OpenAI, Azure"
                                + " OpenAI or replay connection to send it to"
                        : "the entry's code called a model directly and the experiment defines several connections "
                                + llmNames + "; set " + CONNECTION_VARIABLE + " (env.yaml or the environment) to one",
                null);
    }
}
