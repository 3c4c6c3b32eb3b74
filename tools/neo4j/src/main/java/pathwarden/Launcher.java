package pathwarden;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts the real Neo4j 5.26 Community database in this JVM with Bolt on
 * 127.0.0.1, prints one readiness line, and shuts the database down cleanly
 * on SIGTERM/SIGINT (a shutdown hook), so store files are never left dirty.
 *
 * Arguments: HOME_DIR BOLT_PORT [PAGE_CACHE_MB] [TX_TIMEOUT_SECONDS]
 *
 * Why loopback only and auth off: this database serves one developer's or one
 * CI run's machine and listens on 127.0.0.1 alone; any shared or production
 * deployment uses the Docker image or an external Neo4j with credentials.
 */
public final class Launcher {
    public static final String READY = "PATHWARDEN_NEO4J_READY";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Launcher HOME_DIR BOLT_PORT [PAGE_CACHE_MB] [TX_TIMEOUT_SECONDS] [TX_MEMORY_MB]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCacheMb = args.length > 2 ? Long.parseLong(args[2]) : 512;
        long txTimeoutSeconds = args.length > 3 ? Long.parseLong(args[3]) : 0;
        // The memory all transactions together may hold (dbms.memory.transaction.total.max); 0: Neo4j's default, 70% of the heap.
        long txMemoryMb = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Files.createDirectories(home);

        SocketAddress bolt = new SocketAddress("127.0.0.1", port);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb));
        if (txTimeoutSeconds > 0) {
            builder.setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds));
        }
        if (txMemoryMb > 0) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, ByteUnit.mebiBytes(txMemoryMb));
        }
        DatabaseManagementService dbms = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("PATHWARDEN_NEO4J_STOPPING");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        // The default database must be online before we call it ready: a
        // client connecting earlier would see "database unavailable".
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(120_000)) {
            System.err.println("database did not become available within 120 s");
            System.exit(1);
        }
        System.out.println(READY + " bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
