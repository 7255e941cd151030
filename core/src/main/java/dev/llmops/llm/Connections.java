package dev.llmops.llm;

import java.util.List;
import java.util.Optional;

/** The connections a flow run can use, by name. */
public interface Connections {

    Optional<ConnectionConfig> config(String name);

    /**
     * A client for the named connection, shared and thread-safe.
     *
     * @throws dev.llmops.error.ConfigException when there is no such connection or it cannot make chat calls
     */
    ChatClient chatClient(String name);

    /** Every connection's name, in definition order (empty when the implementation cannot list them). */
    default List<String> names() {
        return List.of();
    }
}
