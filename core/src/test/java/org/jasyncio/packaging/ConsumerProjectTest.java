package org.jasyncio.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every Maven and plain-java recipe of docs/GETTING-STARTED.md, tried the way a user meets them: the library is
 * installed (its real poms and a jar of its classes, laid out as {@code mvn install} lays them out) into a scratch
 * local repository under {@code target/consumer-test}, the project under {@code src/test/consumer} is
 * built against it with {@code mvn verify exec:exec} (Surefire and Failsafe argLine, the executable jar's manifest,
 * the exec plugin), and what it built is run with {@code java -jar}, the class path, the module path and
 * {@code JDK_JAVA_OPTIONS}. Each run must report the fast engine and no missing flag; a run without the flags must
 * report the flags it misses, so the check can fail.
 *
 * <p>It runs once, in the continuation-engine pass of the suite (the second pass would build the same thing). The
 * scratch repository links the user's own local repository's folders, so no plugin is downloaded twice and nothing
 * of the library lands in the user's repository. Skipped, with the reason, where Maven cannot be found.
 */
@Timeout(240)
class ConsumerProjectTest {
    private static final String FLAGS_VM = "--add-exports=java.base/jdk.internal.vm=";
    private static final String FLAGS_NIO = "--add-exports=java.base/sun.nio.ch=";
    private static final String FLAGS_NATIVE = "--enable-native-access=";

    @Test
    void everyRecipeOfTheGettingStartedGuideGivesTheFastEngine() throws Exception {
        Assumptions.assumeTrue("continuation".equals(System.getProperty("jasyncio.engine")),
                "the consumer build runs once per suite, in the continuation-engine pass");
        Path mvn = findMaven();
        Assumptions.assumeTrue(mvn != null, "no mvn found (maven.home, MAVEN_HOME or PATH): the consumer build needs one");
        Path core = Path.of("").toAbsolutePath();
        Path classes = core.resolve("target/classes");
        Assumptions.assumeTrue(Files.isRegularFile(classes.resolve("org/jasyncio/Asyncio.class")),
                "the library's classes are not compiled in " + classes);
        String version = parentVersion(core.resolve("pom.xml"));

        Path tmp = core.resolve("target/consumer-test");
        deleteTree(tmp);
        Path repo = scratchRepository(tmp.resolve("repo"));
        install(repo, "jasyncio-parent", version, "pom", core.getParent().resolve("pom.xml"));
        install(repo, "jasyncio", version, "pom", core.resolve("pom.xml"));
        Path jar = repo.resolve("org/jasyncio/jasyncio/" + version + "/jasyncio-" + version + ".jar");
        jarOf(classes, jar);

        Path project = tmp.resolve("consumer");
        copyTree(core.resolve("src/test/consumer"), project);
        // Surefire and Failsafe run the consumer's own tests, which assert the fast engine; exec:exec runs Hello.
        String built = run(project, List.of(mvn.toString(), "-B", "-Dmaven.repo.local=" + repo,
                "-Djasyncio.version=" + version, "verify", "exec:exec"), Map.of());
        assertTrue(built.contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0")
                && built.contains("HelloIT"), "Surefire's and Failsafe's runs:\n" + built);
        assertFastEngine(built, "mvn exec:exec");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path lib = project.resolve("target/lib/jasyncio-" + version + ".jar");
        String cp = project.resolve("target/classes") + File.pathSeparator + lib;
        assertFastEngine(run(project, List.of(java, "-jar", "target/consumer-1.0.jar"), Map.of()), "java -jar");
        assertFastEngine(run(project, List.of(java, FLAGS_VM + "ALL-UNNAMED", FLAGS_NIO + "ALL-UNNAMED",
                FLAGS_NATIVE + "ALL-UNNAMED", "-cp", cp, "example.Hello"), Map.of()), "java -cp");
        assertFastEngine(run(project, List.of(java, FLAGS_VM + "org.jasyncio", FLAGS_NIO + "org.jasyncio",
                FLAGS_NATIVE + "org.jasyncio", "-p", lib.toString(), "--add-modules", "org.jasyncio",
                "-cp", project.resolve("target/classes").toString(), "example.Hello"), Map.of()), "module path");
        assertFastEngine(run(project, List.of(java, "-cp", cp, "example.Hello"), Map.of("JDK_JAVA_OPTIONS",
                FLAGS_VM + "ALL-UNNAMED " + FLAGS_NIO + "ALL-UNNAMED " + FLAGS_NATIVE + "ALL-UNNAMED")),
                "JDK_JAVA_OPTIONS");

        String bare = run(project, List.of(java, "-cp", cp, "example.Hello"), Map.of());
        assertTrue(bare.contains("ENGINE thread MISSING [--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"),
                "without flags, the portable engine and the missing flags:\n" + bare);
    }

