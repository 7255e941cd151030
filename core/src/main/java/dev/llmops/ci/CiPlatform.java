package dev.llmops.ci;

import dev.llmops.error.ConfigException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A CI system llmops writes pipelines for: its shared definitions (the same in every repository, written once) and
 * where a use case's own pipeline file goes.
 */
public enum CiPlatform {
    GITHUB(
            "github",
            ".github/workflows/%s.yml",
            List.of(
                    ".github/workflows/llmops-pr.yml",
                    ".github/workflows/llmops-main.yml",
                    ".github/workflows/llmops-scheduled.yml",
                    ".github/actions/setup-llmops/action.yml")),
    AZURE(
            "azure",
            "azure-pipelines/%s.yml",
            List.of(
                    "azure-pipelines/llmops-pr.yml",
                    "azure-pipelines/llmops-main.yml",
                    "azure-pipelines/llmops-scheduled.yml",
                    "azure-pipelines/templates/setup-llmops.yml")),
    JENKINS(
            "jenkins",
            ".jenkins/%s.Jenkinsfile",
            List.of(
                    ".jenkins/vars/llmopsPipeline.groovy",
                    ".jenkins/vars/llmopsMode.groovy",
                    ".jenkins/vars/llmopsSetup.groovy",
                    ".jenkins/vars/withLlmopsSecrets.groovy"));

    private final String id;
    private final String useCaseFile;
    private final List<String> sharedFiles;

    CiPlatform(String id, String useCaseFile, List<String> sharedFiles) {
        this.id = id;
        this.useCaseFile = useCaseFile;
        this.sharedFiles = sharedFiles;
    }

    public String id() {
        return id;
    }

    /** Repository-relative path of a use case's pipeline file, with forward slashes. */
    public String useCaseFile(String useCaseName) {
        return useCaseFile.formatted(useCaseName);
    }

    /** Repository-relative paths of the shared definitions every use-case file calls. */
    public List<String> sharedFiles() {
        return sharedFiles;
    }

    /** @throws ConfigException for a name that is not github, azure or jenkins */
    public static CiPlatform parse(String raw) {
        String wanted = raw.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> ConfigException.of(
                        "unknown CI platform '" + raw + "'",
                        "use one of "
                                + Arrays.stream(values()).map(CiPlatform::id).collect(Collectors.joining(", "))));
    }
}
