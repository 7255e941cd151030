package dev.llmops.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The inputs a flow declares, in order, for column mapping. */
public record FlowSignature(Map<String, Input> inputs) {

    /**
     * One flow input.
     *
     * @param hasDefault whether the flow declares a default (a default may be null)
     */
    public record Input(String name, boolean hasDefault, Object defaultValue) {
        public static Input required(String name) {
            return new Input(name, false, null);
        }

        public static Input withDefault(String name, Object value) {
            return new Input(name, true, value);
        }
    }

    public FlowSignature {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    public static FlowSignature of(Input... inputs) {
        Map<String, Input> m = new LinkedHashMap<>();
        for (Input i : inputs) {
            m.put(i.name(), i);
        }
        return new FlowSignature(m);
    }
}