    private static void assertFastEngine(String output, String recipe) {
        assertTrue(output.contains("hello from a task") && output.contains("ENGINE continuation MISSING []"),
                recipe + " should run Hello on the continuation engine with no flag missing; it said:\n" + output);
    }

    /** Runs {@code command} in {@code dir} with JAVA_HOME set to this JVM's; its output; fails on a non-zero exit. */
    private static String run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JDK_JAVA_OPTIONS");
        // Maven's own JVM only runs plugins for a few seconds: skip the optimising compiler (about a third faster).
        pb.environment().put("MAVEN_OPTS", (System.getenv().getOrDefault("MAVEN_OPTS", "") + " -XX:TieredStopAtLevel=1").strip());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "still running: " + command);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    private static Path findMaven() {
        List<String> homes = new ArrayList<>();
        if (System.getProperty("maven.home") != null) {
            homes.add(System.getProperty("maven.home"));
        }
        if (System.getenv("MAVEN_HOME") != null) {
            homes.add(System.getenv("MAVEN_HOME"));
        }
        for (String home : homes) {
            Path mvn = Path.of(home, "bin", "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn;
            }
        }
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path mvn = Path.of(dir, "mvn");
            if (Files.isExecutable(mvn)) {
                return mvn;
            }
        }
        return null;
    }

    private static String parentVersion(Path pom) throws IOException {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>.*?</parent>", Pattern.DOTALL)
                .matcher(Files.readString(pom));
        assertTrue(m.find(), "no parent version in " + pom);
        return m.group(1).trim();
    }

    /**
     * A local repository of symbolic links to the user's one, one level deeper under {@code org} so that
     * {@code org/jasyncio} is this repository's own: plugins resolve from the user's cache, the library installed
     * here stays here.
     */
    private static Path scratchRepository(Path repo) throws IOException {
        Files.createDirectories(repo.resolve("org"));
        Path home = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (!Files.isDirectory(home)) {
            return repo;
        }
        try (Stream<Path> top = Files.list(home)) {
            for (Path p : top.toList()) {
                if (!p.getFileName().toString().equals("org")) {
                    Files.createSymbolicLink(repo.resolve(p.getFileName().toString()), p);
                }
            }
        }
        if (Files.isDirectory(home.resolve("org"))) {
            try (Stream<Path> org = Files.list(home.resolve("org"))) {
                for (Path p : org.toList()) {
                    if (!p.getFileName().toString().equals("jasyncio")) {
                        Files.createSymbolicLink(repo.resolve("org").resolve(p.getFileName().toString()), p);
                    }
                }
            }
        }
        return repo;
    }

    /** Puts {@code file} where {@code mvn install} puts artifact {@code org.jasyncio:artifact:version:ext}. */
    private static void install(Path repo, String artifact, String version, String ext, Path file) throws IOException {
        Path dir = repo.resolve("org/jasyncio/" + artifact + "/" + version);
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(artifact + "-" + version + "." + ext));
    }

    /** Deletes {@code dir} and what it holds, removing symbolic links without following them. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** The library's jar as the build makes it: every compiled class, module-info included. */
    private static void jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
