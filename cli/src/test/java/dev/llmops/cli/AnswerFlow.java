package dev.llmops.cli;

import dev.llmops.testing.FakeLlmServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The flow most serve tests serve: {@code question} in, one llm node, the model's reply out under one output name,
 * over the Azure OpenAI connection {@code aoai.yaml} (key {@code ${AOAI_KEY}}) to a {@link FakeLlmServer}.
 */
final class AnswerFlow {

    private AnswerFlow() {}

    /** {@code qa/} answering {@code answer}, and {@code aoai.yaml} beside it. */
    static void write(Path dir, FakeLlmServer llm) throws IOException {
        write(dir, "qa", "answer", llm);
    }

    /** {@code folder/} answering {@code output}, and {@code aoai.yaml} in {@code dir}. */
    static void write(Path dir, String folder, String output, FakeLlmServer llm) throws IOException {
        write(dir.resolve(folder).resolve("flow.dag.yaml"), """
                inputs:
                  question: {type: string}
                outputs:
                  %s: {type: string, reference: "${answer.output}"}
                nodes:
                - name: answer
                  type: llm
                  api: chat
                  connection: aoai
                  source: {type: code, path: qa.jinja2}
                  inputs: {deployment_name: gpt-4o, question: "${inputs.question}"}
                """.formatted(output));
        write(dir.resolve(folder).resolve("qa.jinja2"), "user:\n{{ question }}\n");
        write(dir.resolve("aoai.yaml"), """
                name: aoai
                type: azure_open_ai
                api_base: %s
                api_key: ${AOAI_KEY}
                api_version: 2024-06-01
                """.formatted(llm.azureApiBase()));
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
