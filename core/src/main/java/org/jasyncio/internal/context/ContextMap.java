package org.jasyncio.internal.context;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * An immutable map of context variables to values. Contexts are copied far more often than they are changed
 * (every callback and task copies one), so a copy shares the map and a change makes a new one.
 */
public final class ContextMap {
    public static final ContextMap EMPTY = new ContextMap(Map.of());

    private final Map<Object, Object> entries;

    private ContextMap(Map<Object, Object> entries) {
        this.entries = entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    public Object get(Object key) {
        return entries.get(key);
    }

    public ContextMap with(Object key, Object value) {
        HashMap<Object, Object> copy = new HashMap<>(entries);
        copy.put(key, value);
        return new ContextMap(copy);
    }

    public ContextMap without(Object key) {
        if (!entries.containsKey(key)) {
            return this;
        }
        HashMap<Object, Object> copy = new HashMap<>(entries);
        copy.remove(key);
        return copy.isEmpty() ? EMPTY : new ContextMap(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContextMap other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @SuppressWarnings("unchecked")
    public <K> Map<K, Object> asMap() {
        return (Map<K, Object>) Collections.unmodifiableMap(new HashMap<>(entries));
    }
}
