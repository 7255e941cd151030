package dev.llmops.flow.python;

import static dev.llmops.flow.python.PythonFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.llmops.error.ConfigException;
import dev.llmops.flow.tool.ToolException;
import dev.llmops.flow.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PythonWorkerPoolTest {

    @Test
    void should_reuse_the_same_worker_process_across_calls() {
        try (PythonToolRunner runner = new PythonToolRunner(PythonFixtures.options(1))) {
            // when
            Object first = runner.invoke(call("crash.py", Map.of("die", false))).output();
            Object second =
                    runner.invoke(call("crash.py", Map.of("die", false))).output();
            Object third = runner.invoke(call("no_inputs.py", Map.of())).output();

            // then
            assertThat(second).isEqualTo(first);
            assertThat(third).asInstanceOf(MAP).containsEntry("pid", first);
        }
    }

    @Test
    void should_fail_only_the_call_whose_worker_crashed_and_replace_the_worker() {
        try (PythonToolRunner runner = new PythonToolRunner(PythonFixtures.options(1))) {
            // given
            Object pidBefore =
                    runner.invoke(call("crash.py", Map.of("die", false))).output();

            // when
            ToolException crash = catchThrowableOfType(
                    ToolException.class, () -> runner.invoke(call("crash.py", Map.of("die", true))));
            Object pidAfter =
                    runner.invoke(call("crash.py", Map.of("die", false))).output();

            // then
            assertThat(crash.workerCrashed()).isTrue();
            assertThat(crash.getMessage())
                    .contains("node_crash")
                    .contains("exited with code 3")
                    .contains("next call gets a fresh worker");
            assertThat(pidAfter).isNotEqualTo(pidBefore);
        }
    }

    @Test
    void should_run_parallel_calls_on_at_most_pool_size_workers() throws Exception {
        try (PythonToolRunner runner = new PythonToolRunner(PythonFixtures.options(2));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // when
            List<Future<ToolResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int tag = i;
                futures.add(callers.submit(() -> runner.invoke(call("sleepy.py", Map.of("seconds", 0.2, "tag", tag)))));
            }
            List<Object> tags = new ArrayList<>();
            Set<Object> pids = new HashSet<>();
            for (Future<ToolResult> f : futures) {
                Map<?, ?> output = (Map<?, ?>) f.get().output();
                tags.add(output.get("tag"));
                pids.add(output.get("pid"));
            }

            // then
            assertThat(tags).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(pids).hasSizeBetween(1, 2);
        }
    }

    @Test
    void should_stop_a_call_that_exceeds_the_timeout_and_serve_the_next_call() {
        try (PythonToolRunner runner =
                new PythonToolRunner(PythonFixtures.options(1).withCallTimeout(Duration.ofMillis(500)))) {
            // when
            ToolException timeout = catchThrowableOfType(
                    ToolException.class, () -> runner.invoke(call("sleepy.py", Map.of("seconds", 30, "tag", 1))));
            ToolResult next = runner.invoke(call("sleepy.py", Map.of("seconds", 0, "tag", 2)));

            // then
            assertThat(timeout.getMessage()).contains("node_sleepy").contains("no answer within");
            assertThat(next.output()).asInstanceOf(MAP).containsEntry("tag", 2);
        }
    }

    @Test
    void should_stop_every_worker_on_close() {
        // given
        PythonToolRunner runner = new PythonToolRunner(PythonFixtures.options(1));
        long pid =
                ((Number) runner.invoke(call("crash.py", Map.of("die", false))).output()).longValue();
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();

        // when
        runner.close();

        // then
        assertThat(worker.isAlive()).isFalse();
    }

    @Test
    void should_explain_how_to_fix_a_missing_interpreter() {
        // given
        PythonToolOptions options =
                new PythonToolOptions(Optional.empty(), 1, Optional.empty(), Map.of("PATH", "/nonexistent"));

        // when
        try (PythonToolRunner runner = new PythonToolRunner(options)) {
            RuntimeException error =
                    catchThrowableOfType(RuntimeException.class, () -> runner.invoke(call("greet.py", Map.of())));

            // then
            assertThat(error)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("neither python3 nor python is on the PATH")
                    .hasMessageContaining("LLMOPS_PYTHON");
        }
    }
}
