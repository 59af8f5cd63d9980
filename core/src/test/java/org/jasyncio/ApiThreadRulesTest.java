package org.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API's thread rule, kept true: every public type of {@code org.jasyncio} says in its class Javadoc whether
 * it is loop-only or thread-safe, and the members that differ from their type (the doors in from other threads) say
 * so on themselves. The sources are read as text (comments, strings and bodies skipped) and checked against the
 * compiled classes by reflection, so a member the reader missed fails the test instead of passing unchecked.
 */
class ApiThreadRulesTest {
    /** The words a thread rule is written in ("not thread-safe" counts: it is a rule too). */
    private static final Pattern THREAD_RULE = Pattern.compile("(?i)thread-safe|loop-only");
    /** A claim that something may be called from any thread. */
    private static final Pattern THREAD_SAFE = Pattern.compile("(?i)(?<!not |non-)thread-safe");
    private static final Pattern LOOP_ONLY = Pattern.compile("(?i)loop-only");

    /**
     * Members whose rule differs from their type's or is easy to get wrong, with the rule their own Javadoc must state.
     * Each was checked against the implementation (a volatile field, a lock, a per-thread answer, or a hand-off through
     * {@code callSoonThreadsafe}); add to it when a new door in from other threads appears.
     */
    private static final Map<String, Pattern> MEMBER_RULES = Map.ofEntries(
            Map.entry("EventLoop.callSoonThreadsafe", THREAD_SAFE),
            Map.entry("EventLoop.isRunning", THREAD_SAFE),
            Map.entry("EventLoop.isClosed", THREAD_SAFE),
            Map.entry("EventLoop.time", THREAD_SAFE),
            Map.entry("EventLoop.stats", THREAD_SAFE),
            Map.entry("EventLoop.stop", LOOP_ONLY),
            Map.entry("EventLoop.close", LOOP_ONLY),
            Map.entry("Asyncio.runCoroutineThreadsafe", THREAD_SAFE),
            Map.entry("Asyncio.run", THREAD_SAFE),
            Map.entry("Asyncio.getRunningLoop", THREAD_SAFE),
            Map.entry("Asyncio.getEventLoop", THREAD_SAFE),
            Map.entry("Asyncio.setEventLoop", THREAD_SAFE),
            Map.entry("Asyncio.newEventLoop", THREAD_SAFE),
            Map.entry("Asyncio.getEventLoopPolicy", THREAD_SAFE),
            Map.entry("Asyncio.setEventLoopPolicy", THREAD_SAFE),
            Map.entry("Asyncio.engineInfo", THREAD_SAFE),
            Map.entry("Asyncio.eagerTaskFactory", THREAD_SAFE),
            Map.entry("Asyncio.dumpTasks", THREAD_SAFE),
            Map.entry("EngineInfo.current", THREAD_SAFE),
            Map.entry("Future.getLoop", THREAD_SAFE),
            Map.entry("Future.toCompletionStage", LOOP_ONLY));

