package dev.llmops.init;

import java.nio.file.Path;
import java.util.List;

/**
 * A scaffolded use case.
 *
 * @param directory the use-case folder (absolute)
 * @param name the use-case name written into its files
 * @param template the template it was made from
 * @param files the files written, relative to {@code directory}, in the order they were written
 */
public record InitResult(Path directory, String name, InitTemplate template, List<Path> files) {

    public InitResult {
        files = List.copyOf(files);
    }

    /** The commands to run next, with the folder spelled as the user typed it. */
    public List<String> nextSteps(String folderAsTyped) {
        String dir = folderAsTyped.contains(" ") ? "'" + folderAsTyped + "'" : folderAsTyped;
        return List.of(
                "./llmops validate -u " + dir + " -e offline      # check the files",
                "./llmops experiment -u " + dir + " -e offline    # run and evaluate offline, from recordings/",
                "./llmops experiment -u " + dir
                        + " -e dev        # against Azure OpenAI (AOAI_API_BASE, AOAI_API_KEY)");
    }
}
