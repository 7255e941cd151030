package dev.llmops.flow.tool;

import dev.llmops.llm.ConnectionConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call into a flex flow's entry: a line ({@link Op#CALL}), the run's aggregation ({@link Op#AGGREGATE}) or a
 * load-and-bind check ({@link Op#CHECK}).
 *
 * @param nodeName the entry's node name, for error messages
 * @param flowDir the flow folder: working directory and import root
 * @param module the python module (dotted) or the java class / source file stem
 * @param symbol the function or class name
 * @param source the entry file relative to {@code flowDir}, for error locations
 * @param instanceKey a class entry is built once per key per worker: one key per run
 * @param init resolved constructor parameters (class entries)
 * @param initTypes the declared type of each init parameter, where {@code flow.flex.yaml} gives one
 * @param inputs the line's inputs ({@link Op#CALL}); for {@link Op#CHECK} only the names matter
 * @param lineResults every succeeded line's outputs, in line order ({@link Op#AGGREGATE})
 * @param connections every connection of the experiment by name, for init parameters that name one
 * @param environment environment variables for the call (flow {@code environment_variables}, env.yaml)
 * @param gateway serves the model calls the entry's code makes during this call
 * @param loopback whether the call gets the loopback OpenAI endpoint in its environment ({@code OPENAI_BASE_URL},
 *     {@code AZURE_OPENAI_ENDPOINT} and keys), so that code calling a model directly goes through {@code gateway}
 * @param requirements the flow's {@code environment.python_requirements_txt} (absolute), named in the install command
 *     of a module the entry cannot import
 */
public record EntryInvocation(
        Op op,
        String nodeName,
        Path flowDir,
        String module,
        String symbol,
        String source,
        String instanceKey,
        Map<String, Object> init,
        Map<String, String> initTypes,
        Map<String, Object> inputs,
        List<Map<String, Object>> lineResults,
        Map<String, ConnectionConfig> connections,
        Map<String, String> environment,
        ModelGateway gateway,
        boolean loopback,
        Optional<Path> requirements) {

    public enum Op {
        CALL,
        AGGREGATE,
        CHECK,
        /** Which of {@code inputs.requirements} (distribution names) the interpreter lacks: output {@code missing}. */
        REQUIREMENTS,
        /**
         * Loads the entry and builds a class entry's instance for {@code instanceKey} without calling it (a server
         * warming up, so that the first line finds it built).
         */
        INIT
    }

    public EntryInvocation {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(flowDir, "flowDir");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(requirements, "requirements");
        init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        initTypes = Map.copyOf(initTypes);
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        lineResults = Collections.unmodifiableList(new ArrayList<>(lineResults));
        connections = Map.copyOf(connections);
        environment = Map.copyOf(environment);
    }
}
