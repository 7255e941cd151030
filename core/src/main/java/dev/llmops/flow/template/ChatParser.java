package dev.llmops.flow.template;

import dev.llmops.llm.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits rendered prompt text into chat messages the way Prompt Flow's {@code parse_chat} does: a line holding
 * only a role name and a colon (optionally after one {@code #}, case-insensitive) starts a message; its content
 * is the stripped text up to the next such line. {@code function} messages need {@code name:} and
 * {@code tool} messages {@code tool_call_id:} before {@code content:}.
 */
public final class ChatParser {

    private static final List<String> ROLES = List.of("system", "user", "assistant", "function", "tool");
    private static final Pattern MARKER =
            Pattern.compile("(?im)^\\s*#?\\s*(system|user|assistant|function|tool)\\s*:\\s*\\n");
    private static final Pattern NAME_AND_CONTENT =
            Pattern.compile("\\n*#{0,2}\\s*name:\\n+\\s*(\\S+)\\s*\\n*#{0,2}\\s*content:\\n?(.*)", Pattern.DOTALL);
    private static final Pattern TOOL_CALL_AND_CONTENT = Pattern.compile(
            "\\n*#{0,2}\\s*tool_call_id:\\n+\\s*(\\S+)\\s*\\n*#{0,2}\\s*content:\\n?(.*)", Pattern.DOTALL);

    private ChatParser() {}

    /**
     * @param escaper restores role words escaped in input values
     * @throws TemplateException when text before the first marker is not blank, or a function / tool message
     *     lacks its name / tool_call_id
     */
    public static List<ChatMessage> parse(String text, RoleEscaper escaper) {
        // Like Python's re.split, a marker on the very last line only counts when a newline follows it.
        Matcher m = MARKER.matcher(text);
        List<ChatMessage> out = new ArrayList<>();
        int last = 0;
        String role = null;
        while (m.find()) {
            String chunk = text.substring(last, m.start());
            if (role == null) {
                if (!chunk.isBlank()) {
                    throw invalidRole(chunk);
                }
            } else {
                out.add(message(role, chunk, escaper));
            }
            role = m.group(1).toLowerCase(Locale.ROOT);
            last = m.end();
        }
        String tail = text.substring(last);
        if (role == null) {
            if (!tail.isBlank()) {
                throw invalidRole(tail);
            }
        } else {
            out.add(message(role, tail, escaper));
        }
        return out;
    }

    private static ChatMessage message(String role, String chunk, RoleEscaper escaper) {
        switch (role) {
            case "function" -> {
                Matcher m = NAME_AND_CONTENT.matcher(chunk);
                if (!m.find()) {
                    throw new TemplateException("a 'function:' message needs 'name:' and 'content:' lines, as in "
                            + "'function:\\nname:\\nmy_function\\ncontent:\\n{\"result\": 1}'");
                }
                return new ChatMessage(role, escaper.unescape(m.group(2).strip()), m.group(1), null);
            }
            case "tool" -> {
                Matcher m = TOOL_CALL_AND_CONTENT.matcher(chunk);
                if (!m.find()) {
                    throw new TemplateException("a 'tool:' message needs 'tool_call_id:' and 'content:' lines, as in "
                            + "'tool:\\ntool_call_id:\\ncall_1\\ncontent:\\n{\"result\": 1}'");
                }
                return new ChatMessage(role, escaper.unescape(m.group(2).strip()), null, m.group(1));
            }
            default -> {
                return ChatMessage.of(role, escaper.unescape(chunk.strip()));
            }
        }
    }

    private static TemplateException invalidRole(String chunk) {
        String shown = chunk.strip();
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return new TemplateException("the chat prompt must start with a role line such as 'system:' or 'user:' "
                + "(each role alone on its own line, one of " + ROLES + "); found text before the first role: '"
                + shown + "'");
    }
}
