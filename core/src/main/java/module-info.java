/**
 * jasyncio: Python asyncio's low-level event-loop API for Java.
 * Only {@code org.jasyncio} is exported; everything under {@code org.jasyncio.internal} is implementation.
 */
module org.jasyncio {
    requires jdk.unsupported;
    requires jdk.jfr;
    exports org.jasyncio;
    // the Flight Recorder reads the library's event classes
    exports org.jasyncio.internal.observe to jdk.jfr;
}
