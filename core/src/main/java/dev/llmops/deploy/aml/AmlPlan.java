package dev.llmops.deploy.aml;

import dev.llmops.azure.AzureWorkspace;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.experiment.Experiment;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code llmops deploy} decides before it calls Azure: the configuration elements, the experiment, the
 * image, each deployment's variables (values included, never printed) and smoke-test request.
 *
 * @param useCase the use-case folder
 * @param envName the environment
 * @param experiment the experiment as loaded for the environment
 * @param workspace the workspace; in a dry run a missing setting reads {@code <SUBSCRIPTION_ID>} and the like
 * @param image the image to deploy, or how to build it
 * @param elements one per configuration element, in file order
 * @param buildId tagged on the endpoint, deployment and model
 * @param mirror shadow traffic for each new deployment, in percent
 * @param notes what the plan could not know or assumed (dry run), for the user
 */
record AmlPlan(
        Path useCase,
        String envName,
        Experiment experiment,
        AzureWorkspace workspace,
        Image image,
        List<Element> elements,
        Optional<String> buildId,
        int mirror,
        List<String> notes) {

    AmlPlan {
        Objects.requireNonNull(image, "image");
        elements = List.copyOf(elements);
        notes = List.copyOf(notes);
    }

    /** {@code <experiment>_<env>}: the model the flow is registered as. */
    String modelName() {
        return experiment.name() + "_" + envName;
    }

    /**
     * One configuration element to deploy.
     *
     * @param spec the element
     * @param variables the deployment's environment variables
     * @param request the smoke-test body ({@code TEST_FILE_PATH})
     */
    record Element(OnlineDeploymentSpec spec, DeploymentVariables variables, String request) {}

    /** The image: given ({@code --image}, {@code LLMOPS_IMAGE}) or built by the deploy command ({@code --registry}). */
    sealed interface Image {
        /** What a plan shows for the reference. */
        String shown();

        /** An image reference given to deploy as it is; a placeholder in a dry run without one. */
        record Given(String reference) implements Image {
            @Override
            public String shown() {
                return reference;
            }
        }

        /** Built and pushed as {@code repository:tag}, then deployed by its digest. */
        record Built(String repository, String tag, AmlImageBuild how) implements Image {
            @Override
            public String shown() {
                return repository + "@<digest of " + repository + ":" + tag + ", built by llmops build>";
            }
        }
    }
}