    @Test
    void everyPublicTypeStatesItsThreadRule() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Declaration type : publicDeclarations()) {
            if (type.kind == Kind.TYPE && !THREAD_RULE.matcher(type.javadoc).find()) {
                missing.add(type.owner.isEmpty() ? type.name : type.owner + "." + type.name);
            }
        }
        assertEquals(List.of(), missing, "public types whose class Javadoc says neither loop-only nor thread-safe");
    }

    @Test
    void membersThatDifferFromTheirTypeSaySoOnThemselves() throws IOException {
        Map<String, List<Declaration>> byName = new LinkedHashMap<>();
        for (Declaration d : publicDeclarations()) {
            byName.computeIfAbsent(d.owner + "." + d.name, k -> new ArrayList<>()).add(d);
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Pattern> rule : new TreeMap<>(MEMBER_RULES).entrySet()) {
            List<Declaration> overloads = byName.getOrDefault(rule.getKey(), List.of());
            if (overloads.isEmpty()) {
                wrong.add(rule.getKey() + " (not found)");
            }
            for (Declaration d : overloads) {
                if (!rule.getValue().matcher(d.javadoc).find()) {
                    wrong.add(rule.getKey() + " [" + d.header + "] should say " + rule.getValue().pattern());
                }
            }
        }
        for (List<Declaration> overloads : byName.values()) {
            for (Declaration d : overloads) {
                if (d.name.endsWith("Threadsafe") && !THREAD_SAFE.matcher(d.javadoc).find()) {
                    wrong.add(d.owner + "." + d.name + " [" + d.header + "] should say thread-safe");
                }
            }
        }
        assertEquals(List.of(), wrong, "members whose own Javadoc does not state the thread rule they follow");
    }

    /** A new claim of thread-safety inside a loop-only type gets checked against the code and listed above. */
    @Test
    void everyThreadSafeMemberOfALoopOnlyTypeIsListed() throws IOException {
        Map<String, String> typeDocs = new LinkedHashMap<>();
        List<Declaration> all = publicDeclarations();
        for (Declaration d : all) {
            if (d.kind == Kind.TYPE) {
                typeDocs.put(join(d.owner, d.name), d.javadoc);
            }
        }
        Set<String> unlisted = new TreeSet<>();
        for (Declaration d : all) {
            String member = d.owner + "." + d.name;
            if (d.kind == Kind.MEMBER && LOOP_ONLY.matcher(typeDocs.getOrDefault(d.owner, "")).find()
                    && THREAD_SAFE.matcher(d.javadoc).find() && !MEMBER_RULES.containsKey(member)) {
                unlisted.add(member);
            }
        }
        assertEquals(Set.of(), unlisted, "thread-safe members of loop-only types missing from MEMBER_RULES");
    }

    /** Guards the reader: every public method the compiler sees must be one the source reader found. */
    @Test
    void theSourceReaderSeesEveryPublicMethod() throws Exception {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (Declaration d : publicDeclarations()) {
            String owner = d.kind == Kind.TYPE ? join(d.owner, d.name) : d.owner;
            found.computeIfAbsent(owner, k -> new TreeSet<>());
            if (d.kind == Kind.MEMBER) {
                found.get(owner).add(d.name);
            }
        }
        assertTrue(found.containsKey("EventLoop") && found.get("EventLoop").contains("callSoonThreadsafe"),
                "the reader found EventLoop.callSoonThreadsafe");
        List<String> unseen = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : found.entrySet()) {
            Class<?> type = Class.forName("org.jasyncio." + e.getKey().replace('.', '$'));
            Set<String> implicit = new TreeSet<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    implicit.add(c.getName());
                }
                implicit.addAll(List.of("equals", "hashCode", "toString"));
            }
            if (type.isEnum()) {
                implicit.addAll(List.of("values", "valueOf"));
            }
            for (Method m : type.getDeclaredMethods()) {
                boolean api = Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
                if (api && !m.isSynthetic() && !m.isBridge() && !implicit.contains(m.getName())
                        && !e.getValue().contains(m.getName())) {
                    unseen.add(e.getKey() + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), unseen, "public methods the source reader did not find");
    }

    private static String join(String owner, String name) {
        return owner.isEmpty() ? name : owner + "." + name;
    }

    // ---- a small reader of Java source: enough to find each declaration of a type body and the Javadoc before it

    private enum Kind { TYPE, MEMBER }

    /** One declaration: its owner type ("" for a top-level type, "Outer.Inner" when nested), name and Javadoc. */
    private record Declaration(Kind kind, String owner, String name, String header, String javadoc) {}

    private static List<Declaration> publicDeclarations() throws IOException {
        Path dir = Path.of("src/main/java/org/jasyncio");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() > 50, "found the public sources under " + dir.toAbsolutePath());
        List<Declaration> all = new ArrayList<>();
        for (Path file : files) {
            all.addAll(new SourceReader(Files.readString(file)).read());
        }
        return all;
    }

    private static final Pattern ANNOTATION = Pattern.compile("@(?!interface\\b)[\\w.]+(\\s*\\([^()]*\\))?");
    private static final Pattern TYPE_DECL = Pattern.compile("\\b(class|interface|enum|record)\\s+(\\w+)");
    private static final Pattern NAME_BEFORE_PAREN = Pattern.compile("(\\w+)\\s*\\($");
    private static final Pattern LAST_WORD = Pattern.compile("(\\w+)\\s*(\\[\\s*])*\\s*$");

    /** Walks one file: tracks braces, skips comments, strings and bodies, and collects public declarations. */
    private static final class SourceReader {
        /** A brace-delimited region: a type body (with its name and rules) or anything else (skipped). */
        private record Frame(boolean typeBody, boolean isInterface, boolean isEnum, boolean isPublic, String path) {}

        private final String src;
        private final List<Declaration> out = new ArrayList<>();
        private final Deque<Frame> frames = new ArrayDeque<>();
        private StringBuilder header = new StringBuilder();
        private String javadoc = "";
        private int parens;
        private boolean inInitializer;     // after "=" of a field, until its ";"
        private boolean enumConstants;     // the constants section at the start of an enum body

        SourceReader(String src) {
            this.src = src;
        }

        List<Declaration> read() {
            frames.push(new Frame(true, false, false, true, ""));      // the compilation unit
            int i = 0;
            int n = src.length();
            while (i < n) {
                char c = src.charAt(i);
                if (src.startsWith("/**", i) && !src.startsWith("/**/", i)) {
                    int end = src.indexOf("*/", i + 3);
                    javadoc = src.substring(i + 3, end).replaceAll("(?m)^\\s*\\*", " ");
                    i = end + 2;
                } else if (src.startsWith("/*", i)) {
                    i = src.indexOf("*/", i + 2) + 2;
                } else if (src.startsWith("//", i)) {
                    int end = src.indexOf('\n', i);
                    i = end < 0 ? n : end;
                } else if (src.startsWith("\"\"\"", i)) {
                    i = src.indexOf("\"\"\"", i + 3) + 3;
                    header.append("\"\"");
                } else if (c == '"' || c == '\'') {
                    i = skipQuoted(i, c);
                    header.append("\"\"");
                } else {
                    step(c);
                    i++;
                }
            }
            return out;
        }

        private int skipQuoted(int i, char quote) {
            int j = i + 1;
            while (src.charAt(j) != quote) {
                j += src.charAt(j) == '\\' ? 2 : 1;
            }
            return j + 1;
        }

        private void step(char c) {
            Frame frame = frames.peek();
            switch (c) {
                case '(' -> {
                    parens++;
                    header.append(c);
                }
                case ')' -> {
                    parens--;
                    header.append(c);
                }
                case '{' -> {
                    if (parens > 0) {
                        header.append(c);          // a lambda inside an argument list: its braces balance below
                        frames.push(new Frame(false, false, false, false, frame.path));
                        return;
                    }
                    if (frame.typeBody && !inInitializer && !enumConstants) {
                        Frame inner = declare(frame, header.toString(), true);
                        frames.push(inner != null ? inner : new Frame(false, false, false, false, frame.path));
                    } else {
                        if (frame.typeBody && enumConstants) {
                            declare(frame, header.toString(), false);     // a constant with a body
                        }
                        frames.push(new Frame(false, false, false, false, frame.path));
                    }
                    reset();
                }
                case '}' -> {
                    if (parens > 0) {
                        header.append(c);
                        frames.pop();
                        return;
                    }
                    Frame closed = frames.pop();
                    if (closed.isEnum && enumConstants && !header.toString().isBlank()) {
                        declare(closed, header.toString(), false);    // the last constant, no ";" after it
                    }
                    if (closed.typeBody) {
                        enumConstants = false;
                    }
                    reset();
                }
                case ';' -> {
                    if (frame.typeBody && parens == 0) {
                        if (enumConstants) {
                            declare(frame, header.toString(), false);
                            enumConstants = false;
                        } else if (!inInitializer) {
                            declare(frame, header.toString(), false);
                        }
                        inInitializer = false;
                        reset();
                    }
                }
                case ',' -> {
                    if (frame.typeBody && parens == 0 && enumConstants) {
                        declare(frame, header.toString(), false);
                        reset();
                    } else {
                        header.append(c);
                    }
                }
                case '=' -> {
                    if (frame.typeBody && parens == 0 && !inInitializer && !enumConstants) {
                        declare(frame, header.toString(), false);       // a field with an initializer
                        inInitializer = true;
                    }
                    header.append(c);
                }
                default -> header.append(c);
            }
        }

        private void reset() {
            header = new StringBuilder();
            javadoc = "";
        }

        /** Records the declaration whose header just ended; returns the frame of its body if it is a type. */
        private Frame declare(Frame owner, String rawHeader, boolean opensBody) {
            String text = ANNOTATION.matcher(rawHeader).replaceAll(" ").replaceAll("\\s+", " ").strip();
            if (text.isEmpty() || text.equals("static")) {
                return null;
            }
            if (owner.path.isEmpty() && (text.startsWith("package ") || text.startsWith("import "))) {
                return null;
            }
            String beforeParen = text.contains("(") ? text.substring(0, text.indexOf('(')) : text;
            Matcher type = TYPE_DECL.matcher(beforeParen);
            boolean visible = owner.isPublic
                    && (owner.isInterface ? !hasWord(text, "private")
                                          : hasWord(text, "public") || hasWord(text, "protected"));
            if (opensBody && type.find() && !beforeParen.contains("new ")) {
                String name = type.group(2);
                boolean isPublic = owner.path.isEmpty() ? hasWord(text, "public") : visible;
                if (isPublic) {
                    out.add(new Declaration(Kind.TYPE, owner.path, name, text, javadoc));
                }
                boolean isEnum = type.group(1).equals("enum");
                enumConstants = isEnum;
                return new Frame(true, type.group(1).equals("interface"), isEnum, isPublic, join(owner.path, name));
            }
            if (owner.path.isEmpty()) {
                return null;
            }
            String name;
            if (enumConstants && owner.isEnum) {
                Matcher m = Pattern.compile("^(\\w+)").matcher(text);
                if (!m.find()) {
                    return null;
                }
                name = m.group(1);
                visible = owner.isPublic;
            } else if (text.contains("(")) {
                Matcher m = NAME_BEFORE_PAREN.matcher(beforeParen.strip() + "(");
                if (!m.find()) {
                    return null;
                }
                name = m.group(1);
            } else {
                Matcher m = LAST_WORD.matcher(text);
                if (!m.find()) {
                    return null;
                }
                name = m.group(1);
            }
            if (visible) {
                out.add(new Declaration(Kind.MEMBER, owner.path, name, text, javadoc));
            }
            return null;
        }

        private static boolean hasWord(String text, String word) {
            return Pattern.compile("(^|\\s)" + word + "\\s").matcher(text + " ").find();
        }
    }
}
