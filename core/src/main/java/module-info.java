/**
 * jasyncio: Python asyncio's low-level event-loop API for Java.
 * Only {@code org.jasyncio} is exported; everything under {@code org.jasyncio.internal} is implementation.
 */
module org.jasyncio {
    requires jdk.unsupported;
    exports org.jasyncio;
}
