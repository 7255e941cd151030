package dev.llmops.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes use-case files for tests. */
final class UseCaseFiles {

    static final String BASE = """
            name: quiz
            flow: flows/answer
            runtime: base_runtime
            connections:
              - name: aoai
                connection_type: AzureOpenAIConnection
                api_base: https://quiz.example.invalid/
                api_key: ${api_key}
            datasets:
              - name: train
                source: train.jsonl
                description: training questions
                mappings:
                  question: ${data.question}
              - name: holdout
                source: azureml:quiz_holdout:3
                mappings:
                  question: ${data.question}
            evaluators:
              - name: judge
                datasets:
                  - name: train
                    mappings:
                      answer: ${run.outputs.answer}
                  - name: train_gold
                    source: gold.jsonl
                    reference: train
                    mappings:
                      expected: ${data.expected}
                      answer: ${run.outputs.answer}
            """;

    private UseCaseFiles() {}

    static Path write(Path dir, String relative, String content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
