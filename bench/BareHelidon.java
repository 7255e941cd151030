// The same web server library as `llmops serve` (Helidon SE 4, virtual threads) with nothing of llmops on it: the
// floor the serve benchmarks compare with. Two modes:
//   --constant          POST /score answers a constant JSON object, no model call (the zero-latency comparison).
//   --relay BASE_URL    POST /score makes one chat-completions call to BASE_URL (bench/FakeOpenAiServer.java) with
//                       the JDK HttpClient, as llmops does, and answers {"answer": <the model's text>}; with
//                       Accept: text/event-stream it asks the model to stream and relays each chunk as an event,
//                       flushed on its own. No JSON library: the text is cut out of the answer by hand.
// GET /health answers 200. Prints "listening on PORT" once ready.
// Run:  java -cp cli/target/llmops.jar bench/BareHelidon.java --port 0 (--constant | --relay http://127.0.0.1:P/v1)
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

public class BareHelidon {
    private static final byte[] CONSTANT = "{\"answer\":\"Paris\"}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int port = 0;
        String relay = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--constant" -> relay = null;
                case "--relay" -> relay = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        java.util.logging.Logger.getLogger("io.helidon").setLevel(java.util.logging.Level.WARNING);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI model = relay == null ? null : URI.create(relay + "/chat/completions");
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(r -> r.get("/health", (req, res) -> res.send("ok"))
                        .post("/score", (req, res) -> {
                            byte[] question = req.content().inputStream().readAllBytes();
                            if (model == null) {
                                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                                res.send(CONSTANT);
                                return;
                            }
                            boolean stream = req.headers()
                                    .first(HeaderNames.ACCEPT)
                                    .orElse("")
                                    .contains("text/event-stream");
                            // the question's length stands for the prompt: no JSON library to escape it with
                            String body = "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream
                                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"a question of "
                                    + question.length + " bytes\"}]}";
                            HttpRequest call = HttpRequest.newBuilder(model)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build();
                            if (!stream) {
                                String answer = http.send(call, HttpResponse.BodyHandlers.ofString()).body();
                                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                                res.send(("{\"answer\":\"" + text(answer, "\"content\":\"") + "\"}")
                                        .getBytes(StandardCharsets.UTF_8));
                                return;
                            }
                            HttpResponse<InputStream> answer = http.send(call, HttpResponse.BodyHandlers.ofInputStream());
                            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
                            try (BufferedReader in = new BufferedReader(
                                            new InputStreamReader(answer.body(), StandardCharsets.UTF_8));
                                    OutputStream out = res.outputStream()) {
                                for (String line; (line = in.readLine()) != null; ) {
                                    if (line.startsWith("data: ") && line.contains("\"content\":\"")) {
                                        out.write(("data: {\"answer\": \"" + text(line, "\"content\":\"") + "\"}\n\n")
                                                .getBytes(StandardCharsets.UTF_8));
                                        out.flush();
                                    }
                                }
                            }
                        }))
                .build()
                .start();
        System.out.println("listening on " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String text(String json, String key) {
        int from = json.indexOf(key);
        if (from < 0) {
            return "";
        }
        from += key.length();
        return json.substring(from, json.indexOf('"', from));
    }
}
