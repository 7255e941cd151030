package dev.llmops.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON mappers for code that runs on virtual threads: a run's lines, a served request, a model call. Jackson's
 * default buffer pool is per thread, so every new virtual thread allocated its own 8 KB char and byte buffers for each
 * parser and generator (a fifth of what `llmops serve` allocated per request); these share one pool instead.
 */
public final class Json {

    private Json() {}

    /** A JSON factory whose parsers and generators take their buffers from one pool shared by all threads. */
    public static JsonFactory pooledFactory() {
        return JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                .build();
    }

    /** A default {@link ObjectMapper} on {@link #pooledFactory()}. */
    public static ObjectMapper pooledMapper() {
        return JsonMapper.builder(pooledFactory()).build();
    }
}
