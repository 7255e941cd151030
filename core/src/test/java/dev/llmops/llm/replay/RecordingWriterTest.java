package dev.llmops.llm.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.TokenUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingWriterTest {

    private final ObjectMapper json = new ObjectMapper();

    private static ChatRequest question(int i) {
        return ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "question " + i)), Map.of("seed", 7));
    }

    @Test
    void should_write_whole_lines_once_each_from_many_threads(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("calls.jsonl");
        RecordingWriter writer = new RecordingWriter(file, json);

        // when: 200 distinct requests, each recorded twice, concurrently
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            IntStream.range(0, 400)
                    .forEach(i -> pool.submit(() -> writer.append(
                            question(i % 200),
                            new ChatResponse("answer " + (i % 200), new TokenUsage(3, 2), 5, null))));
        }

        // then
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(200);
        assertThat(lines).allSatisfy(line -> assertThat(
                        json.readTree(line).path("response").path("text").asText())
                .isEqualTo("answer "
                        + json.readTree(line)
                                .path("request")
                                .path("messages")
                                .get(0)
                                .path("content")
                                .asText()
                                .substring("question ".length())));
        assertThat(Recordings.load(file, json).size()).isEqualTo(200);
    }

    @Test
    void should_replay_exactly_what_was_recorded(@TempDir Path dir) {
        // given
        Path file = dir.resolve("calls.jsonl");
        ChatResponse live = new ChatResponse("four", new TokenUsage(9, 1), 1234, "gpt-4o-mini");
        new RecordingWriter(file, json).append(question(1), live);

        // when
        ChatResponse replayed =
                new ReplayChatClient("r", Recordings.load(file, json), new ReplayFormat(json)).chat(question(1));

        // then
        assertThat(replayed).isEqualTo(new ChatResponse("four", new TokenUsage(9, 1), 0, "gpt-4o-mini"));
    }
}
