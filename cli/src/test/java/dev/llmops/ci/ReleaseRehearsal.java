package dev.llmops.ci;

import static dev.llmops.ci.Yaml.list;
import static dev.llmops.ci.Yaml.map;
import static dev.llmops.ci.Yaml.str;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the release job of {@code .github/workflows/release.yml} here. The steps that make the release assets run in
 * real bash: the checksum, and the publishing with a stand-in {@code gh} on PATH that puts the assets in a folder
 * laid out like the release's download URL ({@code releases/TAG/llmops.jar}). Stand-ins for the rest: checkout,
 * setup-java, the build and test (the jar of this test run, as {@link NewRepository} makes it, where the build
 * leaves {@code cli/target/llmops.jar}) and the Jib push, which needs a registry and its base image from the
 * network. A step this class does not know fails the rehearsal, so a renamed or added step is noticed.
 */
final class ReleaseRehearsal {

    static final String WORKFLOW = ".github/workflows/release.yml";

    private static final String GH = """
            #!/usr/bin/env bash
            # Stand-in for GitHub's CLI: only `gh release create TAG ASSET... [--flag [value]]`.
            set -euo pipefail
            [ "$1 $2" = "release create" ] || { echo "gh stand-in: only gh release create, not: $*" >&2; exit 2; }
            tag=$3
            shift 3
            dir="$REHEARSAL_RELEASES/$tag"
            mkdir -p "$dir"
            while [ $# -gt 0 ]; do
              case "$1" in
                --title|--notes|--target|-t|-n) shift 2 ;;
                -*) shift ;;
                *) [ -f "$1" ] || { echo "gh stand-in: no asset $1" >&2; exit 1; }; cp "$1" "$dir/"; shift ;;
              esac
            done
            """;

    private final RehearsedJob job;
    private final Path releases;

    ReleaseRehearsal(RehearsedJob job) {
        this.job = job;
        this.releases = job.scratch.resolve("releases");
    }

    /** Runs the job for tag {@code tag} with {@code jar} as the build's output; returns the release folder URL. */
    String run(String tag, Path jar) {
        Map<String, Object> workflow = Yaml.load(job.workspace.resolve(WORKFLOW));
        List<Object> steps = list(map(map(workflow.get("jobs")).get("release")).get("steps"));
        if (steps.isEmpty()) throw new AssertionError(WORKFLOW + ": no release job with steps");
        try {
            Path bin = Files.createDirectories(job.scratch.resolve("bin"));
            Path gh = bin.resolve("gh");
            Files.writeString(gh, GH);
            Files.setPosixFilePermissions(gh, PosixFilePermissions.fromString("rwxr-xr-x"));
            job.pathPrepends.add(bin.toString());
            job.env.put("REHEARSAL_RELEASES", releases.toString());
            job.env.put("GITHUB_REF_NAME", tag);
            job.env.put("GITHUB_REPOSITORY", "acme/llmops");
            job.env.put("GITHUB_ACTOR", "acme-bot");
            job.env.put(
                    "GITHUB_STEP_SUMMARY",
                    Files.createFile(job.scratch.resolve("summary.md")).toString());
            for (Object s : steps) {
                Map<String, Object> step = map(s);
                String name = str(step.getOrDefault("name", step.get("uses")));
                if (step.containsKey("uses")) {
                    standIn(name, List.of("actions/checkout", "actions/setup-java"), str(step.get("uses")));
                    continue;
                }
                switch (name) {
                    case "Build and test" -> {
                        Path target = Files.createDirectories(job.workspace.resolve("cli/target"));
                        Files.copy(jar, target.resolve("llmops.jar"));
                        job.steps.add(new RehearsedJob.StepRun(name + " (stand-in)", true, 0));
                    }
                    case "Container image (Jib)" ->
                        job.steps.add(new RehearsedJob.StepRun(name + " (stand-in)", true, 0));
                    case "Checksum", "Publish the release" -> {
                        Map<String, String> env = new LinkedHashMap<>();
                        map(step.get("env")).forEach((k, v) -> env.put(k, expression(str(v))));
                        int rc = job.run(
                                name,
                                List.of(
                                        "bash",
                                        "-e",
                                        job.writeScript(str(step.get("run"))).toString()),
                                env);
                        if (rc != 0) {
                            job.failed = true;
                            return null;
                        }
                    }
                    default ->
                        throw new AssertionError(WORKFLOW + ": the rehearsal has no rule for step '" + name + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return releases.resolve(tag).toUri().toString().replaceAll("/$", "");
    }

    private void standIn(String name, List<String> known, String uses) {
        if (known.stream().noneMatch(k -> uses.startsWith(k + "@"))) {
            throw new AssertionError(WORKFLOW + ": the rehearsal has no stand-in for " + uses);
        }
        job.steps.add(new RehearsedJob.StepRun(name + " (stand-in)", true, 0));
    }

    private static String expression(String value) {
        return value.replace("${{ github.token }}", "rehearsal-token");
    }
}
