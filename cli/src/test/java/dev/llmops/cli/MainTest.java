package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    @Test
    void should_print_help_with_exit_codes() {
        // when
        CliResult result = CliRun.in(dir).run("--help");

        // then
        assertThat(result).succeeded().outContains("Usage: llmops").outContains("Exit codes: 0 ok");
    }

    @Test
    void should_keep_the_launchers_training_workload_out_of_the_help_but_working() {
        // when
        CliResult help = CliRun.in(dir).run("--help");
        CliResult training = CliRun.in(dir).run("aot-training", "--lines", "12");

        // then: a real experiment (run, evaluation, report) against the local endpoint, one call per line
        assertThat(help.out()).doesNotContain("aot-training");
        assertThat(training)
                .succeeded()
                .outContains("aot-training: experiment exited 0 after 12 model calls to the local endpoint");
    }

    @Test
    void should_print_version() {
        CliResult result = CliRun.in(dir).run("--version");

        assertThat(result).succeeded().outContains("llmops ");
    }

    @Test
    void should_exit_2_with_suggestion_for_unknown_command() {
        // when
        CliResult result = CliRun.in(dir).run("hlep");

        // then
        assertThat(result)
                .exitedWith(ExitCodes.USAGE)
                .errContains("Unmatched argument")
                .errContains("help");
    }

    @Test
    void should_exit_2_when_no_command_given() {
        CliResult result = CliRun.in(dir).run();

        assertThat(result).exitedWith(ExitCodes.USAGE).errContains("Missing command");
    }

    @Test
    void should_list_every_command_on_one_line_and_give_each_its_own_help() {
        // given
        CliResult help = CliRun.in(dir).run("--help");
        String list =
                help.out().substring(help.out().indexOf("Commands:"), help.out().indexOf("Run 'llmops"));
        List<String> lines = list.lines().skip(1).filter(l -> !l.isBlank()).toList();

        // then: no description wraps onto a second line
        assertThat(lines).allMatch(l -> l.matches("  [a-z]+ +\\S.*"), "one line per command");
        assertThat(lines).extracting(l -> l.trim().split(" +")[0]).contains("init", "validate", "show", "run", "runs");
        for (String line : lines) {
            String command = line.trim().split(" +")[0];
            CliAssert.assertThat(CliRun.in(dir).run(command, "--help"))
                    .succeeded()
                    .outContains("Usage: llmops " + command);
        }
    }
}
