package dev.llmops.cli;

import dev.llmops.error.RunFailedException;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.serve.ServeSmoke;
import dev.llmops.serve.SmokeTest;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One request to a running {@code llmops serve} (or any Prompt Flow endpoint), judged: {@code serve --smoke URL} and
 * {@code deploy test --local [URL]}. Exit 0 on HTTP 200 answering the flow's outputs, else a failure naming why.
 */
final class LocalSmoke {

    private LocalSmoke() {}

    static int run(
            CliContext ctx,
            FlowCommandServices.Experiments experiments,
            UseCaseOptions useCase,
            Optional<String> flow,
            String url,
            Optional<String> request,
            Optional<String> keysFile,
            Duration timeout) {
        Path useCaseDir = ctx.env().resolve(useCase.useCase);
        Optional<Path> flowPath;
        if (flow.isPresent()) {
            flowPath = Optional.of(ctx.env().resolve(flow.get()));
        } else if (Files.isRegularFile(useCaseDir.resolve(useCase.file))) {
            flowPath = Optional.of(experiments
                    .load(new ExperimentRequest(useCaseDir, useCase.env, useCase.file, false), ctx)
                    .flowDir());
        } else {
            flowPath = Optional.empty();
        }
        Path requestFile = request.map(r -> ctx.env().resolve(r)).orElse(useCaseDir.resolve("sample-request.json"));
        SmokeTest.Verdict verdict;
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()) {
            verdict = ServeSmoke.run(
                    new ServeSmoke.Request(
                            url,
                            requestFile,
                            flowPath,
                            keysFile.map(k -> ctx.env().resolve(k)).orElse(null),
                            ctx.env().variables(),
                            timeout),
                    ctx.masker(),
                    http);
        }
        Path shown = ctx.env().workingDir().relativize(requestFile.toAbsolutePath());
        return switch (verdict) {
            case SmokeTest.Verdict.Passed p -> {
                ctx.out()
                        .printf(
                                "smoke test passed: %s scored HTTP 200 at %s%s%n",
                                shown, p.uri(), flowPath.isPresent() ? " with the flow's outputs" : "");
                yield ExitCodes.OK;
            }
            case SmokeTest.Verdict.Failed f ->
                throw new RunFailedException("smoke test failed: " + shown + " at " + f.uri() + ": " + f.reason()
                        + (f.result().attempts() > 1 ? " (" + f.result().attempts() + " attempts)" : ""));
        };
    }
}
