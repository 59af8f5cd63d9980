package org.jasyncio.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every Java sample a user may copy compiles against the library and, where it is marked runnable, runs and prints
 * what its text promises: the {@code ```java} blocks of README.md, docs/GETTING-STARTED.md and docs/PORTING.md, and
 * the {@code <pre>{@code ...}} and {@code {@snippet ...}} blocks in the Javadoc of the public package.
 *
 * <p><b>The marker.</b> Each block is preceded, on the line(s) just before its opening fence or {@code <pre>}, by an
 * HTML comment that readers of the rendered page do not see:
 * <pre>
 * &lt;!-- sample: KIND [runs]
 *      given: DECLARATION; DECLARATION
 *      prints: LINE
 *      prints: LINE --&gt;
 * </pre>
 * KIND says how the block is compiled:
 * <ul>
 *   <li>{@code program}: a whole source file (imports and a class); it is compiled as it stands.
 *   <li>{@code module-info}: a module declaration, compiled alone with the library on the module path.
 *   <li>{@code class-body}: members of a class (methods, fields, nested classes), compiled inside a class.
 *   <li>{@code statements}: the statements of a method that {@code throws Exception}, run in a task (most samples:
 *       {@code await} is legal only there); local classes are allowed.
 *   <li>{@code main-body}: the same, but run outside any loop, as the body of {@code main}.
 *   <li>{@code partial}: deliberately not compilable (the text says what is left out); only counted.
 * </ul>
 * {@code class-body} and {@code statements} blocks are compiled with {@code import org.jasyncio.*;},
 * {@code import static org.jasyncio.Asyncio.await;} and the single-type imports in {@link #IMPORTS} (the JDK
 * classes samples use most); {@code import} lines at the top of such a block join those. A line whose code is only
 * {@code ...} stands for code left out. {@code given} declares what a fragment uses without defining it:
 * {@code Type name} is a parameter of the method around a {@code statements} block (a static field for
 * {@code class-body}), {@code static Type name} a static field, {@code Type name(Params)} a method that throws
 * (static for {@code class-body}), and {@code class Name implements Protocol {}} (or {@code interface},
 * {@code record}) a static nested type.
 *
 * <p>{@code runs} runs the block in this JVM (so the suite's two passes run it under both coroutine engines), from a
 * class loader of its own, with a time limit: a {@code program} or {@code class-body} through its {@code main}, a
 * {@code statements} block as the body of a task under {@code Asyncio.run} (its only possible {@code given} is
 * {@code EventLoop loop}, the running loop), a {@code main-body} block from {@code main}. It must return without
 * throwing and print each {@code prints} line on standard output, in that order (other lines may come between).
 */
@Timeout(60)
class DocSamplesTest {
    /** The JDK classes a {@code class-body} or {@code statements} sample may name without importing them. */
    static final List<String> IMPORTS = List.of(
            "java.io.IOException", "java.net.InetSocketAddress", "java.net.SocketAddress",
            "java.nio.ByteBuffer", "java.nio.charset.StandardCharsets", "java.nio.file.Files", "java.nio.file.Path",
            "java.time.Duration", "java.util.ArrayList", "java.util.List", "java.util.Map",
            "java.util.concurrent.CompletableFuture", "java.util.concurrent.CompletionStage",
            "java.util.concurrent.TimeUnit", "java.util.concurrent.TimeoutException", "javax.net.ssl.SSLContext");

    private static final List<String> MARKDOWN = List.of("README.md", "docs/GETTING-STARTED.md", "docs/PORTING.md");
    private static final String JAVADOC_DIR = "core/src/main/java/org/jasyncio";
    private static final long RUN_LIMIT_SECONDS = 10;

    /** One sample: where it is, its marker, and its code with the doc's decoration stripped. */
    record Sample(String file, int line, String kind, boolean runs, List<String> given, List<String> prints,
                  List<String> code) {
        String where() {
            return file + ":" + line;
        }
    }

    private static final Path CORE = Path.of("").toAbsolutePath();
    private static final Path ROOT = CORE.getParent();
    private static final Path WORK = CORE.resolve("target/doc-samples");

    @TestFactory
    Stream<DynamicTest> everyDocumentedSampleCompilesAndRunsAsItsTextSays() throws Exception {
        List<Sample> samples = allSamples();
        assertTrue(samples.size() > 40, "found only " + samples.size() + " samples: is the extraction broken?");
        deleteTree(WORK);
        Map<Sample, Compiled> compiled = compileAll(samples, WORK);
        return samples.stream().map(s -> DynamicTest.dynamicTest(s.where() + " " + s.kind() + (s.runs() ? " runs" : ""),
                () -> check(s, compiled.get(s))));
    }

    /** The harness can fail: a sample that does not compile is reported, and a promised line that is missing too. */
    @Test
    void aBrokenSampleOrAMissingPromiseIsCaught() throws Exception {
        Sample bad = new Sample("self-test", 1, "statements", false, List.of("StreamReader reader"), List.of(),
                List.of("byte[] line = await(reader.readLine());"));
        Sample good = new Sample("self-test", 2, "statements", false, List.of("StreamReader reader"), List.of(),
                List.of("byte[] line = await(reader.readline());", "..."));
        Sample badModule = new Sample("self-test", 3, "module-info", false, List.of(), List.of(),
                List.of("module app {", "    requires org.asyncio;", "}"));
        Map<Sample, Compiled> compiled = compileAll(List.of(bad, good, badModule),
                CORE.resolve("target/doc-samples-self"));
        assertFalse(compiled.get(badModule).errors().isEmpty(), "a module that requires a missing one compiled");
        assertFalse(compiled.get(bad).errors().isEmpty(), "a call of a method that does not exist compiled");
        assertTrue(compiled.get(good).errors().isEmpty(), String.join("\n", compiled.get(good).errors()));
        assertTrue(printsInOrder(List.of("a", "c"), "a\nb\nc\n"));
        assertFalse(printsInOrder(List.of("c", "a"), "a\nb\nc\n"));
        assertFalse(printsInOrder(List.of("[worked, 42]"), "[worked, 41]\n"));
        assertEquals("statements", parseMarker(List.of("<!-- sample: statements -->"), "x").kind());
    }

    /**
     * GETTING-STARTED.md says its Maven recipes are the ones ConsumerProjectTest builds: each {@code <plugin>} it shows
     * (and the flags property) must be in the consumer project's pom as it stands, up to white space.
     */
    @Test
    void theGuidesMavenRecipesAreTheOnesTheConsumerProjectBuilds() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/GETTING-STARTED.md"));
        String consumer = squeezed(Files.readString(CORE.resolve("src/test/consumer/pom.xml")));
        Matcher xml = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(guide);
        Pattern element = Pattern.compile("<plugin>.*?</plugin>|<jasyncio\\.flags>.*?</jasyncio\\.flags>",
                Pattern.DOTALL);
        int recipes = 0;
        while (xml.find()) {
            Matcher recipe = element.matcher(xml.group(1));
            while (recipe.find()) {
                recipes++;
                assertTrue(consumer.contains(squeezed(recipe.group())), "docs/GETTING-STARTED.md shows a recipe that "
                        + "core/src/test/consumer/pom.xml does not have (so no test builds it):\n" + recipe.group());
            }
        }
        assertTrue(recipes >= 7, "found only " + recipes + " Maven recipes in docs/GETTING-STARTED.md");
    }

    private static String squeezed(String xml) {
        return xml.replaceAll("(?s)<!--.*?-->", "").replaceAll(">\\s+<", "><").strip();
    }

    // ---------------------------------------------------------------------------------------------- extraction

    static List<Sample> allSamples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String md : MARKDOWN) {
            samples.addAll(fromMarkdown(md, Files.readAllLines(ROOT.resolve(md))));
        }
        try (Stream<Path> files = Files.list(ROOT.resolve(JAVADOC_DIR))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                samples.addAll(fromJavadoc(ROOT.relativize(f).toString(), Files.readAllLines(f)));
            }
        }
        return samples;
    }

    static List<Sample> fromMarkdown(String file, List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            List<String> code = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                code.add(lines.get(j++));
            }
            samples.add(withMarker(file, i + 1, markerBefore(lines, i, ""), code));
            i = j;
        }
        return samples;
    }

    private static final Pattern DOC_LINE = Pattern.compile("^\\s*\\*( ?)(.*)$");

    static List<Sample> fromJavadoc(String file, List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = docText(lines.get(i)).strip();
            boolean pre = text.equals("<pre>{@code");
            boolean snippet = text.startsWith("{@snippet") && text.endsWith(":");
            if (!pre && !snippet) {
                continue;
            }
            List<String> code = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size()) {
                String t = docText(lines.get(j)).strip();
                if (pre ? t.equals("}</pre>") : t.equals("}")) {
                    break;
                }
                code.add(docText(lines.get(j++)));
            }
            samples.add(withMarker(file, i + 1, markerBefore(lines, i, "doc"), code));
            i = j;
        }
        return samples;
    }

    private static String docText(String line) {
        Matcher m = DOC_LINE.matcher(line);
        return m.matches() ? m.group(2) : line;
    }

    /** The HTML comment ending on the line just before {@code opening}, or an empty list. */
    private static List<String> markerBefore(List<String> lines, int opening, String style) {
        int end = opening - 1;
        if (end < 0 || !text(lines.get(end), style).strip().endsWith("-->")) {
            return List.of();
        }
        int start = end;
        while (start > 0 && !text(lines.get(start), style).contains("<!--")) {
            start--;
        }
        List<String> marker = new ArrayList<>();
        for (int k = start; k <= end; k++) {
            marker.add(text(lines.get(k), style));
        }
        return marker;
    }

    private static String text(String line, String style) {
        return style.isEmpty() ? line : docText(line);
    }

    private static Sample withMarker(String file, int line, List<String> marker, List<String> code) {
        Sample m = parseMarker(marker, file + ":" + line);
        return new Sample(file, line, m.kind(), m.runs(), m.given(), m.prints(), code);
    }

    private static final Pattern KIND = Pattern.compile("program|class-body|statements|main-body|module-info|partial");

    static Sample parseMarker(List<String> marker, String where) {
        String kind = null;
        boolean runs = false;
        List<String> given = new ArrayList<>();
        List<String> prints = new ArrayList<>();
        for (String raw : marker) {
            String l = raw.replace("<!--", "").replace("-->", "").strip();
            if (l.startsWith("sample:")) {
                String[] words = l.substring("sample:".length()).strip().split("\\s+");
                kind = words[0];
                for (int w = 1; w < words.length; w++) {
                    if (!words[w].equals("runs")) {
                        throw new IllegalArgumentException(where + ": unknown word in the marker: " + words[w]);
                    }
                    runs = true;
                }
            } else if (l.startsWith("given:")) {
                for (String g : l.substring("given:".length()).split(";")) {
                    if (!g.isBlank()) {
                        given.add(g.strip());
                    }
                }
            } else if (l.startsWith("prints:")) {
                prints.add(l.substring("prints:".length()).strip());
            } else if (!l.isEmpty()) {
                throw new IllegalArgumentException(where + ": unknown line in the marker: " + l);
            }
        }
        if (kind != null && !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(where + ": unknown sample kind " + kind);
        }
        return new Sample(where, 0, kind, runs, given, prints, List.of());
    }

    // ---------------------------------------------------------------------------------------------- compiling

    /**
     * A compiled sample: its main class, the line of the generated file that holds the sample's first line, and the
     * compiler's errors (empty if it compiled).
     */
    record Compiled(String mainClass, int firstCodeLine, List<String> errors) {}

    private static final Pattern LEFT_OUT = Pattern.compile("^(\\s*)\\.\\.\\.(\\s*(//.*)?)$");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+[\\w.]+;\\s*$");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern GIVEN_METHOD = Pattern.compile("^(.+?)\\s+(\\w+)\\s*\\((.*)\\)$");
    private static final Pattern GIVEN_TYPE = Pattern.compile("^(class|interface|record)\\s.*");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s[\\w.*\\s]+;\\s*$");
    private static final List<String> RUNNABLE_GIVENS = List.of("EventLoop loop");

    /** A sample as a source file: where it is written, its text, its main class, the line the sample starts on. */
    record Source(Path file, String text, String mainClass, int firstCodeLine) {}

    static Map<Sample, Compiled> compileAll(List<Sample> samples, Path work) throws IOException {
        deleteTree(work);
        Path out = work.resolve("classes");
        Map<Sample, Compiled> result = new LinkedHashMap<>();
        Map<Path, Sample> classes = new LinkedHashMap<>();
        Map<Path, Sample> modules = new LinkedHashMap<>();
        int n = 0;
        for (Sample s : samples) {
            n++;
            if (s.kind() == null || s.kind().equals("partial")) {
                continue;
            }
            Source source = sourceOf(s, String.format(Locale.ROOT, "sample.s%03d", n), work);
            Files.createDirectories(source.file().getParent());
            Files.writeString(source.file(), source.text());
            (s.kind().equals("module-info") ? modules : classes).put(source.file(), s);
            result.put(s, new Compiled(source.mainClass(), source.firstCodeLine(), new ArrayList<>()));
        }
        // One compilation for all is fast; but javac stops before type checking when any file fails to parse, so
        // after a failure each sample is compiled alone, to be judged on its own.
        List<Diagnostic<? extends JavaFileObject>> diagnostics = new ArrayList<>();
        if (!classes.isEmpty()) {
            diagnostics.addAll(javac(classes.keySet(), out, false));
        }
        if (!diagnostics.isEmpty()) {
            diagnostics.clear();
            for (Path file : classes.keySet()) {
                diagnostics.addAll(javac(List.of(file), out, false));
            }
        }
        for (Path file : modules.keySet()) {
            diagnostics.addAll(javac(List.of(file), file.getParent().resolve("classes"), true));
        }
        Map<Path, Sample> all = new LinkedHashMap<>(classes);
        all.putAll(modules);
        for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
            Sample s = d.getSource() == null ? null : all.get(Path.of(d.getSource().toUri()).toAbsolutePath());
            if (s == null) {
                continue;
            }
            long docLine = s.line() + (d.getLineNumber() - result.get(s).firstCodeLine()) + 1;
            result.get(s).errors().add(s.file() + ":" + docLine + ": " + d.getMessage(Locale.ROOT)
                    + "\n    (generated source " + d.getSource().getName() + ":" + d.getLineNumber() + ")");
        }
        return result;
    }

    /** The source file a sample is compiled as, in package {@code pkg} (a module declaration: alone in a folder). */
    private static Source sourceOf(Sample s, String pkg, Path work) {
        List<String> code = new ArrayList<>(
                s.code().stream().map(l -> LEFT_OUT.matcher(l).replaceAll("$1//...$2")).toList());
        Path folder = work.resolve("src").resolve(pkg.replace('.', '/'));
        return switch (s.kind()) {
            case "module-info" -> new Source(work.resolve("modules").resolve(pkg).resolve("module-info.java")
                    .toAbsolutePath(), String.join("\n", code) + "\n", null, 1);
            case "program" -> program(code, pkg, folder);
            default -> wrapped(s, code, pkg, folder);
        };
    }

    /** A whole source file, in its own package: its package line is replaced in place, or one is put first. */
    private static Source program(List<String> code, String pkg, Path folder) {
        int own = 0;
        while (own < code.size() && !PACKAGE.matcher(code.get(own)).matches()) {
            own++;
        }
        String text;
        int firstCodeLine;
        if (own < code.size()) {
            code.set(own, "package " + pkg + ";");
            text = String.join("\n", code) + "\n";
            firstCodeLine = 1;
        } else {
            text = "package " + pkg + ";\n" + String.join("\n", code) + "\n";
            firstCodeLine = 2;
        }
        Matcher m = PUBLIC_CLASS.matcher(text);
        String simpleName = m.find() ? m.group(1) : "Sample";
        return new Source(folder.resolve(simpleName + ".java").toAbsolutePath(), text, pkg + "." + simpleName,
                firstCodeLine);
    }

    /** A class-body, statements or main-body sample inside the class {@code Sample}, with its givens. */
    private static Source wrapped(Sample s, List<String> code, String pkg, Path folder) {
        StringBuilder unit = new StringBuilder("package " + pkg + ";\n");
        unit.append("import static org.jasyncio.Asyncio.await;\nimport org.jasyncio.*;\n");
        IMPORTS.forEach(i -> unit.append("import ").append(i).append(";\n"));
        // The block's own imports (and blank lines among them) go up with these, one a line, so that line numbers
        // still map back to the doc.
        int hoisted = 0;
        while (!code.isEmpty() && (IMPORT.matcher(code.getFirst()).matches() || code.getFirst().isBlank())) {
            unit.append(code.removeFirst().strip()).append('\n');
            hoisted++;
        }
        unit.append("@SuppressWarnings(\"all\") public class Sample {\n");
        boolean classBody = s.kind().equals("class-body");
        List<String> params = new ArrayList<>();
        for (String g : s.given()) {
            Matcher method = GIVEN_METHOD.matcher(g);
            if (GIVEN_TYPE.matcher(g).matches()) {
                unit.append("static ").append(g).append('\n');
            } else if (method.matches()) {
                // The statements run in an instance method, so this::name works as in real code; a class body's
                // methods are static, so are the ones it is given.
                unit.append(classBody && !g.startsWith("static ") ? "static " : "").append(method.group(1))
                        .append(' ').append(method.group(2)).append('(').append(method.group(3))
                        .append(") { throw new UnsupportedOperationException(); }\n");
            } else if (g.startsWith("static ") || classBody) {
                unit.append(g.startsWith("static ") ? g : "static " + g).append(";\n");
            } else {
                params.add(g);
            }
        }
        if (!classBody) {
            unit.append("void body(").append(String.join(", ", params)).append(") throws Exception {\n");
        }
        int firstCodeLine = (int) unit.chars().filter(c -> c == '\n').count() + 1 - hoisted;
        unit.append(String.join("\n", code)).append('\n');
        if (!classBody) {
            unit.append("}\n");
            if (s.runs()) {
                String loop = s.given().equals(RUNNABLE_GIVENS) ? "Asyncio.getRunningLoop()" : "";
                unit.append("public static void main(String[] args) throws Exception {\n").append(
                        s.kind().equals("main-body") ? "    new Sample().body();\n"
                                : "    Asyncio.run(() -> { new Sample().body(" + loop + "); return null; });\n")
                        .append("}\n");
            }
        }
        unit.append("}\n");
        return new Source(folder.resolve("Sample.java").toAbsolutePath(), unit.toString(), pkg + ".Sample",
                firstCodeLine);
    }

    /**
     * The errors of compiling {@code sources} into {@code out} against the library's classes, on the class path or,
     * for a module declaration, as the module {@code org.jasyncio}.
     */
    private static List<Diagnostic<? extends JavaFileObject>> javac(Iterable<Path> sources, Path out,
            boolean modular) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            Files.createDirectories(out);
            List<String> options = List.of("-proc:none", "-implicit:none", "-nowarn", "-d", out.toString(),
                    modular ? "--module-path" : "-classpath", CORE.resolve("target/classes").toString());
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources)).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }

    // ---------------------------------------------------------------------------------------------- checking

    private static void check(Sample s, Compiled c) throws Exception {
        if (s.kind() == null) {
            fail(s.where() + ": a Java sample without a marker; say how to compile it (see DocSamplesTest's class "
                    + "comment): <!-- sample: program|class-body|statements|main-body|module-info|partial ... -->");
        }
        if (s.kind().equals("partial") || s.kind().equals("module-info")) {
            assertFalse(s.runs(), s.where() + ": a " + s.kind() + " sample cannot run");
        }
        if (s.kind().equals("partial")) {
            return;
        }
        assertTrue(c.errors().isEmpty(), s.where() + " does not compile:\n" + String.join("\n", c.errors()));
        if (s.kind().equals("main-body") && s.runs()) {
            assertTrue(s.given().isEmpty(), s.where() + ": a runnable main-body sample cannot have givens");
        }
        if (s.kind().equals("statements") && s.runs()) {
            assertTrue(s.given().isEmpty() || s.given().equals(RUNNABLE_GIVENS),
                    s.where() + ": a runnable statements sample can be given only " + RUNNABLE_GIVENS);
        }
        if (!s.runs()) {
            assertTrue(s.prints().isEmpty(), s.where() + ": prints without runs");
            return;
        }
        String out = runInThisJvm(s, c.mainClass());
        assertTrue(printsInOrder(s.prints(), out), s.where() + ": expected these lines, in order: " + s.prints()
                + "\n--- it printed:\n" + out);
    }

    /**
     * Runs a sample's {@code main} in this JVM (so under the engine of this pass of the suite), from a class loader of
     * its own over the library's classes, and returns what it printed on standard output. Fails the test if it throws
     * or does not return within the time limit.
     */
    private static String runInThisJvm(Sample s, String mainClass) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {WORK.resolve("classes").toUri().toURL()},
                DocSamplesTest.class.getClassLoader())) {
            Method main = loader.loadClass(mainClass).getMethod("main", String[].class);
            FutureTask<Void> run = new FutureTask<>(() -> {
                main.invoke(null, (Object) new String[0]);
                return null;
            });
            Thread runner = Thread.ofPlatform().name("doc-sample " + s.where()).daemon(true).unstarted(run);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            runner.start();
            try {
                run.get(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                runner.interrupt();
                fail(s.where() + ": did not finish within " + RUN_LIMIT_SECONDS + " s; it printed:\n" + printed);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof InvocationTargetException t ? t.getCause() : e.getCause();
                throw new AssertionError(s.where() + ": main threw; it printed:\n" + printed, cause);
            }
        } finally {
            System.setOut(stdout);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    static boolean printsInOrder(List<String> expected, String output) {
        int next = 0;
        for (String line : output.split("\\R")) {
            if (next < expected.size() && line.equals(expected.get(next))) {
                next++;
            }
        }
        return next == expected.size();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
