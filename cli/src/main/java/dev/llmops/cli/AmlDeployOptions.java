package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.deploy.aml.AmlImageBuild;
import dev.llmops.error.ConfigException;
import dev.llmops.image.BaseImage;
import dev.llmops.image.BuildIdentity;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Azure ML deploy options: where connection secrets come from, and how to build the image when none is given. */
public final class AmlDeployOptions {

    @Option(
            names = {"--key-vault", "--key_vault"},
            paramLabel = "VAULT",
            description = "Azure ML: the deployment reads secret connection values (AOAI_API_KEY, ...) from this Key"
                    + " Vault (name or https:// URI; secret AOAI-API-KEY) instead of taking them from here; the"
                    + " endpoint identity needs Key Vault Secrets User on it. Refused for --target webapp and"
                    + " kubernetes.")
    String keyVault;

    @Option(
            names = "--registry",
            paramLabel = "REGISTRY",
            description = "Azure ML, without --image: build the image with llmops build's code, push it to"
                    + " REGISTRY/<experiment>_<env>:<build id, else latest> and deploy it by digest, e.g."
                    + " myacr.azurecr.io. Refused for --target webapp and kubernetes (build with llmops build,"
                    + " then pass --image).")
    String registry;

    @Option(
            names = {"--base", "--base-image"},
            paramLabel = "IMAGE",
            description = "With --registry: the base image, as for llmops build (a registry reference, oci:DIR or"
                    + " docker-archive:FILE).")
    String base;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "With --registry: the llmops jar to put in the image (default: the one running).")
    String jar;

    @Option(
            names = "--insecure",
            description = "With --registry: allow a registry over plain HTTP or with an untrusted certificate.")
    boolean insecure;

    /**
     * Refuses the Azure ML options for another target, which would otherwise be dropped without a word: neither the
     * web-app nor the Kubernetes deployment reads a Key Vault or builds an image.
     *
     * @param webApp true for {@code --target webapp}, false for {@code --target kubernetes}
     * @throws ConfigException naming the option and what to do instead
     */
    void refuseOutsideAml(boolean webApp) {
        String target = webApp ? "--target webapp" : "--target kubernetes";
        if (keyVault != null) {
            throw ConfigException.of(
                    "--key-vault is an Azure ML option; " + target + " does not read a Key Vault",
                    "leave it out: "
                            + (webApp
                                    ? "the web app's settings (AOAI_API_KEY, ...) are taken from the environment or"
                                            + " the use case's .env"
                                    : "the Kubernetes Secret's values (AOAI_API_KEY, ...) are taken from the"
                                            + " environment or the use case's .env")
                            + "; or deploy to Azure ML (--target azure_managed)");
        }
        String build = registry != null
                ? "--registry"
                : base != null ? "--base-image" : jar != null ? "--jar" : insecure ? "--insecure" : null;
        if (build != null) {
            throw ConfigException.of(
                    build + " is an Azure ML option (deploy builds the image there); " + target
                            + " deploys an image already pushed",
                    "build and push it first with 'llmops build -u DIR -e ENV --image REGISTRY/NAME:TAG', then pass"
                            + " --image REGISTRY/NAME:TAG"
                            + (webApp ? " (a repository of the webapp_endpoint's REGISTRY_NAME)" : ""));
        }
    }

    Optional<String> keyVault() {
        return Optional.ofNullable(keyVault).filter(s -> !s.isBlank());
    }

    /**
     * @throws ConfigException when a build option is given without {@code --registry}
     */
    Optional<AmlImageBuild> build(SystemEnv env, Path useCaseDir, String variant) {
        if (registry == null || registry.isBlank()) {
            if (base != null || jar != null || insecure) {
                throw ConfigException.of(
                        "--base-image, --jar and --insecure shape the image deploy builds, and need --registry",
                        "add --registry REGISTRY to build and push the image, or leave them out with --image");
            }
            return Optional.empty();
        }
        return Optional.of(new AmlImageBuild(
                registry.strip(),
                Optional.ofNullable(base).map(b -> BaseImage.parse(b, env)),
                BuildCommand.jarPath(env, jar),
                insecure,
                BuildCommand.cacheDir(env),
                Optional.ofNullable(variant).filter(s -> !s.isBlank()),
                BuildIdentity.gitSha(env, useCaseDir)));
    }
}
