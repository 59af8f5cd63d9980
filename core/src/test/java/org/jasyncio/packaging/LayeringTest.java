package org.jasyncio.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, checked on the compiled classes: every type a class names in its constant pool
 * (references, descriptors, generic signatures) is a dependency, and a nested type counts as its top-level type (one
 * file, one concept). Each check names the offending classes, so a failure says which import to move.
 */
class LayeringTest {
    /**
     * The internal packages from the bottom up; a package may use only packages of a lower rank. The loop core's two
     * packages share a rank: they use each other, as asyncio's base_events and futures/tasks do.
     */
    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("internal.context", 0), Map.entry("internal.observe", 0), Map.entry("internal.os", 0),
            Map.entry("internal.loop", 1), Map.entry("internal.task", 1),
            Map.entry("internal.transport", 2), Map.entry("internal.streams", 2), Map.entry("internal.sync", 2),
            Map.entry("internal.tls", 3),
            Map.entry("internal.net", 4), Map.entry("internal.process", 4),
            Map.entry("internal.events", 5));

    /**
     * Upward arrows that exist today, each with why it is left: the check fails when one disappears, so this list
     * only shrinks.
     */
    private static final Set<String> KNOWN_UPWARD = Set.of();

    /**
     * Public and internal types that name each other, each with why it is left: the check fails when one disappears.
     */
    private static final Set<String> KNOWN_TWO_WAY = Set.of(
            // The generator's engine implements the generator's own nested Emitter and runs its nested Body; parting
            // them would move those public nested types out of AsyncGenerator
            "AsyncGenerator <-> internal.task.GeneratorMachine",
            // Task.create (asyncio.Task(coro, loop=...)) is the interface's factory for its one implementation;
            // parting them would take reflection or a new public method
            "Task <-> internal.task.CoroutineTask");

    /** The only types of internal.task the loop core may name: the futures and tasks it creates and tracks. */
    private static final Set<String> LOOP_USES_OF_TASK = Set.of(
            "internal.task.BaseFuture", "internal.task.CoroutineTask", "internal.task.TaskRegistry");

    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L(org/jasyncio/[\\w/$]+)[;<]");

    /** Top-level type (relative to org.jasyncio, e.g. "internal.loop.BaseEventLoop") to the types it names. */
    private static Map<String, Set<String>> deps;

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        Path location = Path.of(Asyncio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        deps = new TreeMap<>();
        // target/classes in the reactor; the jar when the tests run against an installed library
        try (FileSystem jar = Files.isRegularFile(location) ? FileSystems.newFileSystem(location) : null;
                Stream<Path> files = Files.walk(jar == null ? location : jar.getPath("/"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel cm = ClassFile.of().parse(Files.readAllBytes(f));
                String self = topLevel(cm.thisClass().asInternalName());
                if (self == null) {
                    continue; // module-info
                }
                Set<String> named = deps.computeIfAbsent(self, k -> new TreeSet<>());
                for (PoolEntry e : cm.constantPool()) {
                    if (e instanceof ClassEntry c) {
                        add(named, self, c.asInternalName().replaceFirst("^\\[+L?", "").replace(";", ""));
                    } else if (e instanceof Utf8Entry u && u.stringValue().contains("org/jasyncio/")) {
                        Matcher m = DESCRIPTOR_TYPE.matcher(u.stringValue());
                        while (m.find()) {
                            add(named, self, m.group(1));
                        }
                    }
                }
            }
        }
        assertTrue(deps.containsKey("internal.loop.BaseEventLoop"), "no classes read under " + location);
    }

    private static void add(Set<String> named, String self, String internalName) {
        String t = topLevel(internalName);
        if (t != null && !t.equals(self)) {
            named.add(t);
        }
    }

    /** "org/jasyncio/internal/loop/BaseEventLoop$1" to "internal.loop.BaseEventLoop"; null outside the library. */
    private static String topLevel(String internalName) {
        if (!internalName.startsWith("org/jasyncio/") || internalName.endsWith("module-info")) {
            return null;
        }
        String name = internalName.substring("org/jasyncio/".length());
        int nested = name.indexOf('$');
        return (nested < 0 ? name : name.substring(0, nested)).replace('/', '.');
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? "" : type.substring(0, dot);
    }

    @Test
    void everyInternalPackageHasARank() {
        Set<String> unranked = new TreeSet<>();
        for (String type : deps.keySet()) {
            String p = packageOf(type);
            if (p.startsWith("internal") && !RANK.containsKey(p)) {
                unranked.add(p);
            }
        }
        assertEquals(Set.of(), unranked, "give each new internal package its place in RANK and ARCHITECTURE.md");
    }

    @Test
    void internalPackagesDependOnlyOnPackagesBelowThem() {
        Set<String> upward = new TreeSet<>();
        deps.forEach((from, named) -> {
            Integer fromRank = RANK.get(packageOf(from));
            for (String to : named) {
                Integer toRank = RANK.get(packageOf(to));
                if (fromRank == null || toRank == null || packageOf(from).equals(packageOf(to))) {
                    continue;
                }
                if (toRank > fromRank || (toRank.equals(fromRank) && fromRank != 1)) {
                    upward.add(from + " -> " + to);
                }
            }
        });
        assertEquals(new TreeSet<>(KNOWN_UPWARD), upward, "an internal package names a package at or above its rank");
    }

    @Test
    void noPublicTypeAndInternalTypeNameEachOther() {
        Set<String> twoWay = new TreeSet<>();
        deps.forEach((a, named) -> {
            for (String b : named) {
                if (!packageOf(a).equals(packageOf(b)) && a.compareTo(b) < 0
                        && deps.getOrDefault(b, Set.of()).contains(a)) {
                    twoWay.add(a + " <-> " + b);
                }
            }
        });
        assertEquals(new TreeSet<>(KNOWN_TWO_WAY), twoWay,
                "types of different packages name each other: let the lower one own an interface the higher one installs");
    }

    @Test
    void theLoopCoreNamesOnlyTheFuturesAndTasksOfTheTaskPackage() {
        Set<String> used = new TreeSet<>();
        List<String> why = new ArrayList<>();
        deps.forEach((from, named) -> {
            if (packageOf(from).equals("internal.loop")) {
                for (String to : named) {
                    if (packageOf(to).equals("internal.task") && !LOOP_USES_OF_TASK.contains(to)) {
                        used.add(to);
                        why.add(from + " -> " + to);
                    }
                }
            }
        });
        assertEquals(Set.of(), used, "the loop core reaches further into internal.task: " + why);
    }

    @Test
    void theContextPlumbingNamesNoPublicType() {
        Set<String> found = new TreeSet<>();
        deps.forEach((from, named) -> {
            if (packageOf(from).equals("internal.context")) {
                for (String to : named) {
                    if (!to.startsWith("internal.")) {
                        found.add(from + " -> " + to);
                    }
                }
            }
        });
        assertEquals(Set.of(), found, "internal.context sits under the public package: it must not name its types");
    }
}
