package dev.llmops.llm.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest(name = "retry-after-ms={0}, Retry-After={1} -> {2} ms")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -    | 3                             | 3000
            -    | 0.5                           | 500
            -    | Mon, 23 Nov 2026 10:00:07 GMT | 7000
            -    | Mon, 23 Nov 2026 09:59:00 GMT | 0
            -    | soon                          | -1
            -    | -                             | -1
            1200 | 3                             | 1200
            x    | 3                             | 3000
            """)
    void should_read_how_long_the_server_asked_to_wait(String ms, String retryAfter, long expected) {
        // given
        Map<String, List<String>> map = new java.util.HashMap<>();
        if (ms != null) {
            map.put("retry-after-ms", List.of(ms));
        }
        if (retryAfter != null) {
            map.put("retry-after", List.of(retryAfter));
        }
        HttpHeaders headers = HttpHeaders.of(map, (k, v) -> true);

        // when
        long millis = RetryAfter.millis(headers, CLOCK);

        // then
        assertThat(millis).isEqualTo(expected);
    }
}
