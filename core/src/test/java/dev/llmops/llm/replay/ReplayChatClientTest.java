package dev.llmops.llm.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.error.ConfigException;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.LlmApi;
import dev.llmops.llm.LlmException;
import dev.llmops.llm.TokenUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayChatClientTest {

    private static final Path DEMO = Path.of("src/test/resources/llm/replay/demo.jsonl");
    private final ObjectMapper json = new ObjectMapper();

    private ReplayChatClient client(Path recordings) {
        return new ReplayChatClient("replay", Recordings.load(recordings, json), new ReplayFormat(json));
    }

    private static ChatRequest chat(String deployment, String user, Map<String, Object> parameters) {
        return ChatRequest.chat(
                deployment,
                List.of(ChatMessage.of("system", "You add numbers."), ChatMessage.of("user", user)),
                parameters);
    }

    @Test
    void should_answer_an_exact_recorded_request_with_its_usage_and_zero_latency() {
        // when: 0.0 here, 0 in the file - the same temperature
        ChatResponse response = client(DEMO).chat(chat("gpt-4o", "2+2?", Map.of("temperature", 0.0)));

        // then
        assertThat(response).isEqualTo(new ChatResponse("4", new TokenUsage(12, 1), 0, "gpt-4o-2024-08-06"));
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            gpt-4o  | 2+2?                     | 4
            gpt-4o  | what is 2+2 really?      | four (rule)
            gpt-35  | 2+2?                     | Paris-miss
            gpt-35  | the capital of France?   | Paris
            gpt-4o  | the capital of 2+2?      | four (rule)
            """)
    void should_prefer_exact_entries_then_first_matching_rule_in_file_order(
            String deployment, String user, String expected) {
        // given
        ReplayChatClient client = client(DEMO);
        ChatRequest request = chat(deployment, user, Map.of("temperature", 0));

        // when / then
        if (expected.endsWith("-miss")) {
            assertThatThrownBy(() -> client.chat(request)).isInstanceOf(LlmException.class);
        } else {
            assertThat(client.chat(request).text()).isEqualTo(expected);
        }
    }

    @Test
    void should_match_completion_calls_by_api_rule_and_estimate_missing_usage() {
        // given
        ChatRequest completion = new ChatRequest(LlmApi.COMPLETION, "davinci", List.of(), "Once upon", Map.of());

        // when
        ChatResponse response = client(DEMO).chat(completion);

        // then
        assertThat(response.text()).isEqualTo("completed");
        assertThat(response.usage()).isEqualTo(new TokenUsage(3, 3));
    }

    @Test
    void should_fail_a_miss_naming_file_deployment_message_and_fix() {
        // given
        String longQuestion = "why? ".repeat(100);

        // when / then
        assertThatThrownBy(() -> client(DEMO).chat(chat("gpt-35", longQuestion, Map.of())))
                .isInstanceOfSatisfying(
                        LlmException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageContaining("Replay connection 'replay'")
                .hasMessageContaining(DEMO.toString())
                .hasMessageContaining("deployment 'gpt-35'")
                .hasMessageContaining('"' + longQuestion.substring(0, 200) + "...\"")
                .hasMessageNotContaining(longQuestion.substring(0, 201))
                .hasMessageContaining("--record")
                .hasMessageContaining("\"match\"");
    }

    @Test
    void should_read_every_jsonl_file_of_a_directory(@TempDir Path dir) throws IOException {
        // given
        Files.writeString(
                dir.resolve("a.jsonl"), "{\"match\": {\"contains\": \"x\"}, \"response\": {\"text\": \"A\"}}\n");
        Files.writeString(
                dir.resolve("b.jsonl"), "{\"match\": {\"contains\": \"y\"}, \"response\": {\"text\": \"B\"}}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a recording");

        // when
        ReplayChatClient client = client(dir);

        // then
        assertThat(client.chat(chat("m", "y", Map.of())).text()).isEqualTo("B");
        assertThat(client.chat(chat("m", "x and y", Map.of())).text()).isEqualTo("A");
    }

    @Test
    void should_report_every_malformed_line_with_file_and_line(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"match": {"contains": "ok"}, "response": {"text": "fine"}}
                {"match": {"contains": "x"}
                {"request": {"api": "chat"}, "match": {"contains": "x"}, "response": {"text": "t"}}
                {"match": {"contains": "x"}, "response": {"txt": "typo"}}
                """);

        // when / then
        assertThatThrownBy(() -> Recordings.load(file, json))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems()).extracting(p -> p.line()).containsExactly(2, 3, 4))
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("exactly one of \"request\"")
                .hasMessageContaining("no \"response\": {\"text\"");
    }

    @Test
    void should_fail_clearly_when_the_recordings_file_is_missing(@TempDir Path dir) {
        // when / then
        assertThatThrownBy(() -> Recordings.load(dir.resolve("none.jsonl"), json))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("none.jsonl does not exist")
                .hasMessageContaining("--record");
    }
}
