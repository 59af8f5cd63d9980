package org.jasyncio.loop;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The tests' System.LoggerFinder (registered in META-INF/services): every System.Logger hands its records to the
 * active {@link LogCapture}, or prints WARNING and above to stderr when nothing captures.
 */
public final class RecordingLoggerFinder extends System.LoggerFinder {
    @Override
    public Logger getLogger(String name, Module module) {
        return new RecordingLogger(name);
    }

    private record RecordingLogger(String name) implements Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return LogCapture.active() || level.getSeverity() >= Level.WARNING.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            publish(level, msg, thrown);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            publish(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params), null);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            publish(level, msgSupplier.get(), null);
        }

        private void publish(Level level, String message, Throwable thrown) {
            if (LogCapture.record(name, level, message, thrown)) {
                return;
            }
            if (level.getSeverity() >= Level.WARNING.getSeverity()) {
                System.err.println(level + " " + name + ": " + message);
                if (thrown != null) {
                    thrown.printStackTrace();
                }
            }
        }
    }
}
