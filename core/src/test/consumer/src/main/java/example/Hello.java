package example;

import static org.jasyncio.Asyncio.await;

import org.jasyncio.Asyncio;
import org.jasyncio.EngineInfo;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;

public class Hello {
    public static void main(String[] args) throws Exception {
        String reply = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<String> worker = loop.createTask(() -> {
                await(Asyncio.sleep(0.05));
                return "hello from a task";
            }, "worker");
            return await(worker);
        });
        EngineInfo engines = EngineInfo.current();
        System.out.println(reply);
        System.out.println("ENGINE " + engines.coroutines() + " MISSING " + engines.missingFlags());
    }
}
