package dev.llmops.serve;

import dev.llmops.SystemEnv;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.secret.SecretMasker;
import java.io.PrintWriter;
import java.util.Objects;

/**
 * The collaborators a served flow uses: model clients, tool runners (owned by the caller, who closes them after
 * the server stopped), the process environment, the masker and where the JSON access log goes.
 */
public record ServeRuntime(
        ChatClientFactory clients,
        ToolRunner pythonTools,
        ToolRunner javaTools,
        SystemEnv env,
        SecretMasker masker,
        PrintWriter log) {

    public ServeRuntime {
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(pythonTools, "pythonTools");
        Objects.requireNonNull(javaTools, "javaTools");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(masker, "masker");
        Objects.requireNonNull(log, "log");
    }
}
