package dev.llmops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small use case written by the tests: a java flow that answers from a lookup table (no model), two standard
 * datasets, and three built-in evaluators: two on {@code quiz} (one re-using it by name, one through
 * {@code reference}) and one on {@code other}.
 */
final class QuizUseCase {

    private QuizUseCase() {}

    static Path write(Path dir, String extraYaml) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("experiment.yaml"), """
                name: quiz
                flow: flow
                datasets:
                - name: quiz
                  source: quiz.jsonl
                  mappings:
                    question: ${data.question}
                - name: other
                  source: other.jsonl
                  mappings:
                    question: ${data.question}
                evaluators:
                - name: exact
                  flow: builtin:exact_match
                  datasets:
                  - name: quiz
                    mappings:
                      response: ${run.outputs.answer}
                      ground_truth: ${data.expected}
                - name: overlap
                  flow: builtin:f1_score
                  datasets:
                  - name: quiz_truth
                    reference: quiz
                    source: quiz_truth.jsonl
                    mappings:
                      response: ${run.outputs.answer}
                      ground_truth: ${data.truth}
                - name: other_exact
                  flow: builtin:exact_match
                  datasets:
                  - name: other_truth
                    reference: other
                    source: other_truth.jsonl
                    mappings:
                      response: ${run.outputs.answer}
                      ground_truth: ${data.truth}
                """ + extraYaml);
        Files.writeString(dir.resolve("quiz.jsonl"), """
                {"question": "capital of France", "expected": "Paris"}
                {"question": "largest planet", "expected": "Jupiter"}
                {"question": "author of Hamlet", "expected": "William Shakespeare"}
                """);
        Files.writeString(dir.resolve("quiz_truth.jsonl"), """
                {"truth": "Paris"}
                {"truth": "Jupiter"}
                {"truth": "William Shakespeare"}
                """);
        Files.writeString(dir.resolve("other.jsonl"), """
                {"question": "capital of France"}
                {"question": "<script>alert(1)</script>"}
                """);
        Files.writeString(dir.resolve("other_truth.jsonl"), """
                {"truth": "Paris"}
                {"truth": "unknown"}
                """);
        Path flow = Files.createDirectories(dir.resolve("flow"));
        Files.writeString(flow.resolve("flow.dag.yaml"), """
                inputs:
                  question:
                    type: string
                outputs:
                  answer:
                    type: string
                    reference: ${answer.output}
                nodes:
                - name: answer
                  type: java
                  source: {type: code, path: Answer.java}
                  inputs:
                    question: ${inputs.question}
                """);
        // Line 3 is half right: f1 = 2 * (1/1 * 1/2) / (1 + 1/2) = 2/3, exact match 0.
        Files.writeString(flow.resolve("Answer.java"), """
                import dev.llmops.tool.Tool;
                import java.util.Map;

                public class Answer {
                    private static final Map<String, String> KNOWN = Map.of(
                            "capital of France", "Paris",
                            "largest planet", "Jupiter",
                            "author of Hamlet", "Shakespeare");

                    @Tool
                    public String answer(String question) {
                        return KNOWN.getOrDefault(question, question);
                    }
                }
                """);
        return dir;
    }
}
