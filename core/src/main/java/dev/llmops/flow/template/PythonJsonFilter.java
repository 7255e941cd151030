package dev.llmops.flow.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * {@code tojson} as jinja2 writes it: Python's {@code json.dumps(value, sort_keys=True)} made HTML-safe
 * ({@code < > & '} escaped), with an optional indent. Jinjava's own filter writes compact JSON in insertion order,
 * which would change prompts.
 */
final class PythonJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        int indent = args.length > 0 && args[0] != null && args[0].strip().matches("\\d+")
                ? Integer.parseInt(args[0].strip())
                : -1;
        return PythonJson.dumps(var, true, indent)
                .replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("'", "\\u0027");
    }
}
