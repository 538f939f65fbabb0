package io.baton.shell;

import com.google.gson.JsonObject;
import io.baton.api.spi.ClusterManager;
import io.baton.api.spi.ClusterManagerException;
import io.baton.api.spi.StoreSnapshot;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** The cluster at a glance: controller, store, adapter, and the server and application tables. */
@Command(scope = "baton", name = "status", description = "Shows the controller, the servers and the applications")
@Service
public class StatusCommand extends BatonAction {

    @Option(name = "--json", description = "Print JSON: {cluster, node, controller, connected, membership, servers, apps}")
    boolean json;

    @Reference(optional = true)
    ClusterManager clusterManager;

    @Override
    public Object execute() {
        StoreSnapshot s = snapshot();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("cluster", store.cluster());
            o.addProperty("node", store.node());
            o.add("controller", TablesJson.controller(s));
            com.google.gson.JsonArray connected = new com.google.gson.JsonArray();
            s.liveNodes().forEach(connected::add);
            o.add("connected", connected);
            o.add("membership", TablesJson.membership(s));
            o.add("servers", TablesJson.servers(s, rules()));
            o.add("apps", TablesJson.apps(s));
            print(o);
            return null;
        }
        out().println("Cluster     " + store.cluster() + " (this node: " + store.node() + ", store "
                + (s.connected() ? "connected" : "DISCONNECTED") + ")");
        out().println("Controller  " + s.controller().map(l -> l.server() + " (term " + l.term() + ")").orElse("none elected"));
        out().println("Connected   " + (s.liveNodes().isEmpty() ? "no node" : String.join(", ", new java.util.TreeSet<>(s.liveNodes()))));
        out().println("Quorum      " + (s.quorate() ? "this node is quorate" : "this node is NOT quorate (it acts on nothing)")
                + (s.membership().leased() ? "" : "; it holds no lease: its apps are stopped"));
        out().println("Brokers     " + BrokersCommand.summary(s));
        out().println("Rules       " + s.rules().map(r -> r.source() + ", revision " + r.revision()).orElse("none deployed (baton:deploy FILE)"));
        out().println("Adapter     " + adapter());
        out().println();
        ServersCommand.table(s, rules(), this::print);
        out().println();
        AppsCommand.table(s, this::print);
        return null;
    }

    private String adapter() {
        ClusterManager manager = clusterManager;
        if (manager == null) {
            return "none installed";
        }
        try {
            return manager.name() + ", " + manager.view().members().size() + " members";
        } catch (ClusterManagerException e) {
            return manager.name() + ", UNREACHABLE: " + e.getMessage();
        }
    }
}
