package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jasyncio.EngineInfo;
import org.junit.jupiter.api.Test;

class HelloIT {
    @Test
    void failsafeArgLineGivesTheFastEngine() {
        assertEquals("continuation", EngineInfo.current().coroutines());
        assertEquals(List.of(), EngineInfo.current().missingFlags());
    }
}
