package dev.llmops.run.variant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.error.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VariantPlannerTest {

    private final VariantPlanner planner = new VariantPlanner();

    /** The template's fixture: node_var_0 {var_0*, var_1}, node_var_1 {var_3*, var_4}. */
    private static VariantSpace fixture() {
        Map<String, NodeVariants> nodes = new LinkedHashMap<>();
        nodes.put("node_var_0", new NodeVariants("var_0", List.of("var_0", "var_1")));
        nodes.put("node_var_1", new NodeVariants("var_3", List.of("var_3", "var_4")));
        return new VariantSpace(nodes);
    }

    private List<String> labels(String selector) {
        return planner.plan(fixture(), selector, List.of("ds1", "ds2")).stream()
                .map(r -> r.dataset() + ":" + r.variantLabel())
                .toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            *                                    | ds1:node_var_0.var_0,ds1:node_var_0.var_1,ds1:node_var_1.var_4,ds2:node_var_0.var_0,ds2:node_var_0.var_1,ds2:node_var_1.var_4
            all                                  | ds1:node_var_0.var_0,ds1:node_var_0.var_1,ds1:node_var_1.var_4,ds2:node_var_0.var_0,ds2:node_var_0.var_1,ds2:node_var_1.var_4
            defaults                             | ds1:default,ds2:default
            default                              | ds1:default,ds2:default
            node_var_0.var_1, node_var_1.var_4   | ds1:node_var_0.var_1,ds1:node_var_1.var_4,ds2:node_var_0.var_1,ds2:node_var_1.var_4
            node_var_1.var_3                     | ds1:node_var_1.var_3,ds2:node_var_1.var_3
            var_4                                | ds1:node_var_1.var_4,ds2:node_var_1.var_4
            """)
    void should_plan_runs_per_dataset_like_the_template(String selector, String expected) {
        // given the fixture flow and two datasets
        // when
        List<String> labels = labels(selector);

        // then
        assertThat(labels).containsExactly(expected.split(","));
    }

    @Test
    void should_run_every_combination_once_per_dataset_for_grid() {
        // when
        List<PlannedRun> runs = planner.plan(fixture(), "grid", List.of("ds1", "ds2"));

        // then
        assertThat(runs).hasSize(8);
        assertThat(runs.subList(0, 4))
                .extracting(PlannedRun::variantOverrides)
                .containsExactly(
                        Map.of(),
                        Map.of("node_var_1", "var_4"),
                        Map.of("node_var_0", "var_1"),
                        Map.of("node_var_0", "var_1", "node_var_1", "var_4"));
        assertThat(runs.get(3).variantLabel()).isEqualTo("node_var_0.var_1+node_var_1.var_4");
    }

    @Test
    void should_override_only_the_varied_node_and_leave_defaults_out() {
        // when
        List<PlannedRun> runs = planner.plan(fixture(), "all", List.of("ds1"));

        // then the all-defaults combination has no overrides, the others exactly one
        assertThat(runs)
                .extracting(PlannedRun::variantOverrides)
                .containsExactly(Map.of(), Map.of("node_var_0", "var_1"), Map.of("node_var_1", "var_4"));
    }

    @Test
    void should_plan_one_default_run_per_dataset_when_the_flow_has_no_variants() {
        // when
        List<PlannedRun> runs = planner.plan(VariantSpace.NONE, "all", List.of("a", "b"));

        // then
        assertThat(runs).extracting(PlannedRun::variantLabel).containsExactly("default", "default");
        assertThat(runs).extracting(PlannedRun::dataset).containsExactly("a", "b");
    }

    @ParameterizedTest
    @CsvSource({"node_var_0.VAR_1", "node_var_9.var_0", "nope"})
    void should_reject_unknown_variants_listing_the_valid_ones(String selector) {
        // when / then: names are case-sensitive
        assertThatThrownBy(() -> planner.plan(fixture(), selector, List.of("ds1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown variant '" + selector + "'")
                .hasMessageContaining("node_var_0.var_0, node_var_0.var_1, node_var_1.var_3, node_var_1.var_4");
    }
}
