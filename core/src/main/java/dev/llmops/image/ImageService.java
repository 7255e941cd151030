package dev.llmops.image;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.secret.SecretMasker;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code llmops build}: plans the image of a served use case, then writes its build context and/or builds it. */
public final class ImageService {

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> progress;

    public ImageService(SystemEnv env, SecretMasker masker, Consumer<String> progress) {
        this.env = env;
        this.masker = masker;
        this.progress = progress;
    }

    /**
     * What was built.
     *
     * @param plan what the image holds
     * @param image the built image, when one was asked for
     * @param context the build context folder and its files, when one was asked for
     */
    public record Outcome(
            ImagePlan plan, Optional<ImageResult> image, Optional<Path> context, List<Path> contextFiles) {

        public Outcome {
            contextFiles = List.copyOf(contextFiles);
        }
    }

    /**
     * @param image how to build the image; empty to write only the build context
     * @param contextDir where to write the Docker build context; empty for none
     * @throws ConfigException when the use case does not load, or a python flow has no base image able to run it
     */
    public Outcome build(ImageRequest request, Optional<ImageOptions> image, Optional<Path> contextDir) {
        return build(request, image, contextDir, Optional.empty());
    }

    /**
     * As {@link #build(ImageRequest, Optional, Optional)}, the build context's {@code FROM} being {@code contextBase}
     * when the image options name no base (with no {@code --image}, there are no image options).
     */
    public Outcome build(
            ImageRequest request,
            Optional<ImageOptions> image,
            Optional<Path> contextDir,
            Optional<BaseImage> contextBase) {
        if (image.isEmpty() && contextDir.isEmpty()) {
            throw ConfigException.of(
                    "nothing to build", "pass --image REF to build an image, or --output DIR for a build context");
        }
        ImagePlan plan = new ImagePlanner(env, masker).plan(request);
        String base = image.flatMap(ImageOptions::base)
                .or(() -> contextBase)
                .map(b -> b instanceof BaseImage.Registry r ? r.reference() : plan.defaultBase())
                .orElse(plan.defaultBase());
        List<Path> files = contextDir
                .map(dir -> new BuildContextWriter().write(plan, base, dir))
                .orElse(List.of());
        Optional<ImageResult> built = image.map(options -> {
            if (plan.python() && options.base().isEmpty()) {
                throw ConfigException.of(
                        "the flow has python nodes, and the default base " + plan.defaultBase() + " has no python3",
                        "pass --base an image with a JRE, python3 and the flow's requirements (environment/README.md"
                                + " shows one), or write a build context with --output and run docker build");
            }
            List<String> tags = Optional.ofNullable(request.buildId()).flatMap(BuildIdentity::asTag).stream()
                    .toList();
            return new JibImageBuilder(env, masker, progress).build(plan, options, tags);
        });
        return new Outcome(plan, built, contextDir, files);
    }
}
