package dev.llmops.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds the OCI image of an {@link ImagePlan} with Jib: no Docker daemon, layers written and pushed directly.
 * Reproducible: file times, image creation time and layer order are fixed, so the same inputs give the same digest.
 */
public final class JibImageBuilder {

    private final SystemEnv env;
    private final SecretMasker masker;
    private final Consumer<String> progress;

    /**
     * @param progress receives Jib's lifecycle and warning lines (never credentials)
     */
    public JibImageBuilder(SystemEnv env, SecretMasker masker, Consumer<String> progress) {
        this.env = env;
        this.masker = masker;
        this.progress = progress;
    }

    /**
     * @throws ConfigException for a bad image reference, a registry that refuses the credentials or needs
     *     {@code --insecure}, or a base image that cannot be read
     * @throws RunFailedException when the registry cannot be reached or the build fails otherwise
     */
    public ImageResult build(ImagePlan plan, ImageOptions options, List<String> additionalTags) {
        Consumer<LogEvent> log = this::log;
        RegistryCredentials credentials = new RegistryCredentials(env, masker, log);
        ImageReference reference = reference(options.image(), "--image");
        BaseImage base = options.base().orElseGet(() -> new BaseImage.Registry(plan.defaultBase()));
        List<Path> temporary = new ArrayList<>();
        // Jib's own executor keeps writing its cache after a failure; ours is drained before we return.
        // Cached, as Jib's default: its steps wait on one another, so a fixed pool can deadlock.
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            JibContainerBuilder builder = from(base, credentials, temporary);
            for (ImageLayer layer : plan.layers()) {
                builder.addFileEntriesLayer(layer(layer));
            }
            builder.setEntrypoint(plan.entrypoint())
                    .setProgramArguments(List.of())
                    .setEnvironment(plan.environment())
                    .setExposedPorts(Port.tcp(ImagePlan.PORT))
                    .setLabels(plan.labels())
                    .setUser(ImagePlan.USER)
                    .setWorkingDirectory(AbsoluteUnixPath.get(ImagePlan.USE_CASE_DIR))
                    .setCreationTime(Instant.EPOCH);
            builder.addLabel("org.opencontainers.image.base.name", base.describe());

            Path ociTar = null;
            Containerizer containerizer;
            switch (options.target()) {
                case ImageTarget.Registry registry -> containerizer = Containerizer.to(credentials.target(reference));
                case ImageTarget.Tar tar -> {
                    Files.createDirectories(tar.file().toAbsolutePath().getParent());
                    containerizer = Containerizer.to(TarImage.at(tar.file()).named(reference));
                }
                case ImageTarget.OciLayout oci -> {
                    builder.setFormat(ImageFormat.OCI);
                    ociTar = Files.createTempFile("llmops-image", ".tar");
                    temporary.add(ociTar);
                    containerizer = Containerizer.to(TarImage.at(ociTar).named(reference));
                }
            }
            for (String tag : additionalTags) {
                containerizer.withAdditionalTag(tag);
            }
            containerizer
                    .setToolName("llmops")
                    .setExecutorService(executor)
                    .setAllowInsecureRegistries(options.insecure()
                            || loopback(reference)
                            || base instanceof BaseImage.Registry r && loopback(reference(r.reference(), "--base")))
                    .setBaseImageLayersCache(options.cacheDir().resolve("base"))
                    .setApplicationLayersCache(options.cacheDir().resolve("application"))
                    .addEventHandler(LogEvent.class, log);

            JibContainer container = builder.containerize(containerizer);
            if (options.target() instanceof ImageTarget.OciLayout oci) {
                OciLayouts.unpack(ociTar, oci.dir());
            }
            List<String> tags = new ArrayList<>();
            tags.add(reference.getTag().orElse("latest"));
            tags.addAll(additionalTags);
            return new ImageResult(
                    options.image(),
                    container.getDigest().toString(),
                    container.getImageId().toString(),
                    tags,
                    base.describe(),
                    describe(options.target()),
                    plan.layers().stream()
                            .map(l -> new ImageResult.Layer(l.name(), l.files().size()))
                            .toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("image build interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause() == null ? e : e.getCause(), reference, base);
        } catch (RegistryException | IOException | CacheDirectoryCreationException e) {
            throw translate(e, reference, base);
        } finally {
            executor.shutdownNow();
            awaitTermination(executor);
            for (Path p : temporary) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Jib's threads did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JibContainerBuilder from(BaseImage base, RegistryCredentials credentials, List<Path> temporary)
            throws IOException {
        return switch (base) {
            case BaseImage.Registry r -> Jib.from(credentials.base(reference(r.reference(), "--base")));
            case BaseImage.Tar t -> Jib.from(TarImage.at(t.file()));
            case BaseImage.OciLayout o -> {
                Path tar = Files.createTempFile("llmops-base", ".tar");
                temporary.add(tar);
                OciLayouts.toDockerArchive(o.dir(), tar);
                yield Jib.from(TarImage.at(tar));
            }
        };
    }

    private static FileEntriesLayer layer(ImageLayer layer) {
        FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName(layer.name());
        for (ImageFile f : layer.files()) {
            FilePermissions permissions = Files.isExecutable(f.source())
                    ? FilePermissions.fromOctalString("755")
                    : FilePermissions.fromOctalString("644");
            b.addEntry(new FileEntry(
                    f.source(),
                    AbsoluteUnixPath.get(f.target()),
                    permissions,
                    FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
        }
        return b.build();
    }

    static ImageReference reference(String text, String option) {
        try {
            return ImageReference.parse(text);
        } catch (InvalidImageReferenceException e) {
            throw ConfigException.of(
                    option + " " + text + " is not an image reference",
                    "write REGISTRY/NAME:TAG, e.g. myacr.azurecr.io/llmops/web-classification:1");
        }
    }

    private static boolean loopback(ImageReference reference) {
        String host = reference.getRegistry().replaceFirst(":\\d+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private RuntimeException translate(Throwable e, ImageReference reference, BaseImage base) {
        String registry = reference.getRegistry();
        return switch (e) {
            case RegistryUnauthorizedException u ->
                ConfigException.of(
                        "registry refused access: " + masker.mask(String.valueOf(u.getMessage())),
                        "log in: set " + RegistryCredentials.USERNAME + " and " + RegistryCredentials.PASSWORD
                                + " (or the LLMOPS_BASE_REGISTRY_* pair for the base), or run 'docker login "
                                + registry + "' to fill Docker's config.json");
            case RegistryAuthenticationFailedException a ->
                ConfigException.of(
                        "cannot log in to " + a.getServerUrl() + ": " + masker.mask(String.valueOf(a.getMessage())),
                        "check the credentials (" + RegistryCredentials.USERNAME + "/" + RegistryCredentials.PASSWORD
                                + " or Docker's config.json)");
            case InsecureRegistryException i ->
                ConfigException.of(
                        "registry " + registry + " does not speak HTTPS with a trusted certificate",
                        "pass --insecure to allow it (never for a registry on a network you do not trust)");
            case CacheDirectoryCreationException c ->
                ConfigException.of(
                        "cannot create the image cache: " + c.getMessage(), "set XDG_CACHE_HOME to a writable folder");
            case CredentialRetrievalException c ->
                ConfigException.of(
                        "cannot log in to " + registry + ": "
                                + masker.mask(String.valueOf(
                                        c.getCause() == null
                                                ? c.getMessage()
                                                : c.getCause().getMessage())),
                        "set " + RegistryCredentials.USERNAME + " and " + RegistryCredentials.PASSWORD
                                + ", or fix the credential helper or token exchange named above");
            case UncheckedIOException u -> translate(u.getCause(), reference, base);
            case ConfigException c -> c;
            default ->
                new RunFailedException(
                        "image build failed (base " + base.describe() + ", image " + reference + "): "
                                + masker.mask(String.valueOf(e.getMessage())),
                        e);
        };
    }

    private void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR, WARN, LIFECYCLE -> progress.accept(masker.mask(event.getMessage()));
            default -> {}
        }
    }

    private static String describe(ImageTarget target) {
        return switch (target) {
            case ImageTarget.Registry r -> "registry";
            case ImageTarget.Tar t -> "tar:" + t.file();
            case ImageTarget.OciLayout o -> "oci:" + o.dir();
        };
    }
}
