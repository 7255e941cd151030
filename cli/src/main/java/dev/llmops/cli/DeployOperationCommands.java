package dev.llmops.cli;

import dev.llmops.deploy.TrafficSplit;
import dev.llmops.deploy.aml.AmlOperations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code llmops deploy status | test | promote | rollback | logs | delete}. */
final class DeployOperationCommands {

    private DeployOperationCommands() {}

    abstract static class Operation extends BaseCommand {

        @Mixin
        DeployTargetOptions where;

        @Mixin
        WebAppCli.SlotOption webApp;

        @Mixin
        KubernetesClusterOptions cluster;

        boolean webapp() {
            return WebAppCli.isWebApp(where.target);
        }

        /** Whether the target is plain Kubernetes; refuses the cluster options for the other targets. */
        boolean kubernetes() {
            if (KubernetesCli.isKubernetes(where.target)) {
                return true;
            }
            if (cluster.kubeconfig != null || cluster.context != null || cluster.namespace != null) {
                throw dev.llmops.error.ConfigException.of(
                        "--kubeconfig, --context and --namespace belong to --target kubernetes",
                        "add --target kubernetes, or leave them out");
            }
            return false;
        }

        dev.llmops.deploy.kubernetes.KubernetesRequest kubernetesRequest() {
            return KubernetesCli.request(context(), where, null, null, null, cluster.namespace);
        }

        dev.llmops.deploy.webapp.WebAppRequest webAppRequest() {
            return WebAppCli.request(where, Optional.empty(), Optional.empty(), null, webApp.slot);
        }

        AmlOperations operations() {
            CliContext c = context();
            return new AmlOperations(c.env(), c.masker(), c.out()::println, DeployCommand.progress(c.out()));
        }
    }

