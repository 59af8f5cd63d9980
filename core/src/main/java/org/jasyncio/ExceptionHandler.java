package org.jasyncio;

import java.util.Map;

/** Receives errors the loop cannot hand to anyone else; see {@link EventLoop#setExceptionHandler}. */
@FunctionalInterface
public interface ExceptionHandler {
    void handle(EventLoop loop, Map<String, Object> context);
}
