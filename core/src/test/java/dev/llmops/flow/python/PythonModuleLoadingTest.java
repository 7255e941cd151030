package dev.llmops.flow.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmops.flow.tool.ToolInvocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonModuleLoadingTest {

    private static final String TOOL = """
            from promptflow import tool
            from util import answer


            @tool
            def ask() -> str:
                return answer()
            """;

    private PythonToolRunner runner;

    @BeforeEach
    void start() {
        runner = new PythonToolRunner(PythonFixtures.options(1));
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    private static Path flow(Path root, String name, String answer) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("ask.py"), TOOL);
        Files.writeString(dir.resolve("util.py"), "def answer():\n    return '" + answer + "'\n");
        return dir;
    }

    private Object ask(Path flowDir) {
        return runner.invoke(new ToolInvocation(
                        "ask", flowDir, "ask.py", ToolInvocation.SourceType.CODE, Map.of(), Map.of(), Map.of(), false))
                .output();
    }

    @Test
    void should_import_each_flows_own_sibling_module_when_names_collide(@TempDir Path root) throws IOException {
        // given
        Path first = flow(root, "first", "from first");
        Path second = flow(root, "second", "from second");

        // when
        Object a = ask(first);
        Object b = ask(second);
        Object c = ask(first);

        // then
        assertThat(a).isEqualTo("from first");
        assertThat(b).isEqualTo("from second");
        assertThat(c).isEqualTo("from first");
    }

    @Test
    void should_reload_a_tool_file_after_it_changes(@TempDir Path root) throws IOException {
        // given
        Path dir = flow(root, "flow", "unused");
        Files.writeString(dir.resolve("ask.py"), "from promptflow import tool\n\n@tool\ndef ask():\n    return 1\n");
        Object before = ask(dir);

        // when
        Files.writeString(dir.resolve("ask.py"), "from promptflow import tool\n\n@tool\ndef ask():\n    return 22\n");
        Object after = ask(dir);

        // then
        assertThat(before).isEqualTo(1);
        assertThat(after).isEqualTo(22);
    }
}
