package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.LlmException;
import dev.llmops.testing.FakeLlmServer;
import dev.llmops.testing.FakeLlmServer.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole-call deadline, which interrupts the calling thread instead of running each call on a thread of its
 * own: a call that overstays it fails as a timeout, and neither a timed-out nor a finished call leaves an interrupt
 * behind on the caller's thread for what it does next.
 */
class CallDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(700);

    private final FakeLlmServer server = FakeLlmServer.start();
    private final HttpTestSupport http = new HttpTestSupport();
    private final List<String> chunks = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiChatClient client() {
        return new OpenAiChatClient(
                "oai",
                http.support,
                HttpTestSupport.fastRetry(1),
                HttpLimits.of(DEADLINE),
                server.openAiBaseUrl(),
                "sk-deadline",
                null);
    }

    private static ChatRequest chat() {
        return ChatRequest.chat("gpt-4o", List.of(ChatMessage.of("user", "Capital of France?")), Map.of());
    }

    @Test
    void should_fail_a_call_that_hangs_as_a_timeout_and_leave_the_thread_uninterrupted() throws Exception {
        // given
        server.enqueue(Behaviour.hang()).answer("Paris");

        // when
        long start = System.nanoTime();
        assertThatThrownBy(() -> client().chat(chat()))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("got no answer within the request timeout of 700 ms");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // then: the deadline, not the server, ended the call; this thread can block again and call again
        assertThat(took).isGreaterThanOrEqualTo(DEADLINE);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        Thread.sleep(50);
        assertThat(client().chat(chat()).text()).isEqualTo("Paris");
    }

    @Test
    void should_cancel_the_deadline_of_a_call_that_finished_in_time() throws Exception {
        // given
        server.answer("Paris");

        // when
        String text = client().chat(chat()).text();

        // then: sleeping past where the deadline would have been is not interrupted
        assertThat(text).isEqualTo("Paris");
        Thread.sleep(DEADLINE.multipliedBy(2).toMillis());
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void should_cut_off_a_stream_that_stalls_after_its_first_chunk() {
        // given: the server sends "A" and then holds the rest back for good
        server.otherwise(Behaviour.stream(List.of("A", "B"), new CountDownLatch(1)));

        // when / then
        assertThatThrownBy(() -> client().chatStream(chat(), chunks::add))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("got no answer within the request timeout of 700 ms")
                .hasMessageContaining("after 1 chunks had been streamed; not retried");
        assertThat(chunks).containsExactly("A");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void should_keep_an_interrupt_from_elsewhere_an_interrupt() throws Exception {
        // given: a call that hangs, and its thread interrupted by someone else (a run being canceled)
        server.otherwise(Behaviour.hang());
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                client().chat(chat());
            } catch (Throwable t) {
                seen.add(t);
            }
        });
        Thread.sleep(200);

        // when
        caller.interrupt();
        caller.join(Duration.ofSeconds(5));

        // then: it ended at once, as an interruption, not as the deadline's timeout
        assertThat(caller.isAlive()).isFalse();
        assertThat(seen).singleElement().satisfies(t -> assertThat(t.toString())
                .containsIgnoringCase("interrupt")
                .doesNotContain("request timeout"));
    }
}
