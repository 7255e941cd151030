package dev.llmops.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenizerTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "Don't stop.              | Do n't stop .",
                "I can't go, sorry!       | I ca n't go , sorry !",
                "I cannot say             | I can not say",
                "He said \"hi\".           | He said `` hi '' .",
                "It's 3:30, right?        | It 's 3:30 , right ?",
                "(see [1]) -- done        | ( see [ 1 ] ) -- done",
                "Wait... what             | Wait ... what",
                "We're here. They'll come. | We 're here . They 'll come .",
                "'!!!'                    | ! ! !",
                "Grüße, Welt!             | Grüße , Welt !",
                "東京タワー。               | 東京タワー 。",
            })
    void should_tokenize_like_treebank(String text, String expected) {
        assertThat(WordTokenizer.tokenize(text)).containsExactlyElementsOf(Arrays.asList(expected.split(" ")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            quoteCharacter = '\'',
            value = {"''", "'   '"})
    void should_give_no_tokens_for_blank_text(String text) {
        assertThat(WordTokenizer.tokenize(text)).isEmpty();
        assertThat(RougeTokenizer.tokenize(text)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {"Hello, World! 42x | hello world 42x", "Café-crème | caf cr me", "ÀB | b"})
    void should_tokenize_like_rouge_score(String text, String expected) {
        assertThat(RougeTokenizer.tokenize(text)).isEqualTo(List.of(expected.split(" ")));
    }
}
