package dev.conceptgraph.neo4jlocal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.locker.FileLockException;
import org.neo4j.kernel.internal.Version;
import sun.misc.Signal;

/**
 * Neo4j Community embedded with Bolt on 127.0.0.1, for machines without Docker; driven by neo4j-local.ts.
 * Contract with the controller: exactly one stdout line, "neo4j-local: ready <bolt uri> (...)", once Bolt
 * accepts connections; failures are one stderr line "neo4j-local: ..." and a non-zero exit code.
 */
public final class Main {
  static final int EXIT_FAILED = 1;
  static final int EXIT_BAD_ARGS = 2;
  static final int EXIT_PORT_IN_USE = 3;
  static final int EXIT_STORE_LOCKED = 4;

  private static final String USAGE =
      "usage: Main [--port N] [--home DIR | --ephemeral] [--page-cache SIZE] [--watch-stdin]"
          + " [--idle-lease FILE --idle-exit SECONDS]";

  private record Options(int port, Path home, boolean ephemeral, long pageCacheBytes, String pageCache, boolean watchStdin,
      Path idleLease, long idleExitSeconds) {}

  private static volatile DatabaseManagementService service;

  public static void main(String[] args) {
    long startedAt = System.nanoTime();
    // Neo4j and its libraries may print to System.out; the controller reads stdout for the ready line only.
    PrintStream stdout = System.out;
    System.setOut(System.err);

    Options options = parseOrExit(args);
    Path home = options.home();
    if (options.ephemeral()) {
      try {
        home = Files.createTempDirectory("neo4j-local-");
      } catch (IOException e) {
        exit(EXIT_FAILED, "cannot create a temporary home: " + e.getMessage());
      }
    }
    Path finalHome = home;

    // The JVM answers SIGTERM/SIGINT with status 143/130 even after a clean shutdown; exit 0 says "stopped as asked".
    Signal.handle(new Signal("TERM"), signal -> System.exit(0));
    Signal.handle(new Signal("INT"), signal -> System.exit(0));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      DatabaseManagementService running = service;
      if (running != null) {
        running.shutdown();
      }
      if (options.ephemeral()) {
        deleteTree(finalHome);
      }
    }, "neo4j-local-shutdown"));
    if (options.watchStdin()) {
      watchStdin();
    }
    if (options.idleLease() != null) {
      watchLease(options.idleLease(), options.idleExitSeconds());
    }

    try {
      service = new DatabaseManagementServiceBuilder(home)
          .setConfig(BoltConnector.enabled, true)
          .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port()))
          // neo4j:// routing tables hand out the advertised address; the default would say localhost:7687.
          .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", options.port()))
          // Unset, the page cache takes about half of the machine's RAM.
          .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes())
          // Already the embedded default; stated because the API and tests rely on it.
          .setConfig(GraphDatabaseSettings.auth_enabled, false)
          .setConfig(GraphDatabaseSettings.udc_enabled, false)
          // Netty waits 5 s of quiet per event loop group (10 s in all) before Bolt stops; a local server has no
          // clients left to drain by then, and tests stop it once per run.
          .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
          // Preallocation reserves 256 MB of disk per transaction log (system and neo4j: half a gigabyte) for a
          // store of a few megabytes.
          .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
          .build();
      if (!service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(TimeUnit.MINUTES.toMillis(5))) {
        exit(EXIT_FAILED, "database 'neo4j' did not become available (details in " + home.resolve("logs") + ")");
      }
      awaitBolt(options.port());
    } catch (Throwable e) {
      failStart(e, options, home);
    }

    double seconds = (System.nanoTime() - startedAt) / 1e9;
    stdout.printf("neo4j-local: ready bolt://127.0.0.1:%d (Neo4j %s, home %s%s, page cache %s, %.1f s)%n",
        options.port(), Version.getNeo4jVersion(), home, options.ephemeral() ? " [ephemeral]" : "",
        options.pageCache(), seconds);
    stdout.flush();
  }

  private static Options parseOrExit(String[] args) {
    int port = 7687;
    Path home = null;
    boolean ephemeral = false;
    String pageCache = "256m";
    boolean watchStdin = false;
    Path idleLease = null;
    long idleExitSeconds = 0;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
          case "--home" -> home = Path.of(value(args, ++i, "--home")).toAbsolutePath().normalize();
          case "--ephemeral" -> ephemeral = true;
          case "--page-cache" -> pageCache = value(args, ++i, "--page-cache");
          case "--watch-stdin" -> watchStdin = true;
          case "--idle-lease" -> idleLease = Path.of(value(args, ++i, "--idle-lease")).toAbsolutePath().normalize();
          case "--idle-exit" -> idleExitSeconds = Long.parseLong(value(args, ++i, "--idle-exit"));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("--port must be 1-65535, got " + port);
      }
      if ((idleLease == null) != (idleExitSeconds <= 0)) {
        throw new IllegalArgumentException("--idle-lease and a positive --idle-exit go together");
      }
      if (home == null && !ephemeral) {
        throw new IllegalArgumentException("give --home DIR or --ephemeral");
      }
      long pageCacheBytes;
      try {
        pageCacheBytes = SettingValueParsers.BYTES.parse(pageCache);
      } catch (IllegalArgumentException e) {
        // Neo4j's own message lists two dozen unit spellings.
        throw new IllegalArgumentException("--page-cache must be a size such as 256m or 1g, got '" + pageCache + "'");
      }
      return new Options(port, home, ephemeral, pageCacheBytes, pageCache, watchStdin, idleLease, idleExitSeconds);
    } catch (IllegalArgumentException e) {
      exit(EXIT_BAD_ARGS, "bad arguments: " + e.getMessage() + "; " + USAGE);
      throw new AssertionError("unreachable");
    }
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }

  /** The parent holds the other end of stdin: EOF means it is gone, even after SIGKILL, so nothing is left orphaned. */
  private static void watchStdin() {
    Thread watcher = new Thread(() -> {
      byte[] buffer = new byte[256];
      try {
        while (System.in.read(buffer) != -1) {
          // Input is ignored; only its end matters.
        }
      } catch (IOException ignored) {
        // A broken pipe means the same as EOF.
      }
      System.exit(0);
    }, "neo4j-local-stdin-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * Left running between starts of the API, the server stops itself once nobody has renewed the lease (the
   * file's modification time) for the idle time; a missing lease counts from when the watch began.
   */
  private static void watchLease(Path lease, long idleSeconds) {
    long idleMillis = TimeUnit.SECONDS.toMillis(idleSeconds);
    long began = System.currentTimeMillis();
    Thread watcher = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(Math.max(200, Math.min(10_000, idleMillis / 4)));
        } catch (InterruptedException e) {
          return;
        }
        long renewed;
        try {
          renewed = Files.getLastModifiedTime(lease).toMillis();
        } catch (IOException e) {
          renewed = began;
        }
        if (System.currentTimeMillis() - Math.max(renewed, began) > idleMillis) {
          System.err.println("neo4j-local: unused for " + idleSeconds + " s (lease " + lease + "); stopping");
          System.exit(0);
        }
      }
    }, "neo4j-local-idle-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** build() returns once Bolt is bound; the probe makes "ready" mean a client can connect now. */
  private static void awaitBolt(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void failStart(Throwable error, Options options, Path home) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        exit(EXIT_PORT_IN_USE, "port " + options.port() + " is already in use");
      }
      if (cause instanceof FileLockException) {
        exit(EXIT_STORE_LOCKED, "store " + home + " is locked by another process (another neo4j-local on the same home?)");
      }
    }
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    exit(EXIT_FAILED, "failed to start: " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage())
        + " (details in " + home.resolve("logs") + ")");
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private static void exit(int status, String message) {
    System.err.println("neo4j-local: " + message);
    System.err.flush();
    System.exit(status);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: the OS cleans the temp folder eventually.
    }
  }
}
