package dev.llmops.experiment;

import dev.llmops.yaml.YLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Where each mapping value was written, by dataset entry location, so checks can point at the exact line. */
final class MappingLocations {

    private final Map<YLocation, Map<String, YLocation>> byDataset = new HashMap<>();

    void put(YLocation dataset, Map<String, YLocation> mappings) {
        byDataset.put(dataset, Map.copyOf(mappings));
    }

    /** The location of one mapping value, falling back to the dataset entry. */
    YLocation of(Dataset dataset, String input) {
        return Optional.ofNullable(byDataset.get(dataset.location()))
                .map(m -> m.get(input))
                .orElse(dataset.location());
    }
}
