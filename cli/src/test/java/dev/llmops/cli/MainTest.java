package dev.llmops.cli;

import static dev.llmops.cli.CliAssert.assertThat;

import java.nio.file.Path;
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
}
