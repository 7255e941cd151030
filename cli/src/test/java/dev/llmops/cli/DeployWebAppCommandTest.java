package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.arm.FakeArm;
import dev.llmops.testing.arm.FakeArmCall;
import dev.llmops.testing.arm.FakeWebApps;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmops deploy --target webapp} as a user runs it: through {@link Main#run}, against the HTTPS fake of
 * Resource Manager with the App Service, identity, role-assignment and registry providers, where each site's host
 * name is a real HTTPS front end that starts the "image" as a real {@code llmops serve} of the use case, with the
 * app settings as its environment, calling a fake Azure OpenAI server.
 */
class DeployWebAppCommandTest {

    private static final String API_KEY = "aoai-webapp-secret-key-0042";
    private static final String SERVE_KEY = "serve-key-never-printed-7";
    private static final String V1 = "llmopsacr.azurecr.io/named_entity_recognition_dev:1";
    private static final String V2 = "llmopsacr.azurecr.io/named_entity_recognition_dev:2";
    private static final String APP = "ner-web";

    @TempDir
    Path work;

    private final FakeLlmServer llm = FakeLlmServer.start();
    private FakeArm arm;
    private FakeWebApps web;
    private Path useCase;
    private final Map<String, Path> images = new HashMap<>();

    @BeforeEach
    void start() throws IOException {
        arm = FakeArm.start();
        web = FakeWebApps.install(arm, this::container).registry("rg-acr", "llmopsacr", "westeurope");
        useCase = ShippedUseCases.copy("named_entity_recognition", work.resolve("ner"));
        Files.writeString(
                useCase.resolve(".env"),
                "AOAI_API_KEY=" + API_KEY + "\nAOAI_API_BASE=" + llm.azureApiBase() + "\nLLMOPS_SERVE_KEYS=" + SERVE_KEY
                        + "\n");
        config("S1", "\"LOCATION\": \"northeurope\",");
        // What each image holds: the use case as llmops build put it there, without the .env.
        images.put(V1, ShippedUseCases.copy("named_entity_recognition", work.resolve("images/1")));
        Path v2 = ShippedUseCases.copy("named_entity_recognition", work.resolve("images/2"));
        Path flow = v2.resolve("flows/standard/flow.dag.yaml");
        Files.writeString(flow, Files.readString(flow).replace("gpt-4o-mini", "gpt-retired"));
        images.put(V2, v2);
        llm.when(r -> "gpt-retired".equals(r.deployment()), FakeLlmServer.Behaviour.deploymentNotFound());
        llm.answer("Brightwell, Moss & Tan LLP, Orino Foods");
    }

    @AfterEach
    void stop() {
        web.close();
        arm.close();
        llm.close();
    }

    /** App Service starting an image: here, llmops serve of the use case the image holds. */
    private FakeWebApps.Container container(String image, Map<String, String> environment) throws Exception {
        Path holds = images.get(image);
        if (holds == null) {
            throw new IllegalStateException("manifest unknown: " + image);
        }
        ServingCli serve =
                ServingCli.start(work, environment, "serve", "-u", holds.toString(), "-e", "dev", "--port", "0");
        if (!serve.listening()) {
            throw new IllegalStateException(
                    "exited: " + serve.result().out() + serve.result().err());
        }
        return new FakeWebApps.Container() {
            @Override
            public URI url() {
                return URI.create(serve.baseUrl());
            }

            @Override
            public String logs() {
                return serve.out();
            }

            @Override
            public void close() {
                serve.close();
            }
        };
    }

    private void config(String sku, String extra) throws IOException {
        Files.writeString(useCase.resolve("configs/deployment_config.json"), """
                {"webapp_endpoint": [{
                  "ENV_NAME": "dev", "TEST_FILE_PATH": "sample-request.json", "CONNECTION_NAMES": ["aoai"],
                  "REGISTRY_NAME": "llmopsacr", "REGISTRY_RG_NAME": "rg-acr", %s
                  "APP_PLAN_NAME": "plan-ner", "WEB_APP_NAME": "ner-web", "WEB_APP_RG_NAME": "rg-web",
                  "WEB_APP_SKU": "%s", "USER_MANAGED_ID": "id-ner"}]}
                """.formatted(extra, sku));
    }

    private CliResult llmops(String... args) {
        CliRun run = CliRun.in(work);
        arm.environment().forEach(run::env);
        return run.run(args);
    }

    private CliResult deploy(String image, String... extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("deploy", "-t", "webapp", "-u", "ner", "-e", "dev", "--image", image, "--timeout", "2m"));
        args.addAll(List.of(extra));
        return llmops(args.toArray(String[]::new));
    }

    /** The writes, as {@code METHOD <group>/<type>/<name>...}, role-assignment names left out. */
    private List<String> writes() {
        return arm.writes().stream().map(DeployWebAppCommandTest::brief).toList();
    }

    private static String brief(FakeArmCall c) {
        String p = c.path()
                .replaceFirst("^/subscriptions/[^/]+", "")
                .replaceFirst("^/resourceGroups/([^/]+)/providers/", "$1/")
                .replaceFirst("roleAssignments/[0-9a-f-]{36}$", "roleAssignments/{id}");
        return c.method() + " " + p;
    }

    private static void assertNoSecret(CliResult r) {
        assertThat(r.out() + r.err()).doesNotContain(API_KEY).doesNotContain(SERVE_KEY);
    }

    @Test
    void should_create_every_resource_then_serve_the_image_and_pass_the_smoke_test() {
        // when
        CliResult r = deploy(V1);

        // then: the calls, in order, each once; all app settings in one update
        assertThat(r).succeeded().outContains("deployed " + V1 + " to web app ner-web: https://127.0.0.1:");
        assertThat(writes())
                .containsExactly(
                        "PUT /resourcegroups/rg-web",
                        "PUT rg-web/Microsoft.ManagedIdentity/userAssignedIdentities/id-ner",
                        "PUT rg-acr/Microsoft.ContainerRegistry/registries/llmopsacr/providers/"
                                + "Microsoft.Authorization/roleAssignments/{id}",
                        "PUT rg-web/Microsoft.Web/serverfarms/plan-ner",
                        "PUT rg-web/Microsoft.Web/sites/ner-web",
                        "PUT rg-web/Microsoft.Web/sites/ner-web/config/appsettings");
        // the final state
        assertThat(web.group("rg-web").orElseThrow().path("location").asText()).isEqualTo("northeurope");
        JsonNode identity = web.identity("rg-web", "id-ner").orElseThrow();
        JsonNode role = web.roleAssignments().getFirst();
        assertThat(role.path("principalId").asText())
                .isEqualTo(identity.path("properties").path("principalId").asText());
        assertThat(role.path("roleDefinitionId").asText()).endsWith("/roleDefinitions/" + FakeWebApps.ACR_PULL);
        assertThat(role.path("scope").asText()).endsWith("/registries/llmopsacr");
        JsonNode plan = web.plan("rg-web", "plan-ner").orElseThrow();
        assertThat(plan.path("kind").asText()).isEqualTo("linux");
        assertThat(plan.path("sku").path("name").asText()).isEqualTo("S1");
        assertThat(plan.path("sku").path("tier").asText()).isEqualTo("Standard");
        assertThat(plan.path("properties").path("reserved").asBoolean()).isTrue();
        JsonNode config = web.siteConfig(APP, null).orElseThrow();
        assertThat(config.path("linuxFxVersion").asText()).isEqualTo("DOCKER|" + V1);
        assertThat(config.path("healthCheckPath").asText()).isEqualTo("/health");
        assertThat(config.path("acrUseManagedIdentityCreds").asBoolean()).isTrue();
        assertThat(config.path("acrUserManagedIdentityID").asText())
                .isEqualTo(identity.path("properties").path("clientId").asText());
        assertThat(web.resource(APP, null)
                        .orElseThrow()
                        .path("identity")
                        .path("userAssignedIdentities")
                        .fieldNames())
                .toIterable()
                .singleElement()
                .asString()
                .endsWith("/userAssignedIdentities/id-ner");
        assertThat(web.settings(APP, null))
                .containsEntry("WEBSITES_PORT", "8080")
                .containsEntry("AOAI_API_KEY", API_KEY)
                .containsEntry("AOAI_API_BASE", llm.azureApiBase())
                .containsEntry("LLMOPS_SERVE_KEYS", SERVE_KEY);
        // the smoke test reached the real server, which called the model with the key from the app settings
        assertThat(llm.lastRequest().header("api-key")).isEqualTo(API_KEY);
        assertThat(llm.lastRequest().lastUserMessage()).contains("Orino Foods");
        assertThat(r.out()).contains("smoke test passed");
        assertThat(web.starts(APP, null)).isEqualTo(1);
        assertNoSecret(r);
    }

    @Test
    void should_swap_the_staging_slot_into_production_only_after_its_smoke_test_and_swap_back_on_rollback()
            throws IOException {
        // given: production serves v1; v3 is v1's use case under another tag
        assertThat(deploy(V1)).succeeded();
        String v3 = "llmopsacr.azurecr.io/named_entity_recognition_dev:3";
        images.put(v3, images.get(V1));
        int before = arm.writes().size();

        // when
        CliResult r = deploy(v3, "--slot", "staging");

        // then: the slot is made and tested, then swapped; no new group, the same role assignment
        assertThat(r)
                .succeeded()
                .outContains("deployed " + v3 + " to web app ner-web (tested in slot staging, then" + " swapped)");
        assertThat(writes().subList(before, writes().size()))
                .containsExactly(
                        "PUT rg-web/Microsoft.ManagedIdentity/userAssignedIdentities/id-ner",
                        "PUT rg-acr/Microsoft.ContainerRegistry/registries/llmopsacr/providers/"
                                + "Microsoft.Authorization/roleAssignments/{id}",
                        "PUT rg-web/Microsoft.Web/serverfarms/plan-ner",
                        "PUT rg-web/Microsoft.Web/sites/ner-web/slots/staging",
                        "PUT rg-web/Microsoft.Web/sites/ner-web/slots/staging/config/appsettings",
                        "POST rg-web/Microsoft.Web/sites/ner-web/slotsswap");
        assertThat(web.roleAssignments()).hasSize(1);
        assertThat(web.image(APP, null)).hasValue(v3);
        assertThat(web.image(APP, "staging")).hasValue(V1);
        assertThat(web.settings(APP, "staging")).containsEntry("WEBSITES_PORT", "8080");
        assertNoSecret(r);

        // when: rollback swaps back
        CliResult back = llmops("deploy", "rollback", "-t", "webapp", "-u", "ner", "-e", "dev", "--slot", "staging");

        // then
        assertThat(back).succeeded().outContains("production of the web app now serves " + V1);
        assertThat(web.image(APP, null)).hasValue(V1);
        assertThat(web.image(APP, "staging")).hasValue(v3);
        assertThat(writes().getLast()).isEqualTo("POST rg-web/Microsoft.Web/sites/ner-web/slotsswap");

        // and status names both, without a setting's value
        CliResult status = llmops("deploy", "status", "-t", "webapp", "-u", "ner", "-e", "dev");
        assertThat(status)
                .succeeded()
                .outContains("web app ner-web production: Running, https://127.0.0.1:")
                .outContains("image " + V1 + ", health check /health, 4 app settings")
                .outContains("slot staging: Running");
        assertNoSecret(status);
    }

    @Test
    void should_leave_production_on_the_old_image_when_the_staging_smoke_test_fails() {
        // given
        assertThat(deploy(V1)).succeeded();

        // when: v2 names a model deployment that no longer exists
        CliResult r = deploy(V2, "--slot", "staging");

        // then: no swap, production still serves v1 and answers
        assertThat(r)
                .exitedWith(1)
                .errContains("smoke test of slot staging of web app ner-web failed")
                .errContains("production was not swapped and still serves " + V1);
        assertThat(writes()).doesNotContain("POST rg-web/Microsoft.Web/sites/ner-web/slotsswap");
        assertThat(web.image(APP, null)).hasValue(V1);
        assertThat(web.image(APP, "staging")).hasValue(V2);
        assertThat(llmops("deploy", "test", "-t", "webapp", "-u", "ner", "-e", "dev"))
                .succeeded()
                .outContains("smoke test passed");
        assertNoSecret(r);
    }

    @Test
    void should_print_the_planned_calls_with_bodies_and_masked_secrets_on_dry_run_without_calling_azure() {
        // when
        CliResult r = deploy(V1, "--dry-run", "--slot", "staging");

        // then
        assertThat(r)
                .succeeded()
                .outContains("PUT /subscriptions/" + FakeArm.SUBSCRIPTION
                        + "/resourceGroups/rg-web/providers/Microsoft.Web/sites/ner-web/slots/staging?api-version="
                        + FakeWebApps.WEB_API)
                .outContains("\"linuxFxVersion\" : \"DOCKER|" + V1 + "\"")
                .outContains("\"WEBSITES_PORT\" : \"8080\"")
                .outContains("\"AOAI_API_KEY\" : \"***\"")
                .outContains("\"LLMOPS_SERVE_KEYS\" : \"***\"")
                .outContains("POST /subscriptions/" + FakeArm.SUBSCRIPTION
                        + "/resourceGroups/rg-web/providers/Microsoft.Web/sites/ner-web/slotsswap");
        assertThat(arm.calls()).isEmpty();
        assertNoSecret(r);
    }

    @Test
    void should_refuse_an_image_from_another_registry_than_registry_name_before_any_call() {
        // when
        CliResult r = deploy("otheracr.azurecr.io/named_entity_recognition_dev:1");

        // then
        assertThat(r)
                .exitedWith(2)
                .errContains("is not in the registry llmopsacr (webapp_endpoint[0].REGISTRY_NAME)")
                .errContains("configs/deployment_config.json");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_name_the_fields_of_a_missing_registry_and_change_nothing() throws IOException {
        // given
        Files.writeString(
                useCase.resolve("configs/deployment_config.json"),
                Files.readString(useCase.resolve("configs/deployment_config.json"))
                        .replace("rg-acr", "rg-other"));

        // when
        CliResult r = deploy(V1);

        // then
        assertThat(r)
                .exitedWith(2)
                .errContains("no container registry llmopsacr in resource group rg-other")
                .errContains("REGISTRY_NAME, REGISTRY_RG_NAME");
        assertThat(arm.writes()).isEmpty();
    }

    @Test
    void should_refuse_a_slot_on_a_basic_plan_and_a_missing_field_before_any_call() throws IOException {
        // given
        config("B3", "");

        // when
        CliResult slot = deploy(V1, "--slot", "staging");
        Files.writeString(
                useCase.resolve("configs/deployment_config.json"),
                Files.readString(useCase.resolve("configs/deployment_config.json"))
                        .replace("\"USER_MANAGED_ID\": \"id-ner\"", "\"USER_MANAGED_ID\": \"<identity>\""));
        CliResult missing = deploy(V1);

        // then
        assertThat(slot).exitedWith(2).errContains("--slot needs deployment slots, which a Basic plan has not");
        assertThat(missing)
                .exitedWith(2)
                .errContains("configs/deployment_config.json:5")
                .errContains("webapp_endpoint.USER_MANAGED_ID is still the placeholder <identity>");
        assertThat(arm.calls()).isEmpty();
    }

    @Test
    void should_say_which_permission_is_missing_when_the_caller_cannot_grant_acr_pull() {
        // given
        arm.fail(
                "PUT",
                "roleAssignments",
                1,
                403,
                "AuthorizationFailed",
                "The client does not have authorization to perform action"
                        + " 'Microsoft.Authorization/roleAssignments/write'.");

        // when
        CliResult r = deploy(V1);

        // then: exit 2 naming the permission; no site was made
        assertThat(r)
                .exitedWith(2)
                .errContains("needs Microsoft.Authorization/roleAssignments/write")
                .errContains("on the registry or its resource group rg-acr");
        assertThat(web.image(APP, null)).isEmpty();
    }
}
