package dev.llmops.cli;

import dev.llmops.SystemEnv;
import dev.llmops.deploy.kubernetes.KubernetesDeployer;
import dev.llmops.deploy.kubernetes.KubernetesPlan;
import dev.llmops.deploy.kubernetes.KubernetesPlanner;
import dev.llmops.deploy.kubernetes.KubernetesRequest;
import dev.llmops.error.ConfigException;
import dev.llmops.image.BuildIdentity;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops deploy}: the image of a use case (from {@code llmops build}) to a serving target. */
@Command(
        name = "deploy",
        header = "Deploy a use case's image: plain Kubernetes (Secret, ConfigMap, Deployment, Service).",
        description = {
            "--target kubernetes: reads the kubernetes_endpoint element of configs/deployment_config.json whose"
                    + " ENV_NAME is the environment and applies a Secret (connection keys, LLMOPS_SERVE_KEYS), a"
                    + " ConfigMap (env.yaml, ENVIRONMENT_VARIABLES), a Deployment of --image (health probes,"
                    + " CPU_ALLOCATION/MEMORY_ALLOCATION, rolling update, non-root) and a ClusterIP Service named"
                    + " ENDPOINT_NAME. Values come from the environment and .env, never from the command line.",
            "--dry-run -o yaml prints the objects without a cluster, Secret values left empty."
        })
public final class DeployCommand extends BaseCommand {

    @Mixin
    UseCaseOptions useCase;

    @Option(
            names = {"-t", "--target"},
            paramLabel = "TARGET",
            required = true,
            description = "kubernetes (alias k8s): plain Kubernetes with the fabric8 client.")
    String target;

    @Option(
            names = "--image",
            paramLabel = "REF",
            description = "The image to deploy, as built by llmops build (default: $LLMOPS_IMAGE).")
    String image;

    @Option(
            names = {"--variant", "--variants"},
            paramLabel = "SELECTION",
            description = "The variant selection the image serves, as given to llmops build.")
    String variant;

    @Option(
            names = {"--build-id", "--build_id"},
            paramLabel = "ID",
            description = "Build id, a label of every object (default: GITHUB_RUN_ID, BUILD_BUILDID or BUILD_NUMBER).")
    String buildId;

    @Mixin
    KubernetesOptions kubernetes;

    @Override
    public Integer call() {
        String t = target.strip().toLowerCase(Locale.ROOT);
        if (!t.equals("kubernetes") && !t.equals("k8s")) {
            throw ConfigException.of(
                    "unknown deployment target '" + target + "'",
                    "use --target kubernetes (plain Kubernetes); docs/deploy.md lists the targets");
        }
        return kubernetes();
    }

    private int kubernetes() {
        CliContext ctx = context();
        SystemEnv env = ctx.env();
        if (!kubernetes.output.equalsIgnoreCase("yaml")) {
            throw ConfigException.of("-o " + kubernetes.output + " is not a format", "use -o yaml");
        }
        String ref = Optional.ofNullable(image)
                .or(() -> env.get("LLMOPS_IMAGE"))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ConfigException.of(
                        "no image to deploy", "pass --image REGISTRY/NAME:TAG (the one llmops build pushed)"));
        KubernetesRequest request = new KubernetesRequest(
                env.resolve(useCase.useCase),
                useCase.env,
                useCase.file,
                variant,
                ref,
                Optional.ofNullable(buildId)
                        .or(() -> BuildIdentity.buildId(env))
                        .orElse(null),
                kubernetes.namespace);
        KubernetesPlan plan = new KubernetesPlanner(env, ctx.masker()).plan(request);
        PrintWriter out = ctx.out();
        PrintWriter err = ctx.err();
        if (kubernetes.dryRun) {
            out.print(plan.yaml());
            if (!plan.missing().isEmpty()) {
                err.println("note: fill the Secret's " + String.join(", ", plan.missing()) + " before applying");
            }
            out.flush();
            return ExitCodes.OK;
        }
        if (!plan.missing().isEmpty()) {
            throw ConfigException.of(
                    "the container needs " + String.join(", ", plan.missing()) + ", not set here; nothing was applied",
                    "export " + (plan.missing().size() == 1 ? "it" : "them") + " or write "
                            + (plan.missing().size() == 1 ? "it" : "them") + " in the use case's .env"
                            + " (LLMOPS_SERVE_KEYS: the keys clients send as Authorization: Bearer KEY)");
        }
        try (KubernetesDeployer deployer =
                KubernetesDeployer.connect(env, kubernetes.kubeconfig, kubernetes.context, kubernetes.namespace)) {
            deployer.apply(plan, line -> err.println("deploy: " + line));
            out.printf(
                    "Deployed %s (%s) to namespace %s at %s: service %s, port 80%n",
                    plan.entry().deploymentName(),
                    ref,
                    deployer.namespace(),
                    deployer.server(),
                    plan.entry().endpoint());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
