package dev.llmops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple commands of a CI shell step, split into words the way bash splits them: quotes removed, variables and
 * command substitutions kept as text (their values are not known here), {@code "${NAME[@]}"} marked as an array,
 * redirections dropped, assignments and keywords before the command name skipped. Enough of bash's grammar for the
 * steps our pipelines run; a here-document, which it does not read, fails loudly instead of hiding commands.
 */
final class ShellCommands {

    /** A command: its words (the name first) and the line of the script it starts on (0-based). */
    record Command(int line, List<String> words) {
        String name() {
            return words.getFirst();
        }
    }

    /** The placeholder an array expansion {@code "${NAME[@]}"} becomes: {@code ARRAY + NAME}. */
    static final String ARRAY = "\u0000array:";

    private static final Pattern ARRAY_EXPANSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[@]}");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
    private static final List<String> KEYWORDS =
            List.of("if", "then", "elif", "else", "do", "while", "until", "!", "{", "time", "exec");

    private final String script;
    private int pos;
    private int commandStart = -1;
    private final List<Command> commands = new ArrayList<>();
    private final List<String> words = new ArrayList<>();
    private StringBuilder word;
    private boolean skipNextWord;

    private ShellCommands(String script) {
        // GitHub and Azure template expressions are filled in before the shell sees the script; none spans a line.
        this.script = script.replaceAll("\\$\\{\\{.*?}}", "EXPR");
    }

    static List<Command> of(String script) {
        ShellCommands parser = new ShellCommands(script);
        parser.parse();
        return parser.commands;
    }

    private void parse() {
        while (pos < script.length()) {
            char c = script.charAt(pos);
            if (c == '\\' && pos + 1 < script.length()) {
                if (script.charAt(pos + 1) != '\n') append(script.charAt(pos + 1));
                pos += 2;
            } else if (c == ' ' || c == '\t') {
                endWord();
                pos++;
            } else if (c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
                endCommand();
                pos++;
            } else if (c == '#' && word == null) {
                while (pos < script.length() && script.charAt(pos) != '\n') pos++;
            } else if (c == '\'') {
                int end = script.indexOf('\'', pos + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' at " + where());
                startWord();
                word.append(script, pos + 1, end);
                pos = end + 1;
            } else if (c == '"') {
                doubleQuoted();
            } else if (c == '$' && pos + 1 < script.length() && "({".indexOf(script.charAt(pos + 1)) >= 0) {
                startWord();
                int end = closing(pos + 1);
                word.append(script, pos, end + 1);
                pos = end + 1;
            } else if (c == '<' || c == '>') {
                redirection();
            } else {
                append(c);
                pos++;
            }
        }
        endCommand();
    }

    private void doubleQuoted() {
        startWord();
        int start = word.length();
        pos++;
        while (pos < script.length() && script.charAt(pos) != '"') {
            char c = script.charAt(pos);
            if (c == '\\' && pos + 1 < script.length() && "\"\\$`\n".indexOf(script.charAt(pos + 1)) >= 0) {
                if (script.charAt(pos + 1) != '\n') word.append(script.charAt(pos + 1));
                pos += 2;
            } else if (c == '$' && pos + 1 < script.length() && "({".indexOf(script.charAt(pos + 1)) >= 0) {
                int end = closing(pos + 1);
                word.append(script, pos, end + 1);
                pos = end + 1;
            } else {
                word.append(c);
                pos++;
            }
        }
        if (pos >= script.length()) throw new IllegalArgumentException("unclosed \" at " + where());
        pos++;
        Matcher array = ARRAY_EXPANSION.matcher(word.substring(start));
        if (start == 0 && array.matches()) {
            word.setLength(0);
            word.append(ARRAY).append(array.group(1));
        }
    }

    /** The index of the bracket closing the one at {@code open}, nested brackets and quotes skipped. */
    private int closing(int open) {
        char o = script.charAt(open);
        char close = o == '(' ? ')' : '}';
        int depth = 0;
        for (int i = open; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c == '\'' && o == '(') {
                i = script.indexOf('\'', i + 1);
                if (i < 0) break;
            } else if (c == o) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed $" + o + " at " + where());
    }

    private void redirection() {
        if (word != null && word.chars().allMatch(Character::isDigit)) word = null; // the 2 of 2>&1
        endWord();
        int start = pos;
        while (pos < script.length() && "<>&".indexOf(script.charAt(pos)) >= 0) pos++;
        String op = script.substring(start, pos);
        if (op.equals("<<") || op.equals("<<-")) {
            throw new IllegalArgumentException("a here-document at " + where() + " is not read by this check");
        }
        skipNextWord = true;
    }

    private void append(char c) {
        startWord();
        word.append(c);
    }

    private void startWord() {
        if (word == null) {
            word = new StringBuilder();
            if (commandStart < 0) commandStart = pos;
        }
    }

    private void endWord() {
        if (word == null) return;
        if (skipNextWord) {
            skipNextWord = false;
        } else {
            words.add(word.toString());
        }
        word = null;
    }

    private void endCommand() {
        endWord();
        int first = 0;
        while (first < words.size()
                && (KEYWORDS.contains(words.get(first))
                        || ASSIGNMENT.matcher(words.get(first)).matches())) {
            first++;
        }
        if (first < words.size()) {
            commands.add(new Command(line(commandStart), List.copyOf(words.subList(first, words.size()))));
        }
        words.clear();
        commandStart = -1;
        skipNextWord = false;
    }

    private int line(int offset) {
        int line = 0;
        for (int i = 0; i < offset; i++) if (script.charAt(i) == '\n') line++;
        return line;
    }

    private String where() {
        return "script line " + (line(pos) + 1);
    }
}
