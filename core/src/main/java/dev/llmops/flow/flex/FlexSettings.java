package dev.llmops.flow.flex;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What flex entries get from the command: init parameters given on the command line, and the variables init
 * placeholders and {@code PF_FLOW_INIT_CONFIG} are read from.
 *
 * @param init {@code --init k=v} and {@code --init-file} parameters, laid over every other init source
 * @param variables the process environment (and {@code .env}), for {@code ${...}} in init values
 * @param loopback whether code that calls a model directly gets the loopback OpenAI endpoint
 */
public record FlexSettings(Map<String, Object> init, Map<String, String> variables, boolean loopback) {

    /** Environment variable that turns the loopback endpoint off ({@code off}). */
    public static final String LOOPBACK_VARIABLE = "LLMOPS_LOOPBACK";

    public FlexSettings {
        init = Collections.unmodifiableMap(new LinkedHashMap<>(init));
        variables = Map.copyOf(variables);
    }

    public static FlexSettings none() {
        return new FlexSettings(Map.of(), Map.of(), false);
    }

    /** Settings from the environment: loopback on unless {@value #LOOPBACK_VARIABLE} is {@code off}. */
    public static FlexSettings of(Map<String, Object> init, Map<String, String> variables) {
        String loopback = variables.getOrDefault(LOOPBACK_VARIABLE, "on").strip();
        boolean on = !(loopback.equalsIgnoreCase("off") || loopback.equals("0") || loopback.equalsIgnoreCase("false"));
        return new FlexSettings(init, variables, on);
    }
}
