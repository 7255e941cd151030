package dev.llmops.deploy.aml;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.llmops.SystemEnv;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.azure.AzureWorkspaces;
import dev.llmops.deploy.DeploymentConfigLoader;
import dev.llmops.deploy.OnlineDeploymentSpec;
import dev.llmops.error.ConfigException;
import dev.llmops.error.Problem;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentLoader;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.image.BuildIdentity;
import dev.llmops.secret.SecretMasker;
import dev.llmops.secret.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides a deployment without calling Azure: reads {@code deployment_config.json} and the experiment, finds the
 * image, the smoke-test requests, the workspace and every variable the deployed flow needs. Everything that can be
 * known up front is checked here, so a problem stops the command before any change.
 */
final class AmlPlanner {

    private final SystemEnv env;
    private final SecretMasker masker;

    AmlPlanner(SystemEnv env, SecretMasker masker) {
        this.env = env;
        this.masker = masker;
    }

    /**
     * @param dryRun true: the plan is only printed, so missing workspace settings and a missing image become
     *     placeholders (with a note) instead of errors
     * @throws ConfigException listing every problem found, before anything is sent
     */
    AmlPlan plan(AmlDeployRequest request, boolean dryRun) {
        Path useCase = env.resolve(request.useCaseDir().toString());
        Path config = request.configFile()
                .map(f -> env.workingDir().resolve(f))
                .orElse(useCase.resolve(DeploymentConfigLoader.DEFAULT_FILE));
        String envName =
                request.env() != null ? request.env() : env.get("ENV_NAME").orElse(null);
        if (envName == null || envName.isBlank()) {
            throw ConfigException.of(
                    "no environment given", "pass -e ENV: it selects the ENV_NAME elements of the configuration");
        }
        List<OnlineDeploymentSpec> specs =
                new DeploymentConfigLoader().load(config, shown(config), request.target(), envName);
        // Connection values are not needed here: the deployment gets them (or Key Vault references) below.
        Experiment experiment = new ExperimentLoader()
                .load(new ExperimentRequest(useCase, envName, request.experimentFile(), false), env, masker)
                .experiment();
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Variables variables = Variables.forUseCase(env, useCase);
        Optional<KeyVault> vault = Optional.empty();
        try {
            vault = request.keyVault().filter(v -> !v.isBlank()).map(KeyVault::parse);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }

        Optional<String> buildId = request.buildId()
                .filter(s -> !s.isBlank())
                .or(() -> request.build().isPresent() ? BuildIdentity.buildId(env) : Optional.empty());
        AmlPlan.Image image = image(request, variables, experiment, envName, buildId, dryRun, problems, notes);
        if (request.mirror() < 0 || request.mirror() > 50) {
            problems.add(Problem.error(
                    null, 0, 0, "--mirror " + request.mirror() + " is out of range", "Azure allows 0 to 50 percent"));
        }

        AzureWorkspace ws;
        if (dryRun) {
            ws = AzureWorkspaces.sketch(
                    request.subscription(), request.resourceGroup(), request.workspace(), variables, notes::add);
        } else {
            try {
                ws = AzureWorkspaces.resolve(
                        request.subscription(), request.resourceGroup(), request.workspace(), variables);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                ws = new AzureWorkspace("", "", "");
            }
        }

        List<AmlPlan.Element> elements = new ArrayList<>();
        for (OnlineDeploymentSpec spec : specs) {
            String body = request(useCase, spec, problems);
            DeploymentVariables vars = DeploymentVariables.of(spec, experiment, variables, ws, masker, vault);
            vars.missing()
                    .forEach((name, who) -> problems.add(Problem.error(
                            shown(experiment.experimentFile()),
                            0,
                            0,
                            spec.where() + ": " + who + " needs " + name + ", which is not set here",
                            "export " + name + " in the CI job (from its secret store) or write it in the use case's"
                                    + " .env; or pass --key-vault VAULT to have the deployment read the Key Vault"
                                    + " secret " + KeyVault.secretName(name))));
            elements.add(new AmlPlan.Element(spec, vars, body));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(dedupe(problems), "nothing was deployed.");
        }
        return new AmlPlan(useCase, envName, experiment, ws, image, elements, buildId, request.mirror(), notes);
    }

    private AmlPlan.Image image(
            AmlDeployRequest request,
            Variables variables,
            Experiment experiment,
            String envName,
            Optional<String> buildId,
            boolean dryRun,
            List<Problem> problems,
            List<String> notes) {
        Optional<String> given = request.image()
                .or(() -> variables.get(AmlDeployService.IMAGE_VARIABLE))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            if (request.build().isPresent() && request.image().isPresent()) {
                problems.add(Problem.error(
                        null,
                        0,
                        0,
                        "--image and --registry both given",
                        "pass --image to deploy an image built before, or --registry to build one now"));
            }
            if (!given.get().matches("[A-Za-z0-9._:/@-]+")) {
                problems.add(
                        Problem.error(null, 0, 0, "--image '" + given.get() + "' is not an image reference", null));
            }
            return new AmlPlan.Image.Given(given.get());
        }
        if (request.build().isPresent()) {
            AmlImageBuild how = request.build().get();
            String repository = how.repository(experiment.name(), envName);
            if (!repository.matches("[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+")) {
                problems.add(Problem.error(
                        null,
                        0,
                        0,
                        "--registry '" + how.registry() + "' does not give an image repository (" + repository + ")",
                        "write the registry host, optionally with a path, e.g. myacr.azurecr.io or"
                                + " myacr.azurecr.io/llmops"));
            }
            String tag = buildId.flatMap(BuildIdentity::asTag).orElse("latest");
            return new AmlPlan.Image.Built(repository, tag, how);
        }
        String hint = "pass --image REGISTRY/REPOSITORY:TAG or set " + AmlDeployService.IMAGE_VARIABLE
                + " (an image built with llmops build), or --registry REGISTRY to build and push one now";
        if (dryRun) {
            notes.add("no image given: " + hint);
            return new AmlPlan.Image.Given("<image: --image REF or --registry REGISTRY>");
        }
        problems.add(Problem.error(null, 0, 0, "no image to deploy", hint));
        return new AmlPlan.Image.Given("");
    }

    private String request(Path useCase, OnlineDeploymentSpec spec, List<Problem> problems) {
        Path file = useCase.resolve(spec.testFile()).normalize();
        try {
            String body = Files.readString(file);
            AmlBodies.JSON.readTree(body);
            return body;
        } catch (JsonProcessingException e) {
            problems.add(Problem.error(
                    shown(file),
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                    "the smoke-test request is not valid JSON: " + e.getOriginalMessage(),
                    "TEST_FILE_PATH of " + spec.where() + " names it"));
        } catch (IOException e) {
            problems.add(Problem.error(
                    shown(file),
                    0,
                    0,
                    "the smoke-test request file does not exist",
                    "create it (one request to /score), or point TEST_FILE_PATH of " + spec.where() + " at one"));
        }
        return "";
    }

    /** Two elements with the same connections report a missing variable once each; identical lines once. */
    private static List<Problem> dedupe(List<Problem> problems) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    Path shown(Path file) {
        Path wd = env.workingDir();
        return file.startsWith(wd) ? wd.relativize(file) : file;
    }
}
