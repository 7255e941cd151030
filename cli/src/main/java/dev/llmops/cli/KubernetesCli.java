package dev.llmops.cli;

import dev.llmops.deploy.DeployTarget;
import dev.llmops.deploy.TrafficSplit;
import dev.llmops.deploy.kubernetes.EndpointState;
import dev.llmops.deploy.kubernetes.KubernetesPlan;
import dev.llmops.deploy.kubernetes.KubernetesRequest;
import dev.llmops.deploy.kubernetes.KubernetesService;
import dev.llmops.error.ConfigException;
import dev.llmops.image.BuildIdentity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@code llmops deploy --target kubernetes} and its operations: options to a {@link KubernetesRequest}, results to text. */
final class KubernetesCli {

    private KubernetesCli() {}

    static boolean isKubernetes(String target) {
        return !WebAppCli.isWebApp(target)
                && DeployTarget.find(target)
                        .filter(t -> t == DeployTarget.PLAIN_KUBERNETES)
                        .isPresent();
    }

    static KubernetesRequest request(
            CliContext c, DeployTargetOptions where, String image, String buildId, String variant, String namespace) {
        return new KubernetesRequest(
                c.env().resolve(where.useCase.useCase),
                where.useCase.env,
                where.useCase.file,
                variant,
                image,
                buildId,
                namespace,
                Optional.ofNullable(where.config).map(Path::of).orElse(null));
    }

    static KubernetesService service(CliContext c) {
        PrintWriter err = c.err();
        return new KubernetesService(c.env(), c.masker(), line -> err.println("deploy: " + line));
    }

    /** {@code -o yaml} on a dry run names the format; otherwise {@code -o FILE} is the JSON summary. */
    static int deploy(
            CliContext c,
            DeployTargetOptions where,
            KubernetesOptions kubernetes,
            String image,
            String buildId,
            String variant,
            String outputFile) {
        String ref = Optional.ofNullable(image)
                .or(() -> c.env().get("LLMOPS_IMAGE"))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> ConfigException.of(
                        "no image to deploy", "pass --image REGISTRY/NAME:TAG (the one llmops build pushed)"));
        String build = Optional.ofNullable(buildId)
                .or(() -> BuildIdentity.buildId(c.env()))
                .orElse(null);
        KubernetesService service = service(c);
        KubernetesPlan plan = service.plan(request(c, where, ref, build, variant, kubernetes.namespace));
        PrintWriter out = c.out();
        if (kubernetes.dryRun) {
            if (outputFile != null && !outputFile.equals("yaml")) {
                throw ConfigException.of(
                        "--dry-run prints YAML: -o " + outputFile + " is not a format it knows",
                        "write -o yaml, or leave -o out");
            }
            out.print(plan.yaml());
            if (!plan.missing().isEmpty()) {
                c.err().println("note: fill the Secret's " + String.join(", ", plan.missing()) + " before applying");
            }
            out.flush();
            return ExitCodes.OK;
        }
        KubernetesService.Outcome o = service.deploy(
                plan,
                kubernetes.ref(),
                DeployCommand.duration(where.timeout),
                outputFile == null ? null : Path.of(outputFile));
        out.printf(
                "Deployed %s (%s) to namespace %s at %s: slot %s, service %s port 80, traffic %s%n",
                o.deployment(),
                o.image(),
                o.namespace(),
                o.server(),
                o.slot(),
                o.service(),
                TrafficSplit.describe(o.traffic()));
        out.flush();
        return ExitCodes.OK;
    }

    static int status(CliContext c, KubernetesRequest request, KubernetesClusterOptions cluster) {
        KubernetesService.Status s = service(c).status(request, cluster.ref());
        EndpointState state = s.state();
        PrintWriter out = c.out();
        String endpoint = state.entry().endpoint();
        if (state.slots().isEmpty()) {
            out.printf("endpoint %s: not deployed in namespace %s at %s%n", endpoint, s.namespace(), s.server());
            return ExitCodes.OK;
        }
        Map<String, Integer> shares = state.shares();
        out.printf(
                "endpoint %s in namespace %s at %s: service %s, traffic %s%s%n",
                endpoint,
                s.namespace(),
                s.server(),
                state.service().isPresent() ? endpoint : "(none)",
                TrafficSplit.describe(shares),
                state.splitByPods() ? " (by ready pods)" : state.canaryWeight().isPresent() ? " (ingress canary)" : "");
        for (EndpointState.Slot slot : state.slots()) {
            out.printf(
                    "  slot %s: deployment %s, image %s, %d/%d ready, traffic %d%%, release %d%n",
                    slot.name(),
                    slot.deploymentName(),
                    slot.image(),
                    slot.ready(),
                    slot.desired(),
                    shares.getOrDefault(slot.name(), 0),
                    slot.release());
        }
        return ExitCodes.OK;
    }

    static int test(CliContext c, KubernetesRequest request, KubernetesClusterOptions cluster, String slot) {
        String tested = service(c).test(request, cluster.ref(), Optional.ofNullable(slot));
        c.out().printf("smoke test of slot %s passed%n", tested);
        return ExitCodes.OK;
    }

    static int promote(
            CliContext c,
            KubernetesRequest request,
            KubernetesClusterOptions cluster,
            String timeout,
            boolean deletePrior) {
        String slot = service(c).promote(request, cluster.ref(), DeployCommand.duration(timeout), deletePrior);
        c.out().printf("slot %s serves all traffic%n", slot);
        return ExitCodes.OK;
    }

    static int rollback(CliContext c, KubernetesRequest request, KubernetesClusterOptions cluster, String timeout) {
        String now = service(c).rollback(request, cluster.ref(), DeployCommand.duration(timeout));
        c.out().printf("rolled back: %s serves all traffic%n", now);
        return ExitCodes.OK;
    }

    static int logs(CliContext c, KubernetesRequest request, KubernetesClusterOptions cluster, String slot, int tail) {
        PrintWriter out = c.out();
        for (Map.Entry<String, String> e : service(c)
                .logs(request, cluster.ref(), Optional.ofNullable(slot), tail)
                .entrySet()) {
            out.println("== pod " + e.getKey());
            out.println(c.masker().mask(e.getValue().stripTrailing()));
        }
        return ExitCodes.OK;
    }

    static int delete(CliContext c, KubernetesRequest request, KubernetesClusterOptions cluster, boolean all) {
        var deleted = service(c).delete(request, cluster.ref(), all);
        c.out().printf("deleted %d object(s)%s%n", deleted.size(), deleted.isEmpty() ? " (none found)" : "");
        return ExitCodes.OK;
    }
}
