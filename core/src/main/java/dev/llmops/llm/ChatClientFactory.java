package dev.llmops.llm;

/**
 * Makes a {@link ChatClient} for a connection configuration that is not in the experiment, such as a
 * {@code .prompty} file's own {@code model.configuration}.
 */
public interface ChatClientFactory {

    /**
     * @throws dev.llmops.error.ConfigException when the configuration is incomplete or of an unknown type
     */
    ChatClient create(ConnectionConfig config);
}