    @Command(name = "status", header = "Show the endpoints, their deployments and traffic.")
    static final class Status extends Operation {
        @Override
        public Integer call() {
            if (kubernetes()) {
                return KubernetesCli.status(context(), kubernetesRequest(), cluster);
            }
            if (webapp()) {
                return WebAppCli.status(context(), webAppRequest());
            }
            PrintWriter out = context().out();
            for (AmlOperations.EndpointState e : operations().status(where.request())) {
                if (!e.exists()) {
                    out.printf("endpoint %s: not deployed%n", e.endpoint());
                    continue;
                }
                out.printf(
                        "endpoint %s: %s, traffic %s%s%n  scoring URI %s%n",
                        e.endpoint(),
                        e.provisioningState(),
                        TrafficSplit.describe(e.traffic()),
                        e.mirrorTraffic().values().stream().anyMatch(v -> v > 0)
                                ? ", mirror " + TrafficSplit.describe(e.mirrorTraffic())
                                : "",
                        e.scoringUri());
                for (AmlOperations.DeploymentState d : e.deployments()) {
                    out.printf(
                            "  deployment %s: %s, %s x%d%n",
                            d.name(), d.provisioningState(), d.instanceType(), d.instances());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "test",
            header = "Score TEST_FILE_PATH against the current deployment alone (exit 1 unless HTTP 200).",
            description = "With --local [URL] it tests a server running here instead (llmops serve, or the image"
                    + " started with docker run): the same as llmops serve --smoke URL.")
    static final class Test extends Operation {
        static final String LOCAL_DEFAULT = "http://localhost:8080";
        // as serve --smoke's default --request-timeout
        static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(300);

        @Option(
                names = "--deployment",
                paramLabel = "NAME",
                description = "Another deployment than CURRENT_DEPLOYMENT_NAME (Kubernetes: a slot; default the one"
                        + " deployed last).")
        String deployment;

        @Option(
                names = "--local",
                paramLabel = "URL",
                arity = "0..1",
                fallbackValue = LOCAL_DEFAULT,
                description = "Test the server at URL (default " + LOCAL_DEFAULT + ", what llmops serve and the"
                        + " image listen on): POST the use case's sample-request.json to its /score with the first"
                        + " key of $$LLMOPS_SERVE_KEYS, exit 0 only on HTTP 200 answering the flow's outputs."
                        + " No Azure or cluster call is made.")
        String local;

        @Override
        public Integer call() {
            if (local != null) {
                if (deployment != null) {
                    throw dev.llmops.error.ConfigException.of(
                            "--deployment names a deployment in Azure or a cluster; --local tests a server here",
                            "leave out --deployment, or --local");
                }
                return LocalSmoke.run(
                        context(),
                        FlowCommandServices.real().experiments(),
                        where.useCase,
                        Optional.empty(),
                        local,
                        Optional.empty(),
                        Optional.empty(),
                        LOCAL_TIMEOUT);
            }
            if (kubernetes()) {
                return KubernetesCli.test(context(), kubernetesRequest(), cluster, deployment);
            }
            if (webapp()) {
                return WebAppCli.test(context(), webAppRequest());
            }
            operations().test(where.request(), Optional.ofNullable(deployment));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "promote",
            header =
                    "Give the current deployment (Kubernetes: the slot deployed last) all traffic (and delete the prior"
                            + " one).")
    static final class Promote extends Operation {
        @Option(names = "--delete-prior", description = "Then delete PRIOR_DEPLOYMENT_NAME, which no longer serves.")
        boolean deletePrior;

        @Override
        public Integer call() {
            if (kubernetes()) {
                return KubernetesCli.promote(context(), kubernetesRequest(), cluster, where.timeout, deletePrior);
            }
            if (webapp()) {
                return WebAppCli.swap(context(), webAppRequest(), true);
            }
            operations().promote(where.request(), deletePrior);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "rollback",
            header = "Give the prior deployment all traffic again (Kubernetes: the other slot, or with one slot its"
                    + " previous ReplicaSet).")
    static final class Rollback extends Operation {
        @Override
        public Integer call() {
            if (kubernetes()) {
                return KubernetesCli.rollback(context(), kubernetesRequest(), cluster, where.timeout);
            }
            if (webapp()) {
                return WebAppCli.swap(context(), webAppRequest(), false);
            }
            operations().rollback(where.request());
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", header = "Print the last lines of the current deployment's log.")
    static final class Logs extends Operation {
        @Option(
                names = "--deployment",
                paramLabel = "NAME",
                description = "Another deployment than CURRENT_DEPLOYMENT_NAME (Kubernetes: a slot; default the one"
                        + " deployed last).")
        String deployment;

        @Option(
                names = "--tail",
                paramLabel = "N",
                defaultValue = "200",
                description = "Lines (default: ${DEFAULT-VALUE}).")
        int tail;

        @Option(names = "--storage-initializer", description = "The model-download container's log instead.")
        boolean storage;

        @Override
        public Integer call() {
            if (kubernetes()) {
                return KubernetesCli.logs(context(), kubernetesRequest(), cluster, deployment, tail);
            }
            if (webapp()) {
                return WebAppCli.logs(context(), webAppRequest(), tail);
            }
            PrintWriter out = context().out();
            for (Map.Entry<String, String> e : operations()
                    .logs(where.request(), Optional.ofNullable(deployment), tail, storage)
                    .entrySet()) {
                out.println("== " + e.getKey());
                out.println(e.getValue().stripTrailing());
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "delete",
            header =
                    "Delete the current deployment (Kubernetes: the slot without traffic), or with --endpoint the whole"
                            + " endpoint.")
    static final class Delete extends Operation {
        @Option(names = "--endpoint", description = "Delete the endpoint with every deployment.")
        boolean endpoint;

        @Override
        public Integer call() {
            if (kubernetes()) {
                return KubernetesCli.delete(context(), kubernetesRequest(), cluster, endpoint);
            }
            if (webapp()) {
                return WebAppCli.delete(context(), webAppRequest());
            }
            operations().delete(where.request(), endpoint);
            return ExitCodes.OK;
        }
    }
}
