package dev.llmops.azure;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.secret.Variables;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the workspace and Resource Manager endpoint to talk to: the command line first, then the template's
 * variables ({@code SUBSCRIPTION_ID}, {@code RESOURCE_GROUP_NAME}, {@code WORKSPACE_NAME}, also read from
 * {@code .env}), then the {@code AZURE_*} ones.
 */
public final class AzureWorkspaces {

    /** The variable that points llmops at another Resource Manager (a sovereign cloud, a test's fake). */
    public static final String ARM_ENDPOINT_VARIABLE = "LLMOPS_ARM_ENDPOINT";

    private AzureWorkspaces() {}

    /**
     * @throws ConfigException naming every setting that is missing and where it may be given
     */
    public static AzureWorkspace resolve(
            Optional<String> subscription, Optional<String> group, Optional<String> workspace, Variables variables) {
        List<Problem> missing = new ArrayList<>();
        String s =
                pick(subscription, variables, missing, "--subscription_id", "SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID");
        String g = pick(group, variables, missing, "--resource-group", "RESOURCE_GROUP_NAME", "AZURE_RESOURCE_GROUP");
        String w = pick(workspace, variables, missing, "--workspace", "WORKSPACE_NAME", "AZURE_ML_WORKSPACE");
        if (!missing.isEmpty()) {
            throw new ConfigException(missing, "nothing was deployed.");
        }
        return new AzureWorkspace(s, g, w);
    }

    /**
     * The workspace as far as it is given, for a plan that calls nothing: each missing setting reads
     * {@code <SUBSCRIPTION_ID>}, {@code <RESOURCE_GROUP_NAME>} or {@code <WORKSPACE_NAME>}.
     *
     * @param notes receives one line per missing setting, naming where to give it
     */
    public static AzureWorkspace sketch(
            Optional<String> subscription,
            Optional<String> group,
            Optional<String> workspace,
            Variables variables,
            java.util.function.Consumer<String> notes) {
        List<Problem> missing = new ArrayList<>();
        String s =
                pick(subscription, variables, missing, "--subscription_id", "SUBSCRIPTION_ID", "AZURE_SUBSCRIPTION_ID");
        String g = pick(group, variables, missing, "--resource-group", "RESOURCE_GROUP_NAME", "AZURE_RESOURCE_GROUP");
        String w = pick(workspace, variables, missing, "--workspace", "WORKSPACE_NAME", "AZURE_ML_WORKSPACE");
        missing.forEach(p -> notes.accept(p.message() + ": " + p.hint()));
        return new AzureWorkspace(
                s.isEmpty() ? "<SUBSCRIPTION_ID>" : s,
                g.isEmpty() ? "<RESOURCE_GROUP_NAME>" : g,
                w.isEmpty() ? "<WORKSPACE_NAME>" : w);
    }

    private static String pick(
            Optional<String> option, Variables variables, List<Problem> missing, String flag, String... names) {
        if (option.filter(v -> !v.isBlank()).isPresent()) {
            return option.get().strip();
        }
        for (String name : names) {
            Optional<String> v = variables.get(name);
            if (v.isPresent()) {
                return v.get().strip();
            }
        }
        missing.add(Problem.error(
                null,
                0,
                0,
                "no " + names[0].toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " given",
                "pass " + flag + " or set " + String.join(" or ", names) + " (in the environment or .env)"));
        return "";
    }

    /** The Resource Manager endpoint: {@code LLMOPS_ARM_ENDPOINT}, else the public cloud's. */
    public static ArmSettings settings(SystemEnv env, Duration timeout) {
        Optional<String> configured = env.get(ARM_ENDPOINT_VARIABLE).filter(v -> !v.isBlank());
        URI endpoint = configured.map(URI::create).orElse(ArmSettings.PUBLIC_CLOUD);
        try {
            return new ArmSettings(endpoint, timeout, 5);
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(
                    ARM_ENDPOINT_VARIABLE + " is " + endpoint + ": " + e.getMessage(),
                    "set it to https://management.azure.com (or your cloud's Resource Manager), or unset it");
        }
    }

    /** A client for the endpoint, signing in with {@link DefaultArmCredential}. */
    public static ArmClient client(SystemEnv env, Duration timeout, String apiVersion, ArmProgress progress) {
        return new ArmClient(
                settings(env, timeout),
                apiVersion,
                new DefaultArmCredential(env, Clock.systemUTC()),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build(),
                Sleeper.REAL,
                Clock.systemUTC(),
                progress);
    }
}
