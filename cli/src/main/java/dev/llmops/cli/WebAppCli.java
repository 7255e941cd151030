package dev.llmops.cli;

import dev.llmops.deploy.webapp.DeployedWebApp;
import dev.llmops.deploy.webapp.WebAppOperations;
import dev.llmops.deploy.webapp.WebAppRequest;
import dev.llmops.deploy.webapp.WebAppService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code llmops deploy --target webapp} and its operations: options to a {@link WebAppRequest}, results to text. */
final class WebAppCli {

    private static final Set<String> NAMES = Set.of("webapp", "webapps", "web_app", "web-app", "webapp_endpoint");

    /** {@code --slot}: the deployment slot of a web app. */
    static final class SlotOption {
        @Option(
                names = "--slot",
                paramLabel = "NAME",
                description = "Web app: the deployment slot, e.g. staging. deploy: test the image there, then swap"
                        + " it into production; rollback and promote: the slot to swap (default staging).")
        String slot;
    }

    private WebAppCli() {}

    static boolean isWebApp(String target) {
        return NAMES.contains(target.strip().toLowerCase(Locale.ROOT));
    }

    static WebAppRequest request(
            DeployTargetOptions where, Optional<String> image, Optional<String> buildId, String variant, String slot) {
        return new WebAppRequest(
                Path.of(where.useCase.useCase),
                where.useCase.env,
                where.useCase.file,
                variant,
                Optional.ofNullable(where.config).map(Path::of),
                image,
                buildId,
                Optional.ofNullable(slot).filter(s -> !s.isBlank()),
                where.azure.subscription(),
                DeployCommand.duration(where.timeout));
    }

    static WebAppService service(CliContext c) {
        PrintWriter out = c.out();
        return new WebAppService(
                c.env(), c.masker(), line -> out.println("deploy: " + line), DeployCommand.progress(out));
    }

    static int deploy(CliContext c, WebAppRequest request, boolean dryRun, boolean swap) {
        PrintWriter out = c.out();
        if (dryRun) {
            out.print(service(c).dryRun(request));
            out.flush();
            return ExitCodes.OK;
        }
        DeployedWebApp d = service(c).deploy(request, swap);
        out.printf(
                "deployed %s to web app %s%s: %s%s%n",
                d.image(),
                d.app(),
                d.slot()
                        .map(s -> swap ? " (tested in slot " + s + ", then swapped)" : " slot " + s + " (not swapped)")
                        .orElse(""),
                d.url(),
                d.previous().map(p -> "; before: " + p).orElse(""));
        return ExitCodes.OK;
    }

    static int status(CliContext c, WebAppRequest request) {
        PrintWriter out = c.out();
        WebAppOperations.Status s = service(c).status(request);
        if (s.production().isEmpty()) {
            out.printf("web app %s: not deployed%n", s.entry().app());
            return ExitCodes.OK;
        }
        for (WebAppOperations.SiteState site : java.util.stream.Stream.concat(
                        s.production().stream(), s.slots().stream())
                .toList()) {
            out.printf(
                    "%s %s: %s, %s, image %s, health check %s, %d app settings%n",
                    site.name().equals("production") ? "web app " + s.entry().app() : "  slot",
                    site.name(),
                    site.state(),
                    site.url(),
                    site.image().orElse("(none)"),
                    site.healthCheckPath().isEmpty() ? "(none)" : site.healthCheckPath(),
                    site.settings());
        }
        return ExitCodes.OK;
    }

    static int test(CliContext c, WebAppRequest request) {
        service(c).test(request);
        return ExitCodes.OK;
    }

    static int swap(CliContext c, WebAppRequest request, boolean testFirst) {
        Optional<String> image = service(c).swap(request, testFirst);
        c.out()
                .printf(
                        "production of the web app now serves %s%n",
                        image.orElse("what slot " + request.slot().orElse("staging") + " held"));
        return ExitCodes.OK;
    }

    static int logs(CliContext c, WebAppRequest request, int tail) {
        c.out().println(service(c).logs(request, tail).stripTrailing());
        return ExitCodes.OK;
    }

    static int delete(CliContext c, WebAppRequest request) {
        service(c).delete(request);
        return ExitCodes.OK;
    }
}
