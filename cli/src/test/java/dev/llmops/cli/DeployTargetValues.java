package dev.llmops.cli;

import dev.llmops.ci.PipelineChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the pipelines say which {@code llmops deploy --target} to use: the literal values of a {@code target} input
 * or parameter (its default and allowed values) and of the {@code target} a use-case file passes, in GitHub and
 * Azure DevOps YAML and in Jenkins' Groovy ({@code target: 'x'}, {@code config.target ?: 'x'}).
 */
final class DeployTargetValues {

    /** A literal target value and where it is written. */
    record Value(Path file, int line, String value) {
        @Override
        public String toString() {
            return file + ":" + line + ": target '" + value + "'";
        }
    }

    private static final Pattern YAML_TARGET = Pattern.compile("^(\\s*)(?:- )?(?:target:|name: target$)(.*)$");
    private static final Pattern YAML_DEFAULT = Pattern.compile("^\\s*(default|values):\\s*(.*)$");
    private static final Pattern GROOVY_TARGET = Pattern.compile("(?:\\btarget:|config\\.target \\?:)\\s*'([^']*)'");

    private DeployTargetValues() {}

    static List<Value> of(Path root) {
        List<Value> values = new ArrayList<>();
        for (String dir : List.of(".github", "azure-pipelines")) {
            for (Path file : PipelineChecks.files(root, dir, ".yml")) yaml(file, values);
        }
        for (String suffix : List.of(".groovy", "Jenkinsfile")) {
            for (Path file : PipelineChecks.files(root, ".jenkins", suffix)) {
                List<String> lines = PipelineCommandLines.lines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = GROOVY_TARGET.matcher(lines.get(i));
                    while (m.find()) add(values, file, i, m.group(1));
                }
            }
        }
        return values;
    }

    private static void yaml(Path file, List<Value> values) {
        List<String> lines = PipelineCommandLines.lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = YAML_TARGET.matcher(lines.get(i));
            if (!m.matches()) continue;
            String inline = m.group(2).strip();
            if (!inline.isEmpty()) {
                add(values, file, i, unquote(inline));
                continue;
            }
            // A definition: the keys below it, indented deeper, give its default and allowed values.
            int indent = m.group(1).length();
            for (int j = i + 1; j < lines.size() && indentation(lines.get(j)) > indent; j++) {
                Matcher d = YAML_DEFAULT.matcher(lines.get(j));
                if (!d.matches()) continue;
                String value = d.group(2).strip();
                if (d.group(1).equals("values")) {
                    if (!value.startsWith("[")) {
                        throw new AssertionError(file + ":" + (j + 1) + ": write the values as [a, b] for this check");
                    }
                    for (String v : value.substring(1, value.length() - 1).split(",")) add(values, file, j, v.strip());
                } else {
                    add(values, file, j, unquote(value));
                }
            }
        }
    }

    private static void add(List<Value> values, Path file, int index, String value) {
        // Expressions (${{ inputs.target }}, $(VAR), ${config.target}) are filled in from the literals found here.
        if (value.contains("$")) return;
        values.add(new Value(file, index + 1, unquote(value)));
    }

    private static String unquote(String value) {
        String v = value.replaceAll("\\s+#.*$", "").strip();
        if (v.length() >= 2 && (v.startsWith("'") || v.startsWith("\"")) && v.endsWith(v.substring(0, 1))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static int indentation(String line) {
        if (line.isBlank()) return Integer.MAX_VALUE; // blank lines do not end a block
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') n++;
        return n;
    }
}
