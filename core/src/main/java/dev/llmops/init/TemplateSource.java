package dev.llmops.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a template's files from the classpath ({@code dev/llmops/init/<template>/}) and fills in the use-case
 * name.
 *
 * <p>Each template lists its files in {@code files.txt} (one relative path a line, {@code #} comments), because a
 * folder cannot be listed reliably inside a shaded jar; {@code common:PATH} takes the file from the files the
 * templates share ({@code dev/llmops/init/common/PATH}). The only placeholder is {@value #NAME_PLACEHOLDER}, in
 * paths and contents: a longer key than {@code {{name}}} so that Jinja2 prompts, which use {@code {{...}}}
 * themselves, are never touched.
 */
final class TemplateSource {

    static final String NAME_PLACEHOLDER = "{{use_case_name}}";
    /** A {@code files.txt} entry with this prefix comes from the files every template shares ({@code common/}). */
    static final String COMMON_PREFIX = "common:";

    private static final String ROOT = "dev/llmops/init/";

    private final ClassLoader loader;

    TemplateSource(ClassLoader loader) {
        this.loader = loader;
    }

    List<ScaffoldFile> files(InitTemplate template, String useCaseName) {
        String base = ROOT + template.id() + "/";
        List<ScaffoldFile> files = new ArrayList<>();
        for (String line : read(base + "files.txt").split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            boolean common = entry.startsWith(COMMON_PREFIX);
            String path = common ? entry.substring(COMMON_PREFIX.length()) : entry;
            String content = read((common ? ROOT + "common/" : base) + path);
            files.add(new ScaffoldFile(substitute(path, useCaseName), substitute(content, useCaseName)));
        }
        return files;
    }

    static String substitute(String text, String useCaseName) {
        return text.replace(NAME_PLACEHOLDER, useCaseName);
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                // Only a broken build gets here: files.txt and the resources are packaged together.
                throw new IllegalStateException("template resource missing from the llmops jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template resource " + resource, e);
        }
    }
}
