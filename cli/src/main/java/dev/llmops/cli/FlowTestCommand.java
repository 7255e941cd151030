package dev.llmops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.SystemEnv;
import dev.llmops.error.ConfigException;
import dev.llmops.error.RunFailedException;
import dev.llmops.experiment.ConnectionOverrides;
import dev.llmops.experiment.Experiment;
import dev.llmops.experiment.ExperimentRequest;
import dev.llmops.flow.FlowTestRequest;
import dev.llmops.flow.FlowTestResult;
import dev.llmops.flow.FlowTester;
import dev.llmops.flow.LineResult;
import dev.llmops.flow.VariantSelection;
import dev.llmops.flow.tool.ToolRunner;
import dev.llmops.llm.ChatClientFactory;
import dev.llmops.llm.ConnectionConfig;
import dev.llmops.llm.LlmOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;

/** {@code llmops flow test}: run one line (or a few) of a flow and show outputs and a per-node trace. */
@Command(
        name = "test",
        description = {
            "Run one line of a flow (or each line of a small JSONL) natively and print the outputs as JSON and a"
                    + " per-node trace (status, duration, tokens). Exit code 1 when a line fails.",
            "LLM connections come from --connection files and, when -u, -e or -f is given, from the experiment's"
                    + " connections block (a --connection of the same name wins, --set changes one field)."
                    + " Relative recordings paths of a ReplayConnection start at the use-case folder.",
            ""
        })
public final class FlowTestCommand extends BaseCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    FlowCommand parent;

    @Parameters(index = "0", paramLabel = "FLOW", description = "Flow folder, flow.dag.yaml, or .prompty file.")
    String flow;

    @Option(
            names = "--inputs",
            arity = "1..*",
            paramLabel = "NAME=VALUE",
            description = "Input values; a VALUE that is valid JSON is parsed (3, true, [\"a\"]), else taken as text.")
    List<String> inputs = new ArrayList<>();

    @Option(
            names = "--inputs-file",
            paramLabel = "FILE",
            description = "A .json object (or list of objects) or a .jsonl file: one line per object.")
    String inputsFile;

    @Option(
            names = "--variant",
            paramLabel = "'$${NODE.VARIANT}'",
            description = "Variant to use, e.g. '$${summarize_text_content.variant_1}'; others use their default.")
    String variant;

    @Option(
            names = "--node",
            paramLabel = "NAME",
            description = "Run only this node; --inputs give its inputs by name (or NODE.output for references).")
    String node;

    @Mixin
    ConnectionMixin connections;

    @Option(
            names = "--record",
            paramLabel = "FILE",
            description = "Append every live model call to FILE (JSONL) for later replay with a ReplayConnection.")
    String record;

    @Mixin
    UseCaseOptions useCase;

    @Mixin
    InitMixin init;

    @Override
    public Integer call() {
        CliContext ctx = context();
        FlowCommandServices services = parent.services();
        List<Map<String, Object>> lines =
                inputsFile == null ? List.of() : readLines(ctx.env().resolve(inputsFile));
        ConnectionOverrides overrides = connections.overrides(ctx);
        // With an experiment, the loader applies --connection and --set to its connections, as in a run.
        Experiment experiment = namesExperiment()
                ? services.experiments()
                        .load(
                                new ExperimentRequest(
                                        Path.of(useCase.useCase), useCase.env, useCase.file, true, overrides),
                                ctx)
                : null;
        List<ConnectionConfig> given =
                experiment != null ? experiment.connections() : overrides.standalone(ctx.env(), ctx.masker());
        FlowTestRequest request = new FlowTestRequest(
                Path.of(flow),
                lines,
                parseInputs(inputs),
                VariantSelection.parse(variant),
                node,
                Map.of(),
                given,
                init.parameters(ctx.env()));
        // Recordings of the experiment's replay connections are written relative to its folder, as in a run.
        Path baseDir = experiment == null ? ctx.env().workingDir() : experiment.useCaseDir();
        SystemEnv env = experiment == null ? ctx.env() : withEnvironmentFile(ctx.env(), experiment);
        LlmOptions options = record == null
                ? LlmOptions.defaults()
                : LlmOptions.defaults().withRecordFile(ctx.env().resolve(record));
        ChatClientFactory clients = services.clientFactory().create(ctx, baseDir, options);
        FlowTestResult result;
        try (ToolRunner python = services.pythonTools().apply(ctx);
                ToolRunner java = services.javaTools().apply(ctx)) {
            result = new FlowTester(clients, python, java, env, ctx.masker()).test(request);
        }
        new FlowTestPrinter(ctx.out(), verbose()).print(result);
        if (!result.succeeded()) {
            long failed = result.lines().stream()
                    .filter(LineResult.Failure.class::isInstance)
                    .count();
            throw new RunFailedException(
                    failed > 0
                            ? failed + " of " + result.lines().size() + " line(s) failed"
                            : "aggregation failed: "
                                    + result.aggregation()
                                            .failure()
                                            .orElseThrow()
                                            .message());
        }
        return ExitCodes.OK;
    }

    /** The experiment's environment/env.yaml under the real environment, which wins (as in a run). */
    private static SystemEnv withEnvironmentFile(SystemEnv env, Experiment experiment) {
        Map<String, String> variables = new LinkedHashMap<>(experiment.environmentVariables());
        variables.putAll(env.variables());
        return new SystemEnv(variables, env.workingDir());
    }

    /** -u, -e or -f on the command line: the defaults alone do not pull in an experiment from the current folder. */
    private boolean namesExperiment() {
        ParseResult parsed = spec.commandLine().getParseResult();
        return parsed.hasMatchedOption("--use-case")
                || parsed.hasMatchedOption("--env")
                || parsed.hasMatchedOption("--file");
    }

    static Map<String, Object> parseInputs(List<String> pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw ConfigException.of(
                        "--inputs '" + pair + "' is not NAME=VALUE",
                        "write --inputs question='What is BERT?' after FLOW (--inputs takes every word that follows)");
            }
            String value = pair.substring(eq + 1);
            Object parsed;
            try {
                parsed = JSON.readValue(value, Object.class);
            } catch (JsonProcessingException e) {
                parsed = value;
            }
            out.put(pair.substring(0, eq).strip(), parsed);
        }
        return out;
    }

    private static List<Map<String, Object>> readLines(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.at(file, 0, 0, "cannot read inputs file", "check the --inputs-file path");
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        if (file.getFileName().toString().endsWith(".jsonl")) {
            String[] rows = text.split("\\R");
            for (int i = 0; i < rows.length; i++) {
                if (!rows[i].isBlank()) {
                    lines.add(object(file, i + 1, rows[i]));
                }
            }
            return lines;
        }
        try {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof List<?> list) {
                for (Object o : list) {
                    lines.add(object(file, 0, JSON.writeValueAsString(o)));
                }
            } else {
                lines.add(object(file, 1, text));
            }
        } catch (JsonProcessingException e) {
            throw ConfigException.at(
                    file,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
                    "invalid JSON: " + e.getOriginalMessage(),
                    null);
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Path file, int line, String text) {
        try {
            Object parsed = JSON.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JsonProcessingException e) {
            throw ConfigException.at(file, line, 0, "invalid JSON: " + e.getOriginalMessage(), null);
        }
        throw ConfigException.at(file, line, 0, "each line must be a JSON object of input values", null);
    }
}
