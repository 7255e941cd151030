package dev.llmops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kubernetes_endpoint} fields that cannot work, refused with the field named and the fix, exit 2, before
 * anything is sent to the cluster.
 */
class DeployKubernetesConfigCommandTest extends KubernetesFixture {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "CURRENT_DEPLOYMENT_NAME": "blue", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": 10, | kubernetes_endpoint[1].CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION is 10 but there is no PRIOR_DEPLOYMENT_NAME
            "CURRENT_DEPLOYMENT_NAME": "blue", "PRIOR_DEPLOYMENT_NAME": "blue", | kubernetes_endpoint[1].PRIOR_DEPLOYMENT_NAME is CURRENT_DEPLOYMENT_NAME ("blue")
            "CURRENT_DEPLOYMENT_NAME": "blue", "PRIOR_DEPLOYMENT_NAME": "green", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": "150", | CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION is "150", not a share from 0 to 100
            "CURRENT_DEPLOYMENT_NAME": "blue", "PRIOR_DEPLOYMENT_NAME": "green", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": 70, "PRIOR_DEPLOYMENT_TRAFFIC_ALLOCATION": 20, | add up to 90, not 100
            "CURRENT_DEPLOYMENT_NAME": "blue", "PRIOR_DEPLOYMENT_NAME": "green", "CURRENT_DEPLOYMENT_TRAFFIC_ALLOCATION": 10, "AUTOSCALE": {"MAX_REPLICAS": 4}, | with AUTOSCALE needs INGRESS
            "CURRENT_DEPLOYMENT_NAME": "blue", "AUTOSCALE": {"MIN_REPLICAS": 2, "MAX_REPLICAS": 1}, | kubernetes_endpoint[1].AUTOSCALE.MAX_REPLICAS 1 is below MIN_REPLICAS 2
            "CURRENT_DEPLOYMENT_NAME": "blue", "INGRESS": {"PATH": "/"}, | kubernetes_endpoint[1].INGRESS.HOST is missing
            "CURRENT_DEPLOYMENT_NAME": "Blue_1", | kubernetes_endpoint[1].CURRENT_DEPLOYMENT_NAME "Blue_1" is not a Kubernetes name
            "CURRENT_DEPLOYMENT_NAME": "blue", "TEST_FILE_PATH": "no-such-request.json", | the smoke-test request file does not exist
            """)
    void should_name_the_field_and_send_nothing_when_the_configuration_cannot_work(String fields, String message)
            throws Exception {
        // given
        config(fields);

        // when
        CliResult r = deploy("--image", V1);

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("kubernetes_endpoint[1]", message.strip());
        assertThat(cluster.calls()).isEmpty();
    }

    @Test
    void should_name_the_line_of_the_field_or_of_its_element_when_it_is_missing() throws Exception {
        // given: one bad value (line 6), and an element without ENDPOINT_NAME (line 9)
        Path file = useCase.resolve("configs/deployment_config.json");
        String oneBad = """
                {"kubernetes_endpoint": [
                  {"ENV_NAME": "dev",
                   "ENDPOINT_NAME": "ner",
                   "CURRENT_DEPLOYMENT_NAME": "blue",
                   "INGRESS": {"CLASS_NAME": "nginx",
                               "HOST": "Not A Host!"}},
                  {"ENV_NAME": "pr", "ENDPOINT_NAME": "ner-pr", "CURRENT_DEPLOYMENT_NAME": "x"},
                  {"ENV_NAME": "prod",
                   "CURRENT_DEPLOYMENT_NAME": "blue"}
                ]}
                """;
        Files.writeString(file, oneBad);

        // when
        CliResult bad = deploy("--image", V1);
        CliResult missing = llmops(
                "deploy",
                "-u",
                "ner",
                "-e",
                "prod",
                "--target",
                "kubernetes",
                "--kubeconfig",
                kubeconfig.toString(),
                "--image",
                V1);
        CliResult noElement = llmops(
                "deploy",
                "-u",
                "ner",
                "-e",
                "qa",
                "--target",
                "kubernetes",
                "--kubeconfig",
                kubeconfig.toString(),
                "--image",
                V1);

        // then
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("deployment_config.json:6:", "kubernetes_endpoint[0].INGRESS.HOST");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err())
                .contains("deployment_config.json:8:", "kubernetes_endpoint[2].ENDPOINT_NAME is missing");
        assertThat(noElement.err()).contains("deployment_config.json:1:", "no \"kubernetes_endpoint\" element");
        assertThat(cluster.calls()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"status", "rollback", "logs"})
    void should_refuse_the_cluster_options_for_a_target_that_is_not_kubernetes(String operation) throws Exception {
        // when
        CliResult r = llmops("deploy", operation, "-u", "ner", "-e", "dev", "--kubeconfig", kubeconfig.toString());

        // then
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--kubeconfig, --context and --namespace belong to --target kubernetes");
        assertThat(cluster.calls()).isEmpty();
    }
}
