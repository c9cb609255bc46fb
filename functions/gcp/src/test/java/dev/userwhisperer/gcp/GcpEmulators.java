package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import dev.userwhisperer.gcp.EmulatorProcess.Kind;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link PubSubEmulator} or a {@link FirestoreEmulator} parameter, each backed by a
 * real emulator started once per test JVM, on first use, and stopped when the test run ends (or,
 * failing that, when the JVM exits); or a {@link Firestore} parameter, a client of the emulator on
 * a project of its own (so each test instance starts from an empty database), closed when its test
 * class ends. A missing gcloud or emulator fails the test with how to install it: these tests never
 * skip.
 */
public final class GcpEmulators implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(GcpEmulators.class);
  private static final Map<Kind, EmulatorProcess> RUNNING = new EnumMap<>(Kind.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == PubSubEmulator.class
        || type == FirestoreEmulator.class
        || type == Firestore.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == PubSubEmulator.class) {
      return new PubSubEmulator(running(Kind.PUBSUB, context).hostPort());
    }
    if (parameter.getParameter().getType() == Firestore.class) {
      Firestore client =
          new FirestoreEmulator(running(Kind.FIRESTORE, context).hostPort()).newFirestore();
      context.getStore(NAMESPACE).put(new Object(), (AutoCloseable) client::close);
      return client;
    }
    return new FirestoreEmulator(running(Kind.FIRESTORE, context).hostPort());
  }

  private static synchronized EmulatorProcess running(Kind kind, ExtensionContext context) {
    return RUNNING.computeIfAbsent(
        kind,
        k -> {
          EmulatorProcess emulator = EmulatorProcess.start(k);
          // the root store closes it when the test run ends; the hook covers a JVM that ends
          // otherwise
          context.getRoot().getStore(NAMESPACE).put(k, emulator);
          Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "stop-" + k.component));
          return emulator;
        });
  }
}
