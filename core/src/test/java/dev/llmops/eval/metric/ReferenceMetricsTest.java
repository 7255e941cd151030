package dev.llmops.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceMetricsTest {

    @ParameterizedTest(name = "[{index}] exact_match({0}, {1}) raw={2} normalized={3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "Paris        | Paris  | 1 | 1",
                "Paris        | paris  | 0 | 1", // case differs: only the SQuAD normalisation forgives it
                "The Paris!   | paris  | 0 | 1", // article and punctuation dropped
                "''           | ''     | 1 | 1", // two empty strings are equal
                "'!!!'        | ''     | 0 | 1", // punctuation-only normalises to empty
                "Zürich       | zürich | 0 | 1", // unicode lower-casing
                "Paris        | Lyon   | 0 | 0",
            })
    void should_compare_raw_and_normalized(String response, String truth, double raw, double normalized) {
        // when / then
        assertThat(ExactMatch.raw(response, truth)).isEqualTo(raw);
        assertThat(ExactMatch.normalized(response, truth)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "[{index}] f1({0}, {1}) = {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // "the cat sat" -> article dropped -> [cat, sat] on both sides: P = R = 1
                "The cat sat.           | the cat sat                | 1.0",
                // pred [red, green, blue], ref [red, blue, yellow, black]; common 2; P=2/3 R=2/4 F=2PR/(P+R)=4/7
                "red green blue         | red blue yellow black      | 0.5714285714285714",
                // pred [dog, dog, dog] (articles gone), ref [dog]; common min(3,1)=1; P=1/3 R=1 F=0.5
                "the the dog dog dog    | dog                        | 0.5",
                // punctuation goes before articles: "t.h.e answer" -> "the answer" -> [answer]
                "t.h.e answer           | answer                     | 1.0",
                // empty prediction: no common token -> 0
                "''                     | anything                   | 0.0",
                // punctuation-only on both sides: both empty, no common token -> 0 (Azure returns 0, not 1)
                "'?!...'                | '...'                      | 0.0",
                // unicode lower-casing keeps accents: café crème == café crème
                "Café crème             | café CRÈME                 | 1.0",
                // accents are not stripped: naïve != naive
                "naïve résumé           | naive resume               | 0.0",
            })
    void should_compute_squad_f1(String response, String truth, double expected) {
        assertThat(F1Score.score(response, truth)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "[{index}] bleu({0}, {1}) = {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // identical 6-token sentences: every p_n = 1, BP = 1
                "the cat sat on the mat | the cat sat on the mat | 1.0",
                // p1 = 5/6, p2 = 3/5, p3 = 1/4, p4 numerator 0 -> method4: 1/(2^1 * 5 / ln 6) / 3 = ln6/30;
                // BP = exp(1 - 6/6) = 1; BLEU = exp(¼(ln 5/6 + ln 3/5 + ln 1/4 + ln(ln6/30))) = 0.293945703509473
                "the cat sat on the mat | the cat is on the mat  | 0.293945703509473",
                // one-token hypothesis: p1 = 1/1, p2..p4 stay 0 (hyp_len = 1: no smoothing) and are skipped;
                // BP = exp(1 - 2/1) = e^-1
                "cat                    | the cat                | 0.36787944117144233",
                // empty hypothesis: unigram numerator 0 -> 0
                "''                     | the cat                | 0.0",
                // no unigram in common -> 0
                "dog                    | the cat                | 0.0",
                // "!!!" -> [!, !, !] both sides: p1 = 3/3, p2 = 2/2, p3 = 1/1, p4 = 0/max(1,0) -> ln3/(2*5)/1;
                // BLEU = (ln 3 / 10)^¼ = 0.5757197301274735
                "'!!!'                  | '!!!'                  | 0.5757197301274735",
                // non-ASCII text: punctuation split off -> [Grüße, ",", Welt, "!"] identical -> 1
                "Grüße, Welt!           | Grüße, Welt!           | 1.0",
            })
    void should_compute_sentence_bleu_with_method4(String response, String truth, double expected) {
        assertThat(Bleu.score(response, truth)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "[{index}] gleu({0}, {1}) = {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // 1..4-gram overlaps 5+3+1+0 = 9; totals 6+5+4+3 = 18 on both sides -> 9/18
                "the cat sat on the mat | the cat is on the mat | 0.5",
                // hyp n-grams: [cat] (1); ref: the, cat, (the cat) (3); tp = 1; 1/max(1,3)
                "cat                    | the cat               | 0.3333333333333333",
                // nothing on either side -> 0
                "''                     | ''                    | 0.0",
                // case-sensitive: Cat != cat
                "Cat                    | cat                   | 0.0",
            })
    void should_compute_sentence_gleu(String response, String truth, double expected) {
        assertThat(Gleu.score(response, truth)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "[{index}] {0}({1}, {2}) = P {3} R {4} F {5}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                // [the cat sat on the mat] vs [the cat is on the mat]: unigram hits 5 of 6 each side
                "rouge1 | The cat sat on the mat. | the cat is on the mat | 0.8333333333333334 | 0.8333333333333334 | 0.8333333333333334",
                // bigram hits: (the cat), (on the), (the mat) = 3 of 5 each side
                "rouge2 | The cat sat on the mat. | the cat is on the mat | 0.6 | 0.6 | 0.6",
                // LCS = the cat on the mat = 5 of 6
                "rougeL | The cat sat on the mat. | the cat is on the mat | 0.8333333333333334 | 0.8333333333333334 | 0.8333333333333334",
                // reversed order: unigrams all hit, LCS only 1 of 4
                "rouge1 | a b c d | d c b a | 1.0 | 1.0 | 1.0",
                "rougeL | a b c d | d c b a | 0.25 | 0.25 | 0.25",
                // trigrams (one two three), (two three four) vs (one two three), (two three five): 1 of 2
                "rouge3 | one two three four | one two three five | 0.5 | 0.5 | 0.5",
                // P = 1/1, R = 1/3, F = 2·(1/3)/(4/3) = 0.5
                "rouge1 | cat | the cat sat | 1.0 | 0.3333333333333333 | 0.5",
                // fewer tokens than n: no 4-grams on the prediction side -> 0
                "rouge4 | the cat | the cat sat on | 0.0 | 0.0 | 0.0",
                // non-Latin text has no [a-z0-9] token at all -> 0
                "rouge1 | 東京タワー | 東京タワー | 0.0 | 0.0 | 0.0",
                // accents split words: [caf, au, lait] vs [cafe, au, lait] -> 2 of 3
                "rouge1 | Café au lait | cafe au lait | 0.6666666666666666 | 0.6666666666666666 | 0.6666666666666666",
                "rougeL | '' | the cat | 0.0 | 0.0 | 0.0",
                // punctuation-only: no tokens
                "rouge5 | '?!' | '?!' | 0.0 | 0.0 | 0.0",
            })
    void should_compute_rouge(String type, String response, String truth, double p, double r, double f) {
        // when
        Rouge.Score score = Rouge.score(RougeType.byId(type).orElseThrow(), response, truth);

        // then
        assertThat(score.precision()).isCloseTo(p, within(1e-12));
        assertThat(score.recall()).isCloseTo(r, within(1e-12));
        assertThat(score.f1()).isCloseTo(f, within(1e-12));
    }
}
