package org.listensim.scenarios;

import java.util.List;
import org.listensim.kernel.Ipv4;
import org.listensim.scenarios.workload.ServerApp;

/** Defaults of the scenario format, shared by the YAML loader and the Java builder. */
public final class ScenarioDefaults {
  private ScenarioDefaults() {}

  public static final long SEED = 1;
  public static final int HZ = 1000;
  public static final int SERVER_ADDRESS = Ipv4.parse("10.0.0.1");
  public static final int SERVER_PORT = 80;
  /** What most servers pass to listen(); 2.6.32 clamps it to somaxconn. */
  public static final int BACKLOG = 128;
  /** An application that never calls accept(). */
  public static final ServerApp APP = new ServerApp(new ServerApp.AcceptPolicy.Never(), List.of(), 0, false);
}
