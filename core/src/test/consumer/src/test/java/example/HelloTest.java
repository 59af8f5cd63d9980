package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EngineInfo;
import org.junit.jupiter.api.Test;

class HelloTest {
    @Test
    void surefireArgLineGivesTheFastEngine() throws Exception {
        assertEquals("ran", Asyncio.run(() -> "ran"));
        assertEquals("continuation", EngineInfo.current().coroutines());
        assertEquals(List.of(), EngineInfo.current().missingFlags());
    }
}
