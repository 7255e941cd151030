package dev.llmops.dataops.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.SystemEnv;
import dev.llmops.azure.ArmClient;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.dataops.DataOpsAzure;
import dev.llmops.dataops.SummaryFile;
import dev.llmops.dataops.WorkspaceOptions;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code llmops data datastore}: the template's {@code aml_data_store} step. Creates or updates the blob datastore
 * {@code DATA_STORE_NAME} over {@code STORAGE.TARGET_CONTAINER} of {@code STORAGE.STORAGE_ACCOUNT}
 * ({@code PUT datastores/{name}}, api-version 2024-10-01), with the account key as its credentials when one is given
 * and identity-based access ({@code credentialsType: None}) otherwise. The key is sent once, in the request body, and
 * never printed.
 */
public final class DatastoreSetup {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What was (or would be) done.
     *
     * @param id the datastore's resource id
     * @param existed whether it existed before (an update); empty in a dry run that could not ask
     * @param credentialsType {@code AccountKey} or {@code None}
     * @param request the PUT body with the key masked (what a dry run shows)
     */
    public record Result(
            boolean dryRun,
            String name,
            String id,
            Optional<Boolean> existed,
            String account,
            String container,
            String credentialsType,
            JsonNode request) {}

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> log;

    public DatastoreSetup(SystemEnv env, SecretMasker masker, Consumer<String> log) {
        this.env = env;
        this.masker = masker;
        this.log = log;
    }

    /**
     * @param key the storage account key; empty makes an identity-based datastore
     * @throws dev.llmops.error.ConfigException when the workspace is not configured (unless a dry run)
     */
    public Result apply(
            DataOpsConfig config,
            WorkspaceOptions options,
            Path useCaseDir,
            Optional<String> key,
            boolean dryRun,
            Optional<Path> outputFile) {
        key.ifPresent(masker::register);
        ObjectNode body = body(config, key);
        ObjectNode shown = body(config, key.map(k -> SecretMasker.MASK));
        String type = key.isPresent() ? "AccountKey" : "None";
        if (key.isEmpty()) {
            log.accept("no storage account key (--sa-key or " + StorageKey.VARIABLE + "): datastore "
                    + config.dataStoreName() + " will be identity-based; readers need 'Storage Blob Data Reader' on "
                    + config.storage().account());
        }
        Result result;
        if (dryRun) {
            Optional<AzureWorkspace> ws = DataOpsAzure.workspaceIfGiven(options, env, useCaseDir, log);
            AzureWorkspace shownWs =
                    ws.orElse(new AzureWorkspace("<SUBSCRIPTION_ID>", "<RESOURCE_GROUP_NAME>", "<WORKSPACE_NAME>"));
            Optional<Boolean> existed = ws.map(w -> DataOpsAzure.arm(env)
                    .find(w.path("datastores/" + config.dataStoreName()))
                    .isPresent());
            result = new Result(
                    true,
                    config.dataStoreName(),
                    shownWs.path("datastores/" + config.dataStoreName()),
                    existed,
                    config.storage().account(),
                    config.storage().targetContainer(),
                    type,
                    shown);
        } else {
            AzureWorkspace ws = DataOpsAzure.workspace(options, env, useCaseDir, "the datastore was not changed.");
            ArmClient arm = DataOpsAzure.arm(env);
            String path = ws.path("datastores/" + config.dataStoreName());
            boolean existed = arm.find(path).isPresent();
            arm.put(path, body, "datastore " + config.dataStoreName());
            result = new Result(
                    false,
                    config.dataStoreName(),
                    path,
                    Optional.of(existed),
                    config.storage().account(),
                    config.storage().targetContainer(),
                    type,
                    shown);
        }
        outputFile.ifPresent(f -> SummaryFile.write(json(result), f));
        return result;
    }

    /** {@code PUT datastores/{name}}: an {@code AzureBlob} datastore over the target container. */
    static ObjectNode body(DataOpsConfig config, Optional<String> key) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode p = body.putObject("properties");
        p.put("datastoreType", "AzureBlob");
        p.put("accountName", config.storage().account());
        p.put("containerName", config.storage().targetContainer());
        p.put("endpoint", "core.windows.net");
        p.put("protocol", "https");
        if (config.dataStoreDescription() != null) {
            p.put("description", config.dataStoreDescription());
        }
        ObjectNode credentials = p.putObject("credentials");
        if (key.isPresent()) {
            credentials.put("credentialsType", "AccountKey");
            credentials.putObject("secrets").put("secretsType", "AccountKey").put("key", key.get());
        } else {
            credentials.put("credentialsType", "None");
        }
        return body;
    }

    private static ObjectNode json(Result r) {
        ObjectNode root = SummaryFile.object();
        root.put("dry_run", r.dryRun());
        root.put("name", r.name()).put("id", r.id());
        if (r.existed().isPresent()) {
            root.put("action", r.existed().get() ? "update" : "create");
        } else {
            root.putNull("action");
        }
        root.put("storage_account", r.account()).put("container", r.container());
        root.put("credentials_type", r.credentialsType());
        return root;
    }
}
