package dev.llmops.flow.flex;

import dev.llmops.yaml.YLocation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry of a flex flow ({@code flow.flex.yaml}): the python function or class, or the java class, that runs
 * each line.
 *
 * @param dir the flow folder (import root, working directory)
 * @param file the {@code flow.flex.yaml}
 * @param module the python module (dotted, relative to {@code dir}) or the java class / source file stem
 * @param symbol the function or class name; for java the class's simple name
 * @param language python or java
 * @param kind function or class, as far as the source shows it ({@link Kind#FUNCTION} for java is impossible)
 * @param hasAggregate whether the class defines {@code __aggregate__} (python) or {@code aggregate} (java)
 * @param init the declared {@code init} parameters, in file order
 * @param sampleInputs {@code sample.inputs}, used by {@code flow test} when no inputs are given
 * @param sampleInit {@code sample.init}, used when no other init source gives parameters
 * @param requirements {@code environment.python_requirements_txt}, relative to {@code dir}
 * @param outputs the outputs {@code flow.flex.yaml} declares, in file order, and where each is written; empty when
 *     it declares none (then the entry's return value alone decides)
 */
public record FlexEntry(
        Path dir,
        Path file,
        String module,
        String symbol,
        Language language,
        Kind kind,
        boolean hasAggregate,
        Map<String, InitParam> init,
        Map<String, Object> sampleInputs,
        Map<String, Object> sampleInit,
        Optional<String> requirements,
        Map<String, YLocation> outputs) {

    public enum Language {
        PYTHON,
        JAVA
    }

    public enum Kind {
        FUNCTION,
        CLASS
    }

    /**
     * One constructor parameter of a class entry.
     *
     * @param type as written ({@code int}, {@code AzureOpenAIModelConfiguration}, a connection class); may be null
     * @param defaultValue the default (JSON-like); meaningful only when {@code hasDefault}
     */
    public record InitParam(String name, String type, Object defaultValue, boolean hasDefault) {}

    public FlexEntry {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(symbol, "symbol");
        init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        sampleInputs = Collections.unmodifiableMap(new LinkedHashMap<>(sampleInputs));
        sampleInit = Collections.unmodifiableMap(new LinkedHashMap<>(sampleInit));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** The requirements file, absolute, when the flow names one. */
    public Optional<Path> requirementsFile() {
        return requirements.map(r -> dir.resolve(r).normalize());
    }

    /** {@code module:symbol} as written in the flow file. */
    public String entry() {
        return module + ":" + symbol;
    }

    /** The entry's file relative to {@code dir}, where its errors point. */
    public String source() {
        return PureEvaluators.source(this)
                .orElseGet(() -> language == Language.JAVA ? module + ".java" : module.replace('.', '/') + ".py");
    }

    public boolean isClass() {
        return kind == Kind.CLASS;
    }
}
