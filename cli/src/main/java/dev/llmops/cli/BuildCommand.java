package dev.llmops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.image.BaseImage;
import dev.llmops.image.BuildIdentity;
import dev.llmops.image.ImageOptions;
import dev.llmops.image.ImageRequest;
import dev.llmops.image.ImageResult;
import dev.llmops.image.ImageService;
import dev.llmops.image.ImageTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops build}: the container image of a served use case, without Docker, or its Docker build context. */
@Command(
        name = "build",
        header = "Build the image that serves a use case, without Docker.",
        description = {
            "Build an OCI image whose entrypoint runs 'llmops serve' on the use case (port 8080, non-root user),"
                    + " with Jib: no Docker daemon. Pushed to the registry the image names, or written as a"
                    + " tarball or an OCI layout. The same inputs give the same digest.",
            "With --output, write a Docker build context instead (or as well): the files, a Dockerfile that"
                    + " builds the same image, settings.json naming the variables the container needs.",
            "Registry login: LLMOPS_REGISTRY_USERNAME and LLMOPS_REGISTRY_PASSWORD, else Docker's config.json, else"
                    + " (for *.azurecr.io) an Entra ID token from the default Azure credential through ACR's token"
                    + " exchange."
        })
public final class BuildCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Option(
            names = {"--variant", "--variants"},
            paramLabel = "SELECTION",
            description = "Variants to serve, ${node.variant_id},... (default: each node's default variant).")
    String variant;

    @Option(
            names = "--image",
            paramLabel = "REF",
            description = "Image to build, REGISTRY/NAME:TAG (e.g. myacr.azurecr.io/llmops/ner:1).")
    String image;

    @Option(
            names = "--to",
            paramLabel = "TARGET",
            defaultValue = "registry",
            description = "registry (push to the image's registry), tar:FILE (docker load tarball) or oci:DIR"
                    + " (OCI layout) (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(
            names = {"--base", "--base-image"},
            paramLabel = "IMAGE",
            description = "Base image: a registry reference, oci:DIR or docker-archive:FILE (default:"
                    + " eclipse-temurin:25-jre, or -jdk for flows with java code tools).")
    String base;

    @Option(
            names = {"--output", "--context"},
            paramLabel = "DIR",
            description = "Write a Docker build context (Dockerfile, files, settings.json) into this new folder.")
    String output;

    @Option(
            names = {"--output-file", "--output_file"},
            paramLabel = "FILE",
            description = "Write the result (image, digest, tags, layers) as JSON to this file.")
    String outputFile;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "Build id: a label, BUILD_INFO and a second tag (default: GITHUB_RUN_ID, BUILD_BUILDID"
                    + " or BUILD_NUMBER).")
    String buildId;

    @Option(
            names = "--git-sha",
            paramLabel = "SHA",
            description = "Commit label (default: GITHUB_SHA, BUILD_SOURCEVERSION, GIT_COMMIT, else git rev-parse).")
    String gitSha;

    @Option(
            names = "--insecure",
            description = "Allow registries over plain HTTP or with untrusted certificates (loopback always is).")
    boolean insecure;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "The llmops jar to put in the image (default: the one running).")
    String jar;

    @Override
    public Integer call() {
        CliContext ctx = context();
        SystemEnv env = ctx.env();
        Path useCaseDir = env.resolve(useCase.useCase);
        ImageRequest request = new ImageRequest(
                useCaseDir,
                useCase.env,
                useCase.file,
                variant,
                jarPath(env, jar),
                Optional.ofNullable(buildId)
                        .or(() -> BuildIdentity.buildId(env))
                        .orElse(null),
                Optional.ofNullable(gitSha)
                        .or(() -> BuildIdentity.gitSha(env, useCaseDir))
                        .orElse(null));
        Optional<BaseImage> baseImage = Optional.ofNullable(base).map(b -> BaseImage.parse(b, env));
        Optional<ImageOptions> imageOptions = Optional.ofNullable(image)
                .map(ref -> new ImageOptions(ref, ImageTarget.parse(to, env), baseImage, insecure, cacheDir(env)));
        if (image == null && !to.equals("registry")) {
            throw ConfigException.of("--to needs --image", "name the image: --image NAME:TAG --to " + to);
        }
        PrintWriter err = ctx.err();
        ImageService.Outcome outcome = new ImageService(env, ctx.masker(), line -> err.println("build: " + line))
                .build(request, imageOptions, Optional.ofNullable(output).map(env::resolve), baseImage);

        PrintWriter out = ctx.out();
        outcome.plan().notes().forEach(n -> err.println("note: " + n));
        outcome.context()
                .ifPresent(dir -> out.printf(
                        "Wrote the build context of '%s' to %s (%d files): docker build -t IMAGE %s%n",
                        outcome.plan().experiment(), dir, outcome.contextFiles().size(), dir));
        outcome.image().ifPresent(r -> {
            out.printf("Built %s%n", r.image());
            out.printf("  digest  %s%n", r.digest());
            out.printf("  tags    %s%n", String.join(", ", r.tags()));
            out.printf("  base    %s%n", r.base());
            out.printf("  to      %s%n", r.target());
            out.printf(
                    "  layers  %s%n",
                    r.layers().stream()
                            .map(l -> l.name() + " (" + l.files() + (l.files() == 1 ? " file)" : " files)"))
                            .collect(Collectors.joining(", ")));
        });
        if (!outcome.plan().settings().isEmpty()) {
            out.println(
                    "The container needs: " + String.join(", ", outcome.plan().settings()));
        }
        if (outputFile != null) {
            writeResult(env.resolve(outputFile), outcome);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code --jar FILE}, else the jar llmops runs from. */
    static Path jarPath(SystemEnv env, String jar) {
        if (jar != null) {
            Path p = env.resolve(jar);
            if (!Files.isRegularFile(p)) {
                throw ConfigException.of("--jar " + jar + ": file not found", "give the llmops jar (llmops.jar)");
            }
            return p;
        }
        try {
            Path running = Path.of(BuildCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(running) && running.toString().endsWith(".jar")) {
                return running;
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the error below
        }
        throw ConfigException.of(
                "llmops is not running from its jar, so there is no jar to put in the image",
                "pass --jar cli/target/llmops.jar (built by ./mvnw package)");
    }

    /** {@code $XDG_CACHE_HOME/llmops/jib}, else {@code ~/.cache/llmops/jib}. */
    static Path cacheDir(SystemEnv env) {
        return env.get("XDG_CACHE_HOME")
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(env.get("HOME").orElse(System.getProperty("user.home")), ".cache"))
                .resolve("llmops/jib");
    }

    private static void writeResult(Path file, ImageService.Outcome outcome) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", outcome.plan().experiment());
        json.put("env", outcome.plan().env().orElse(null));
        json.put("variant", outcome.plan().variant().orElse(null));
        outcome.image().ifPresent(r -> {
            json.put("image", r.image());
            json.put("digest", r.digest());
            json.put("imageId", r.imageId());
            json.put("tags", r.tags());
            json.put("base", r.base());
            json.put("target", r.target());
            json.put("layers", r.layers().stream().map(ImageResult.Layer::name).toList());
        });
        outcome.context().ifPresent(dir -> json.put("context", dir.toString()));
        json.put("entrypoint", outcome.plan().entrypoint());
        json.put("settings", outcome.plan().settings());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    new ObjectMapper()
                                    .enable(SerializationFeature.INDENT_OUTPUT)
                                    .writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
