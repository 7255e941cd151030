package dev.llmops.image;

import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.experiment.Dataset;
import dev.llmops.experiment.Evaluator;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.flow.Flow;
import dev.llmops.flow.FlowLoader;
import dev.llmops.flow.JavaNode;
import dev.llmops.flow.Node;
import dev.llmops.flow.PythonNode;
import dev.llmops.flow.VariantSelection;
import dev.llmops.flow.tool.ToolInvocation;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.secret.Placeholders;
import dev.llmops.secret.SecretMasker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides what the image of a served use case holds: loads the experiment and its flow once, without secrets. */
public final class ImagePlanner {

    /** Connection fields that hold secrets; written literally they would end up in the image. */
    private static final Set<String> SECRET_KEYS = Set.of("api_key", "key", "password", "secret", "token");

    /** The API keys {@code llmops serve} accepts; required when it binds a non-loopback address, as here. */
    static final String SERVE_KEYS = "LLMOPS_SERVE_KEYS";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");

    /** Files larger than this are not searched for secret values (datasets and models, not configuration). */
    private static final long SCANNED_BYTES = 16L << 20;

    private final SystemEnv env;
    private final SecretMasker masker;

    /**
     * @param masker receives the secrets resolved while loading the experiment; the image must hold none of them
     */
    public ImagePlanner(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /**
     * @throws ConfigException when the experiment or its flow does not load, the variant does not exist, the flow
     *     lies outside the use case, or a connection holds a secret written literally
     */
    public ImagePlan plan(ImageRequest request) {
        ExperimentRequest experimentRequest =
                new ExperimentRequest(request.useCaseDir(), request.envName(), request.fileName(), false);
        Experiment experiment =
                new ExperimentLoader().load(experimentRequest, env, masker).experiment();
        Path useCase = experiment.useCaseDir();
        Path flowPath = experiment.flowDir();
        if (!flowPath.startsWith(useCase)) {
            throw ConfigException.at(
                    experiment.experimentFile(),
                    0,
                    0,
                    "the flow " + experiment.flow() + " lies outside the use case " + useCase,
                    "move the flow into the use-case folder: the image holds the use case only");
        }
        Flow flow = new FlowLoader().load(flowPath);
        VariantSelection selection = VariantSelection.parse(request.variant());
        List<Node> nodes = flow.nodesFor(selection);
        rejectLiteralSecrets(experiment);

        List<String> notes = new ArrayList<>();
        Set<Path> excluded = excludedFiles(experiment, notes);
        TreeMap<String, Path> files = UseCaseFiles.collect(useCase, excluded::contains, notes);
        rejectSecretValues(files.values());
        if (Files.isRegularFile(useCase.resolve("environment/Dockerfile"))) {
            notes.add("ignored the template's environment/Dockerfile: the image runs 'llmops serve' instead"
                    + " (environment/README.md in llmops describes the equivalent Dockerfile)");
        }

        String flowPrefix = UseCaseFiles.slashes(useCase.relativize(flowPath));
        boolean flowIsFile = Files.isRegularFile(flowPath);
        List<ImageFile> useCaseFiles = new ArrayList<>();
        List<ImageFile> flowFiles = new ArrayList<>();
        files.forEach((relative, source) -> {
            ImageFile file = new ImageFile(source, ImagePlan.USE_CASE_DIR + "/" + relative);
            boolean inFlow = flowIsFile ? relative.equals(flowPrefix) : relative.startsWith(flowPrefix + "/");
            (inFlow ? flowFiles : useCaseFiles).add(file);
        });
        List<ImageLayer> layers = List.of(
                new ImageLayer("llmops", List.of(new ImageFile(request.jar(), ImagePlan.JAR))),
                new ImageLayer("use-case", useCaseFiles),
                new ImageLayer("flow", flowFiles));

        boolean python = nodes.stream().anyMatch(PythonNode.class::isInstance);
        boolean jdk = nodes.stream()
                .anyMatch(n -> n instanceof JavaNode j && j.sourceType() == ToolInvocation.SourceType.CODE);
        Optional<String> requirements = flowIsFile || !Files.isRegularFile(flowPath.resolve("requirements.txt"))
                ? Optional.empty()
                : Optional.of(ImagePlan.USE_CASE_DIR + "/" + flowPrefix + "/requirements.txt");

        Optional<String> envName = Optional.ofNullable(experiment.env()).filter(s -> !s.isBlank());
        Optional<String> variant =
                selection.overrides().isEmpty() ? Optional.empty() : Optional.of(selection.toString());
        return new ImagePlan(
                experiment.name(),
                envName,
                variant,
                layers,
                entrypoint(request, envName, variant),
                environment(request),
                labels(experiment.name(), envName, variant, request),
                settings(experiment),
                python,
                requirements,
                jdk,
                notes);
    }

    private static List<String> entrypoint(ImageRequest request, Optional<String> envName, Optional<String> variant) {
        List<String> args = new ArrayList<>(List.of(
                "java",
                // ZGC: pauses under a millisecond with a thousand requests in flight, where Serial GC (what the JVM
                // picks in a small container) paused 100-200 ms. Half the container's memory for the heap: ZGC's RSS
                // is about the heap plus 180 MB, so 50 % of the template's 512 MB limit stays under it
                // (bench/README.md).
                "-XX:+UseZGC",
                "-XX:MaxRAMPercentage=50",
                // The numeric user has no passwd entry, so the JVM would not know a home folder.
                "-Duser.home=/tmp",
                "-jar",
                ImagePlan.JAR,
                "serve",
                "-u",
                ImagePlan.USE_CASE_DIR));
        if (request.fileName() != null && !request.fileName().equals("experiment.yaml")) {
            args.addAll(List.of("-f", request.fileName()));
        }
        envName.ifPresent(e -> args.addAll(List.of("-e", e)));
        variant.ifPresent(v -> args.addAll(List.of("--variant", v)));
        args.addAll(List.of("--host", "0.0.0.0", "--port", Integer.toString(ImagePlan.PORT)));
        return args;
    }

    private static Map<String, String> environment(ImageRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("LLMOPS_NO_AOT", "1");
        if (request.buildId() != null || request.gitSha() != null) {
            // Prompt Flow's /version shows BUILD_INFO's build_number.
            StringBuilder info = new StringBuilder("{");
            if (request.buildId() != null) {
                info.append("\"build_number\": \"")
                        .append(json(request.buildId()))
                        .append('"');
            }
            if (request.gitSha() != null) {
                info.append(info.length() > 1 ? ", " : "")
                        .append("\"git_sha\": \"")
                        .append(json(request.gitSha()))
                        .append('"');
            }
            out.put("BUILD_INFO", info.append('}').toString());
        }
        return out;
    }

    private static Map<String, String> labels(
            String experiment, Optional<String> envName, Optional<String> variant, ImageRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("org.opencontainers.image.title", experiment);
        out.put("dev.llmops.experiment", experiment);
        envName.ifPresent(e -> out.put("dev.llmops.env", e));
        variant.ifPresent(v -> out.put("dev.llmops.variant", v));
        if (request.buildId() != null) {
            out.put("dev.llmops.build-id", request.buildId());
            out.put("org.opencontainers.image.version", request.buildId());
        }
        if (request.gitSha() != null) {
            out.put("dev.llmops.git-sha", request.gitSha());
            out.put("org.opencontainers.image.revision", request.gitSha());
        }
        return out;
    }

    /**
     * Variables the container reads at start: for each connection value written as a placeholder, the variable it
     * names when unresolved here, else {@code <CONNECTION>_<KEY>} (which Prompt Flow's override rule also reads).
     */
    private static List<String> settings(Experiment experiment) {
        Set<String> names = new TreeSet<>(connectionVariables(experiment).keySet());
        // 'llmops serve' on 0.0.0.0 requires API keys (or --no-auth behind a gateway that authenticates).
        names.add(SERVE_KEYS);
        return List.copyOf(names);
    }

    /**
     * The variables the served flow reads for its connections, each with the connection that reads it: for a value
     * written as a placeholder, the variable it names when unresolved here, else {@code <CONNECTION>_<KEY>}; for a
     * secret value, {@code <CONNECTION>_<KEY>}. Sorted by variable name.
     */
    public static Map<String, String> connectionVariables(Experiment experiment) {
        Map<String, String> names = new TreeMap<>();
        for (ConnectionConfig c : experiment.connections()) {
            c.properties().forEach((key, value) -> {
                Matcher m = PLACEHOLDER.matcher(value == null ? "" : value);
                boolean unresolved = false;
                while (m.find()) {
                    unresolved = true;
                    String inner = m.group(1);
                    if (inner.startsWith("env:")) {
                        names.putIfAbsent(inner.substring("env:".length()).strip(), c.name());
                    } else if (inner.equals(inner.toUpperCase(Locale.ROOT))) {
                        names.putIfAbsent(inner, c.name());
                    } else {
                        names.putIfAbsent(Placeholders.connectionVariable(c.name(), inner), c.name());
                    }
                }
                if (!unresolved && c.secretProperties().contains(key)) {
                    names.putIfAbsent(Placeholders.connectionVariable(c.name(), key), c.name());
                }
            });
        }
        return names;
    }

    /** No file of the image may hold a secret resolved while loading (from the environment or {@code .env}). */
    private void rejectSecretValues(Iterable<Path> files) {
        if (masker.isEmpty()) {
            return;
        }
        for (Path file : files) {
            try {
                if (Files.size(file) > SCANNED_BYTES) {
                    continue;
                }
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (!masker.mask(text).equals(text)) {
                    throw ConfigException.at(
                            file,
                            0,
                            0,
                            "holds the value of a secret (a connection value from the environment or .env); the image"
                                    + " would carry it",
                            "replace the value with a ${...} placeholder, or move the file out of the use case");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    private static void rejectLiteralSecrets(Experiment experiment) {
        for (ConnectionConfig c : experiment.connections()) {
            for (Map.Entry<String, String> p : c.properties().entrySet()) {
                String key = p.getKey().toLowerCase(Locale.ROOT);
                if (SECRET_KEYS.contains(key)
                        && p.getValue() != null
                        && !p.getValue().isBlank()
                        && !Placeholders.containsPlaceholder(p.getValue())
                        && !c.secretProperties().contains(p.getKey())) {
                    throw ConfigException.at(
                            experiment.overlayFile().orElse(experiment.experimentFile()),
                            0,
                            0,
                            "connection '" + c.name() + "' writes its " + p.getKey()
                                    + " literally; the image would carry the secret",
                            "write " + p.getKey() + ": ${" + p.getKey() + "} and set "
                                    + Placeholders.connectionVariable(c.name(), p.getKey())
                                    + " where the container runs");
                }
            }
        }
    }

    /** Data files (the image serves, it does not run datasets) and overlays of other environments. */
    private static Set<Path> excludedFiles(Experiment experiment, List<String> notes) {
        Set<Path> out = new HashSet<>();
        Path useCase = experiment.useCaseDir();
        List<Dataset> datasets = new ArrayList<>(experiment.datasets());
        for (Evaluator e : experiment.evaluators()) {
            datasets.addAll(e.datasets());
        }
        int data = 0;
        for (Dataset d : datasets) {
            if (!d.isRemote() && out.add(d.localPath(useCase))) {
                data++;
            }
        }
        boolean dataDir = Files.isDirectory(useCase.resolve("data"));
        if (data > 0 || dataDir) {
            notes.add("left out the datasets (" + (dataDir ? "data/" : "") + (dataDir && data > 0 ? " and " : "")
                    + (data > 0 ? "the experiment's " + data + " data file" + (data == 1 ? "" : "s") : "")
                    + "): serving reads requests, not datasets");
        }
        String base = experiment.experimentFile().getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot <= 0 ? base : base.substring(0, dot);
        String ext = dot <= 0 ? "" : base.substring(dot);
        Optional<Path> chosen = experiment.overlayFile().map(Path::normalize);
        try (var list = Files.list(useCase)) {
            list.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(stem + ".") && n.endsWith(ext) && !n.equals(base);
                    })
                    .map(Path::normalize)
                    .filter(p -> chosen.isEmpty() || !chosen.get().equals(p))
                    .forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
