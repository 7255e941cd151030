package dev.llmops.ci;

import java.util.List;

/** The settings each platform's pipelines read, as {@code llmops ci init} prints them. */
final class CiSettings {

    private CiSettings() {}

    static List<CiSetting> of(CiPlatform platform) {
        return switch (platform) {
            case GITHUB ->
                List.of(
                        new CiSetting(
                                "secret",
                                "AOAI_API_BASE",
                                "Azure OpenAI endpoint (repository or environment secret; not needed for -e offline)"),
                        new CiSetting("secret", "AOAI_API_KEY", "Azure OpenAI key (omit it to sign in with Entra ID)"),
                        new CiSetting(
                                "environment",
                                "dev",
                                "data registration, dev experiment, image push and the dev deployment run in it"),
                        new CiSetting(
                                "environment",
                                "prod",
                                "add required reviewers: they are the approval before the blue/green prod deploy"),
                        new CiSetting(
                                "variable",
                                "AZURE_CLIENT_ID",
                                "in dev and prod: the app registration or managed identity with federated credentials"
                                        + " for repo:OWNER/REPO:environment:dev and :prod (OpenID Connect, no secret)"),
                        new CiSetting("variable", "AZURE_TENANT_ID", "in dev and prod: its Entra tenant"),
                        new CiSetting(
                                "variable", "AZURE_SUBSCRIPTION_ID", "in dev and prod: the subscription to deploy to"),
                        new CiSetting("variable", "LLMOPS_REGISTRY", "the image registry, e.g. myregistry.azurecr.io"),
                        new CiSetting(
                                "variable",
                                "LLMOPS_SERVE_LOGS",
                                "where the serve logs are, for the nightly post-production evaluation"),
                        new CiSetting(
                                "variable",
                                "LLMOPS_RELEASE_URL",
                                "release folder holding llmops.jar and llmops.jar.sha256 (pins the llmops version)"));
            case AZURE ->
                List.of(
                        new CiSetting(
                                "variable group",
                                "llmops",
                                "AOAI_API_BASE and AOAI_API_KEY (mark it secret; neither needed for -e offline),"
                                        + " LLMOPS_REGISTRY, LLMOPS_SERVE_LOGS, LLMOPS_RELEASE_URL (release folder holding"
                                        + " llmops.jar and llmops.jar.sha256)"),
                        new CiSetting(
                                "service connection",
                                "llmops-azure",
                                "Azure Resource Manager, workload identity federation; grant this pipeline only"),
                        new CiSetting(
                                "environment",
                                "llmops-dev",
                                "add an Exclusive Lock check: one deployment to dev at a time"),
                        new CiSetting(
                                "environment",
                                "llmops-prod",
                                "add Approvals and an Exclusive Lock check: the approval before the blue/green prod"
                                        + " deploy"));
            case JENKINS ->
                List.of(
                        new CiSetting(
                                "library",
                                "llmops",
                                "global pipeline library: this repository, library path .jenkins/ (Modern SCM)"),
                        new CiSetting(
                                "credential",
                                "aoai-api-base",
                                "secret text: Azure OpenAI endpoint (not needed for LLMOPS_PR_ENV=offline)"),
                        new CiSetting("credential", "aoai-api-key", "secret text: Azure OpenAI key"),
                        new CiSetting(
                                "credential",
                                "llmops-azure",
                                "Azure service principal (Azure Credentials plugin) for data, image and deploy stages"),
                        new CiSetting(
                                "environment variable",
                                "LLMOPS_RELEASE_URL",
                                "release folder holding llmops.jar and llmops.jar.sha256 (pins the llmops version)"),
                        new CiSetting("environment variable", "LLMOPS_REGISTRY", "the image registry"),
                        new CiSetting("environment variable", "LLMOPS_SERVE_LOGS", "where the serve logs are"),
                        new CiSetting(
                                "plugins",
                                "pipeline, credentials-binding, azure-credentials, junit, htmlpublisher,"
                                        + " lockable-resources",
                                "the steps the pipeline uses"));
        };
    }
}
