package io.dataplug.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything every logger of this JVM writes while it is open, at {@code level} and above, whatever the test logging
 * configuration pins: each event's logger, message and, when it carries one, the exception's stack trace with its
 * causes. Closing restores the levels.
 */
final class CapturedLog implements AutoCloseable {
  private static final String NAME = "dataplug-test-capture";
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final Map<LoggerConfig, Level> levels = new HashMap<>();
  private final List<String> events = new ArrayList<>();
  private final AbstractAppender appender = new AbstractAppender(NAME, null, null, true, Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + ": "
          + event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      synchronized (events) {
        events.add(line.toString());
      }
    }
  };

  private CapturedLog(Level level) {
    appender.start();
    Configuration configuration = context.getConfiguration();
    List<LoggerConfig> configs = new ArrayList<>(configuration.getLoggers().values());
    if (!configs.contains(configuration.getRootLogger())) {
      configs.add(configuration.getRootLogger());
    }
    for (LoggerConfig config : configs) {
      levels.put(config, config.getLevel());
      config.setLevel(level);
      // Additive loggers pass their events on to the root's appenders: one appender there sees them once.
      if (config == configuration.getRootLogger() || !config.isAdditive()) {
        config.addAppender(appender, level, null);
      }
    }
    context.updateLoggers();
  }

  /** Starts capturing every logger at {@code level} and above. */
  static CapturedLog at(Level level) {
    return new CapturedLog(level);
  }

  List<String> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The events at WARN that say {@code text}. */
  List<String> warnings(String text) {
    return events().stream().filter(e -> e.startsWith("WARN ") && e.contains(text)).toList();
  }

  @Override
  public void close() {
    levels.forEach((config, level) -> {
      config.removeAppender(NAME);
      config.setLevel(level);
    });
    context.updateLoggers();
    appender.stop();
  }
}
