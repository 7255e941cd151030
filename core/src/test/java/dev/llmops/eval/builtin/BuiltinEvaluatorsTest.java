package dev.llmops.eval.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmops.error.ConfigException;
import dev.llmops.eval.metric.RougeType;
import dev.llmops.experiment.BuiltinCatalog;
import dev.llmops.llm.ChatClient;
import dev.llmops.llm.ChatMessage;
import dev.llmops.llm.ChatRequest;
import dev.llmops.llm.ChatResponse;
import dev.llmops.llm.TokenUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinEvaluatorsTest {

    /** Renders {{name}} placeholders of the shipped prompty body; the flow engine does the real Jinja rendering. */
    private static final PromptRenderer RENDERER = (resource, text, inputs) -> {
        String body = text.substring(text.indexOf("---", 3) + 3);
        Matcher m = Pattern.compile("\\{\\{(\\w+)}}").matcher(body);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf(inputs.getOrDefault(m.group(1), ""))));
        }
        m.appendTail(sb);
        return List.of(ChatMessage.of("user", sb.toString()));
    };

    @ParameterizedTest(name = "[{index}] builtin:{0} -> {1} = {2}")
    @CsvSource({
        "exact_match, exact_match, 0.0",
        "exact_match_normalized, exact_match_normalized, 1.0",
        "f1_score, f1_score, 1.0",
        "bleu, bleu_score, 0.0",
        "gleu, gleu_score, 0.0",
        "rouge1, rouge_f1_score, 0.6666666666666666", // rouge keeps articles: [the, answer] vs [answer]
        "rougeL, rouge_f1_score, 0.6666666666666666",
    })
    void should_score_a_line_with_reference_metrics(String name, String key, double expected) {
        // given: case and article differ only; BLEU/GLEU are case-sensitive on Treebank tokens
        BuiltinEvaluator evaluator = BuiltinEvaluators.create("builtin:" + name, Optional.empty());

        // when
        LineScore line = evaluator.evaluate(Map.of("response", "The Answer", "ground_truth", "answer"));

        // then
        assertThat(evaluator.requiredInputs()).containsExactly("response", "ground_truth");
        assertThat(line.scores().get(key)).isCloseTo(expected, within(1e-12));
        assertThat(line.details()).containsEntry(key + "_result", expected >= 0.5 && expected > 0 ? "pass" : "fail");
    }

    @Test
    void should_aggregate_the_mean_ignoring_nan() {
        // given
        BuiltinEvaluator evaluator = BuiltinEvaluators.create("f1_score", Optional.empty());
        List<LineScore> lines = List.of(
                new LineScore(Map.of("f1_score", 1.0), Map.of()),
                new LineScore(Map.of("f1_score", Double.NaN), Map.of()),
                new LineScore(Map.of("f1_score", 0.5), Map.of()));

        // then
        assertThat(evaluator.aggregate(lines)).containsExactly(Map.entry("f1_score", 0.75));
    }

    @Test
    void should_name_the_missing_input_and_how_to_map_it() {
        BuiltinEvaluator evaluator = BuiltinEvaluators.create("builtin:bleu", Optional.empty());

        assertThatThrownBy(() -> evaluator.evaluate(Map.of("response", "x")))
                .isInstanceOf(EvaluatorInputException.class)
                .hasMessageContaining("builtin:bleu needs input 'ground_truth'")
                .hasMessageContaining("ground_truth: ${data.ground_truth}");
    }

    @Test
    void should_reject_unknown_names_listing_the_known_ones() {
        assertThatThrownBy(() -> BuiltinEvaluators.create("builtin:blue", Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown built-in evaluator 'builtin:blue'")
                .hasMessageContaining("builtin:bleu")
                .hasMessageContaining("builtin:rougeL")
                .hasMessageContaining("builtin:groundedness");
    }

    @Test
    void should_require_a_judge_connection_for_judges() {
        assertThatThrownBy(() -> BuiltinEvaluators.create("builtin:relevance", Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a judge connection");
    }

    @Test
    void should_implement_every_name_of_the_catalogue_validate_checks_against() {
        // given: validate reads the experiment package's catalogue, evaluation the implementations
        JudgeContext judges = new JudgeContext(
                request -> {
                    throw new AssertionError("no call");
                },
                "judge",
                RENDERER);

        // when / then: the same names, and each implementation requires what the catalogue says
        assertThat(BuiltinEvaluators.names()).contains("f1_score", "rougeL", "similarity");
        for (String name : BuiltinCatalog.names()) {
            BuiltinEvaluator evaluator = BuiltinEvaluators.create(name, Optional.of(judges));
            assertThat(evaluator.requiredInputs())
                    .as(name)
                    .isEqualTo(BuiltinCatalog.entry(name).orElseThrow().required());
            assertThat(BuiltinEvaluators.isJudge(name)).as(name).isEqualTo(evaluator instanceof JudgeEvaluator);
            if (evaluator instanceof ReferenceMetricEvaluator) {
                // gates are validated against the catalogue's metric names: the scores a line gets
                LineScore score = evaluator.evaluate(Map.of("response", "a b", "ground_truth", "a c"));
                assertThat(score.scores().keySet())
                        .as(name)
                        .containsExactlyElementsOf(
                                BuiltinCatalog.entry(name).orElseThrow().metrics());
            }
        }
        for (RougeType type : RougeType.values()) {
            assertThat(BuiltinCatalog.names()).contains(type.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"groundedness", "relevance", "coherence", "fluency", "similarity"})
    void should_ship_a_prompty_for_every_judge_with_its_inputs(String name) {
        // given
        List<ChatRequest> calls = Collections.synchronizedList(new ArrayList<>());
        ChatClient judge = request -> {
            calls.add(request);
            return new ChatResponse("{\"score\": 4, \"reason\": \"mostly right\"}", new TokenUsage(50, 9), 3, "gpt");
        };
        BuiltinEvaluator evaluator = BuiltinEvaluators.create(
                "builtin:" + name, Optional.of(new JudgeContext(judge, "judge-deployment", RENDERER)));
        Map<String, Object> inputs = Map.of(
                "query", "QUERY-TEXT", "response", "RESPONSE-TEXT", "context", "CONTEXT-TEXT", "ground_truth", "TRUTH");

        // when
        LineScore line = evaluator.evaluate(inputs);

        // then: every required input reached the prompt, the call used temperature 0 and the score was read
        String prompt = calls.getFirst().messages().getFirst().content();
        for (String input : evaluator.requiredInputs()) {
            assertThat(prompt).contains(String.valueOf(inputs.get(input)));
        }
        assertThat(calls.getFirst().deployment()).isEqualTo("judge-deployment");
        assertThat(calls.getFirst().parameters()).containsEntry("temperature", 0);
        assertThat(line.scores()).containsEntry(name, 4.0).containsEntry("gpt_" + name, 4.0);
        assertThat(line.scores().keySet())
                .containsExactlyElementsOf(
                        BuiltinCatalog.entry(name).orElseThrow().metrics());
        assertThat(line.details())
                .containsEntry(name + "_reason", "mostly right")
                .containsEntry(name + "_result", "pass")
                .containsEntry(name + "_threshold", 3.0);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '\'',
            value = {
                "'{\"score\": 4, \"reason\": \"grounded\"}'                  | 4.0 | grounded",
                "'```json\n{\"score\": \"5\", \"explanation\": \"fine\"}\n```' | 5.0 | fine",
                "'<S0>thinking</S0><S1>contradicts the context</S1><S2>2</S2>'   | 2.0 | contradicts the context",
                "'I would rate this a 3 out of 5.'                                | 3.0 | ''",
                "'{\"score\": 9, \"reason\": \"off scale\"}'                    | NaN | off scale",
                "'no idea'                                                         | NaN | ''",
                "''                                                                | NaN | ''",
            })
    void should_parse_judge_answers_in_fallback_order(String answer, double score, String reason) {
        // when
        JudgeVerdict verdict = JudgeVerdict.parse(answer.replace("\\n", "\n"));

        // then
        if (Double.isNaN(score)) {
            assertThat(verdict.score()).isNaN();
        } else {
            assertThat(verdict.score()).isEqualTo(score);
        }
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"1, fail", "2.9, fail", "3, pass", "5, pass", "NaN, unknown"})
    void should_pass_judges_at_threshold_three(double score, String result) {
        assertThat(JudgeEvaluator.result(score)).isEqualTo(result);
    }
}
