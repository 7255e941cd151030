package dev.llmops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A use case with the template's {@code configs/dataops_config.json} (named entity recognition's shape) pointing at
 * Azurite's development account: a source container holding a CSV, and a target container the prep step writes
 * {@code eval.jsonl} and {@code exp.jsonl} to.
 */
final class DataOpsUseCase {

    static final String DATASTORE = "ner_data_store";

    /** Quoted commas, doubled quotes, non-ASCII text, empty cells, integers, decimals and booleans. */
    static final String CSV = """
            text,entity_type,results,count,score,flag
            "Apple, Inc. hired Tim",organization,"Apple, Inc.",2,0.5,True
            Café in Zürich,location,Zürich,10,1,False
            "He said ""hi""\",person,,3,,true
            """;

    /** {@link #CSV} as prep writes it: one object per row, typed per column, no newline after the last. */
    static final String JSONL = "{\"text\":\"Apple, Inc. hired Tim\",\"entity_type\":\"organization\","
            + "\"results\":\"Apple, Inc.\",\"count\":2,\"score\":0.5,\"flag\":true}\n"
            + "{\"text\":\"Café in Zürich\",\"entity_type\":\"location\",\"results\":\"Zürich\",\"count\":10,"
            + "\"score\":1.0,\"flag\":false}\n"
            + "{\"text\":\"He said \\\"hi\\\"\",\"entity_type\":\"person\",\"results\":null,\"count\":3,"
            + "\"score\":null,\"flag\":true}";

    private DataOpsUseCase() {}

    static Path write(Path dir, String account, String source, String target) throws IOException {
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(
                dir.resolve("configs/dataops_config.json"), config(account, source, "ner_source.csv", target));
        return dir;
    }

    static String config(String account, String source, String blob, String target) {
        return """
                {
                    "DATA_STORE_NAME": "%s",
                    "COMPUTE_NAME": "ner_compute",
                    "DATA_STORE_DESCRIPTION": "pipeline data store description for evaluation",
                    "DATA_PREP_COMPONENT": {
                        "COMPONENT_NAME": "prep_data_component",
                        "COMPONENT_DISPLAY_NAME": "Prepare data component",
                        "COMPONENT_DESCRIPTION": "Loading and processing data for prompt engineering"
                    },
                    "STORAGE": {
                        "STORAGE_ACCOUNT": "%s",
                        "SOURCE_CONTAINER": "%s",
                        "SOURCE_BLOB": "%s",
                        "TARGET_CONTAINER": "%s"
                    },
                    "PATH": {"DATA_PIPELINE_CODE_DIR": "named_entity_recognition/data_pipelines/aml"},
                    "SCHEDULE": {"NAME": "ner_schedule", "CRON_EXPRESSION": "10 14 * * 1", "TIMEZONE": "UTC"},
                    "DATA_ASSETS": [
                        {"NAME": "ner_eval", "PATH": "eval.jsonl", "DESCRIPTION": "NER eval data asset"},
                        {"NAME": "ner_exp", "PATH": "exp.jsonl", "DESCRIPTION": "NER experiment data asset"}
                    ]
                }
                """.formatted(DATASTORE, account, source, blob, target);
    }
}
