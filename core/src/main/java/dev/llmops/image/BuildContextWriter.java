package dev.llmops.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmops.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a Docker build context for an {@link ImagePlan}, the counterpart of Prompt Flow's
 * {@code pf flow build --format docker}: {@code app/llmops.jar}, {@code app/use-case/}, a {@code Dockerfile}
 * generated from {@code environment/serve.Dockerfile}, {@code .dockerignore}, {@code settings.json} (the variables
 * the container needs, empty) and a {@code README.md}. No secret is written: connections keep their placeholders.
 */
public final class BuildContextWriter {

    private static final String TEMPLATE = "serve.Dockerfile";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param base the base image the Dockerfile starts from
     * @return the files written, relative to {@code dir}
     * @throws ConfigException when {@code dir} exists and is not empty (nothing is overwritten)
     */
    public List<Path> write(ImagePlan plan, String base, Path dir) {
        try {
            prepare(dir);
            for (ImageLayer layer : plan.layers()) {
                for (ImageFile f : layer.files()) {
                    Path target = dir.resolve(f.target().substring(1));
                    Files.createDirectories(target.getParent());
                    Files.copy(f.source(), target);
                }
            }
            Files.writeString(dir.resolve("Dockerfile"), dockerfile(plan, base));
            Files.writeString(dir.resolve(".dockerignore"), "# Everything in this folder goes into the image.\n");
            Map<String, String> settings = new LinkedHashMap<>();
            plan.settings().forEach(s -> settings.put(s, ""));
            Files.writeString(dir.resolve("settings.json"), JSON.writeValueAsString(settings) + "\n");
            Files.writeString(dir.resolve("README.md"), readme(plan));
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile)
                        .map(dir::relativize)
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the build context " + dir, e);
        }
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw ConfigException.of("--output " + dir + " is a link", "name a new folder");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw ConfigException.of(
                            "--output " + dir + " is not empty; nothing was written",
                            "name a new or empty folder (llmops never overwrites a build context)");
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** The Dockerfile: the template with its blocks chosen and placeholders filled. */
    static String dockerfile(ImagePlan plan, String base) {
        String template;
        try (InputStream in = BuildContextWriter.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the Dockerfile template " + TEMPLATE + " is missing from llmops");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            if (line.startsWith("#!")) {
                continue;
            }
            if (line.startsWith("#[python]")) {
                if (!plan.python()) {
                    continue;
                }
                line = line.substring("#[python]".length());
            } else if (line.startsWith("#[requirements]")) {
                if (!plan.python() || plan.requirements().isEmpty()) {
                    continue;
                }
                line = line.substring("#[requirements]".length());
            }
            out.append(line).append('\n');
        }
        String requirements = plan.requirements()
                .map(r -> r.substring(ImagePlan.USE_CASE_DIR.length() + 1))
                .orElse("");
        return out.toString()
                .replace("{{EXPERIMENT}}", plan.experiment())
                .replace("{{BASE}}", base)
                .replace("{{REQUIREMENTS}}", requirements)
                .replace("{{ENV}}", instruction("ENV", plan.environment()))
                .replace("{{LABELS}}", instruction("LABEL", plan.labels()))
                .replace("{{ENTRYPOINT}}", jsonArray(plan.entrypoint()))
                .replaceAll("\n{3,}", "\n\n");
    }

    private static String instruction(String keyword, Map<String, String> values) {
        if (values.isEmpty()) {
            return "";
        }
        return values.entrySet().stream()
                .map(e -> keyword + " " + e.getKey() + "=" + quoted(e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    /** A double-quoted Dockerfile value: backslashes, quotes and {@code $} escaped. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + '"';
    }

    private static String jsonArray(List<String> values) {
        try {
            return new ObjectMapper().writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readme(ImagePlan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Build context of '").append(plan.experiment()).append("'\n\n");
        sb.append("Written by `llmops build --output`. It serves the use case with `llmops serve` on port ")
                .append(ImagePlan.PORT)
                .append(".\n\n```bash\ndocker build -t IMAGE .\ndocker run -p 8080:8080");
        for (String s : plan.settings()) {
            sb.append(" -e ").append(s);
        }
        sb.append(" IMAGE\ncurl -s localhost:8080/score -H \"Authorization: Bearer $LLMOPS_SERVE_KEYS\"")
                .append(" -H 'Content-Type: application/json' -d @app/use-case/sample-request.json\n```\n\n");
        sb.append("`settings.json` names the variables the container needs, empty: `LLMOPS_SERVE_KEYS` (the API keys")
                .append(" the server accepts, `KEY1,KEY2`; serving on 0.0.0.0 requires them) and the connections'")
                .append(" secrets (`<CONNECTION>_<KEY>`). None of their values is in this folder.\n\n");
        if (!plan.notes().isEmpty()) {
            sb.append("Left out or ignored:\n\n");
            plan.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }
}
