package dev.llmops.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it came from, so that configuration errors can name file, line and
 * column. Scalars hold {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code null}.
 */
public sealed interface YNode permits YNode.YMap, YNode.YList, YNode.YScalar {

    YLocation location();

    /** Plain Java value: {@code LinkedHashMap}, {@code ArrayList}, or the scalar value. */
    Object toPlain();

    /** A mapping; keys keep file order. {@code keyLocations} holds where each key itself was written. */
    record YMap(YLocation location, Map<String, YNode> entries, Map<String, YLocation> keyLocations) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
        }

        public YNode get(String key) {
            return entries.get(key);
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        /** Where the key was written, falling back to the map itself. */
        public YLocation locationOf(String key) {
            return keyLocations.getOrDefault(key, location);
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
    }

    record YList(YLocation location, List<YNode> items) implements YNode {
        public YList {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.toPlain()));
            return out;
        }
    }

    /** {@code value} is null for YAML null (also an absent value after a key). */
    record YScalar(YLocation location, Object value) implements YNode {
        public boolean isNull() {
            return value == null;
        }

        /** The value as Python's {@code str()} would write it: {@code True}, {@code None}, {@code 3000}. */
        public String asText() {
            return value == null ? null : String.valueOf(value);
        }

        @Override
        public Object toPlain() {
            return value;
        }
    }
}
