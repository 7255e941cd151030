package dev.llmops.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.SystemEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VariablesTest {

    @TempDir
    Path repo;

    @Test
    void should_prefer_the_real_environment_then_the_use_case_env_then_the_root_env() throws IOException {
        // given
        Files.createDirectories(repo.resolve(".git"));
        Path useCase = Files.createDirectories(repo.resolve("uc/quiz"));
        Files.writeString(repo.resolve(".env"), "A=root\nB=root\nC=root\nE=root\n");
        Files.writeString(useCase.resolve(".env"), "A=usecase\nB=usecase\nE=\n");
        SystemEnv env = new SystemEnv(Map.of("A", "real", "E", ""), repo.resolve("elsewhere"));

        // when
        Variables variables = Variables.forUseCase(env, useCase);

        // then
        assertThat(variables.get("A")).contains("real");
        assertThat(variables.get("B")).contains("usecase");
        assertThat(variables.get("C")).contains("root");
        assertThat(variables.get("E")).as("empty values fall through").contains("root");
        assertThat(variables.get("MISSING")).isEmpty();
        assertThat(variables.isDefined("E")).isTrue();
        assertThat(variables.dotEnvFiles()).containsExactly(useCase.resolve(".env"), repo.resolve(".env"));
    }

    @Test
    void should_use_the_working_directory_as_root_outside_a_repository() throws IOException {
        // given
        Path work = Files.createDirectories(repo.resolve("work"));
        Path useCase = Files.createDirectories(repo.resolve("uc"));
        Files.writeString(work.resolve(".env"), "FROM_WORK=yes\n");

        // when
        Variables variables = Variables.forUseCase(new SystemEnv(Map.of(), work), useCase);

        // then
        assertThat(variables.get("FROM_WORK")).contains("yes");
    }
}
