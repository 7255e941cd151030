package dev.llmops.dataops.register;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmops.azure.AzureWorkspace;
import dev.llmops.dataops.SummaryFile;
import java.nio.file.Path;

/**
 * The {@code --output-file} of {@code llmops data register}: one JSON object with the workspace and one entry per
 * dataset ({@code name}, {@code version}, {@code action}, {@code sha256}, {@code data_uri}, the upload).
 */
final class RegisterSummary {

    private RegisterSummary() {}

    static ObjectNode json(RegisterResult result, Path useCaseDir) {
        ObjectNode root = SummaryFile.object();
        root.put("dry_run", result.dryRun());
        if (result.workspace().isPresent()) {
            AzureWorkspace ws = result.workspace().get();
            root.putObject("workspace")
                    .put("subscription_id", ws.subscriptionId())
                    .put("resource_group", ws.resourceGroup())
                    .put("name", ws.name());
        } else {
            root.putNull("workspace");
        }
        var assets = root.putArray("assets");
        for (RegisterResult.Entry e : result.entries()) {
            ObjectNode a = assets.addObject();
            a.put("name", e.dataset());
            a.put("source", e.source());
            e.file().ifPresent(f -> a.put("file", SummaryFile.shown(f, useCaseDir)));
            e.sha256().ifPresent(s -> a.put("sha256", s));
            if (e.file().isPresent()) {
                a.put("size", e.size());
            }
            switch (e.outcome()) {
                case Outcome.Created c -> {
                    a.put("action", "created").put("version", c.version()).put("data_uri", c.dataUri());
                    Outcome.Upload u = c.upload();
                    a.putObject("upload")
                            .put("datastore", u.datastore())
                            .put("path", u.path())
                            .put("bytes", u.bytes())
                            .put("blocks", u.blocks())
                            .put("resumed_blocks", u.resumed())
                            .put("already_there", u.alreadyThere());
                }
                case Outcome.Unchanged u ->
                    a.put("action", "unchanged").put("version", u.version()).put("data_uri", u.dataUri());
                case Outcome.WouldCreate w -> {
                    a.put("action", "would_create").put("version", w.version());
                    w.latest().ifPresent(l -> a.put("latest_version", l));
                }
                case Outcome.WouldKeep k -> a.put("action", "would_keep").put("version", k.version());
                case Outcome.Unknown u -> a.put("action", "unknown").put("reason", u.reason());
                case Outcome.Skipped s -> a.put("action", "skipped").put("reason", s.reason());
            }
        }
        return root;
    }

    static void write(RegisterResult result, Path useCaseDir, Path file) {
        SummaryFile.write(json(result, useCaseDir), file);
    }
}
