package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.w3c.dom.Element;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Baton's constraints back from {@code cibadmin --query --scope constraints}: every
 * {@code rsc_location} whose id is {@code baton-<its resource>}; its run and backup servers are the values
 * of the rules {@code baton-run-<resource>} and {@code baton-backup-<resource>}. Constraints of anyone else
 * are left out.
 */
final class ConstraintReader {
    private ConstraintReader() {
    }

    /** Resource id to Baton's constraint on it. */
    static Map<String, BatonConstraint> parse(String xml) throws ClusterManagerException {
        Element root = CrmMonParser.root(xml);
        Element constraints = root.getTagName().equals("constraints") ? root
                : CrmMonParser.child(root, "configuration").flatMap(c -> CrmMonParser.child(c, "constraints"))
                .orElseThrow(() -> new ClusterManagerException("no <constraints> in cibadmin's output"));
        Map<String, BatonConstraint> out = new LinkedHashMap<>();
        for (Element location : CrmMonParser.children(constraints, "rsc_location")) {
            String resource = location.getAttribute("rsc");
            if (resource.isEmpty() || !location.getAttribute("id").equals(BatonConstraint.id(resource))) {
                continue;
            }
            Optional<String> run = Optional.empty();
            Optional<String> backup = Optional.empty();
            for (Element rule : CrmMonParser.children(location, "rule")) {
                String id = rule.getAttribute("id");
                Optional<String> node = CrmMonParser.children(rule, "expression").stream()
                        .filter(e -> "#uname".equals(e.getAttribute("attribute")) && "eq".equals(e.getAttribute("operation")))
                        .map(e -> e.getAttribute("value")).filter(v -> !v.isEmpty()).findFirst();
                if (id.equals("baton-run-" + resource)) {
                    run = node;
                } else if (id.equals("baton-backup-" + resource)) {
                    backup = node;
                }
            }
            out.put(resource, new BatonConstraint(resource, run, backup));
        }
        return out;
    }
}
