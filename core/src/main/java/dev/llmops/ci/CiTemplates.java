package dev.llmops.ci;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The pipeline files inside the llmops jar: the shared definitions (copied at build time from this repository's
 * own {@code .github/}, {@code azure-pipelines/} and {@code .jenkins/}, so what users get is what our CI checks)
 * and one template per platform for a use case's file.
 */
final class CiTemplates {

    static final String NAME = "{{use_case_name}}";
    static final String PATH = "{{use_case_path}}";
    static final String IMAGE = "{{image_name}}";

    private static final String ROOT = "dev/llmops/ci/";

    private final ClassLoader loader;

    CiTemplates(ClassLoader loader) {
        this.loader = loader;
    }

    String shared(String repositoryPath) {
        return read(ROOT + "shared/" + repositoryPath);
    }

    String useCase(CiPlatform platform, String name, String useCasePath) {
        String resource =
                ROOT + "usecase/" + platform.id() + (platform == CiPlatform.JENKINS ? ".Jenkinsfile" : ".yml");
        return read(resource).replace(NAME, name).replace(PATH, useCasePath).replace(IMAGE, name.replace('_', '-'));
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                // Only a broken build gets here: the resources are packaged with the code that lists them.
                throw new IllegalStateException("CI resource missing from the llmops jar: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CI resource " + resource, e);
        }
    }
}
