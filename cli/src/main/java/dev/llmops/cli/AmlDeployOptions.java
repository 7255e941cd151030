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
                    + " endpoint identity needs Key Vault Secrets User on it.")
    String keyVault;

    @Option(
            names = "--registry",
            paramLabel = "REGISTRY",
            description = "Azure ML, without --image: build the image with llmops build's code, push it to"
                    + " REGISTRY/<experiment>_<env>:<build id, else latest> and deploy it by digest, e.g."
                    + " myacr.azurecr.io.")
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
