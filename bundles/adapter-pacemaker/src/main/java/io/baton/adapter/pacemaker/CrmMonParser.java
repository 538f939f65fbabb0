package io.baton.adapter.pacemaker;

import io.baton.api.spi.ClusterManagerException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code crm_mon --output-as=xml} (Pacemaker 2.1, API 2.x) into a {@link PacemakerStatus}, with the
 * JDK's DOM parser. Also parses the error report crm_mon prints as XML when it cannot reach the cluster.
 */
final class CrmMonParser {
    private static final Set<String> RUNNING_ROLES = Set.of("Started", "Promoted", "Unpromoted", "Master", "Slave");

    private CrmMonParser() {
    }

    /**
     * @throws ClusterManagerException if the text is not crm_mon's XML status
     */
    static PacemakerStatus parse(String xml) throws ClusterManagerException {
        Element root = root(xml);
        if (!root.getTagName().equals("pacemaker-result") && !root.getTagName().equals("crm_mon")) {
            throw new ClusterManagerException("crm_mon printed <" + root.getTagName()
                    + ">, not <pacemaker-result>: is this crm_mon --output-as=xml?");
        }
        Element summary = child(root, "summary")
                .orElseThrow(() -> new ClusterManagerException("crm_mon's XML has no <summary>: "
                        + Optional.of(errors(xml)).filter(s -> !s.isEmpty()).orElse("unexpected output")));
        Optional<Element> dcElement = child(summary, "current_dc");
        boolean dcPresent = dcElement.map(e -> bool(e, "present")).orElse(false);
        Optional<String> dc = dcPresent ? dcElement.map(e -> e.getAttribute("name")).filter(s -> !s.isEmpty())
                : Optional.empty();
        boolean quorate = dcElement.map(e -> bool(e, "with_quorum")).orElse(false);

        List<PacemakerStatus.Node> nodes = new ArrayList<>();
        for (Element n : children(child(root, "nodes").orElse(null), "node")) {
            nodes.add(new PacemakerStatus.Node(n.getAttribute("name"), bool(n, "online"), bool(n, "standby"),
                    bool(n, "pending"), bool(n, "unclean"), bool(n, "shutdown")));
        }
        Map<String, PacemakerStatus.Resource> resources = new LinkedHashMap<>();
        Element section = child(root, "resources").orElse(null);
        for (Element r : children(section, "resource")) {
            if (!bool(r, "orphaned")) {
                resources.put(r.getAttribute("id"), primitive(r));
            }
        }
        for (Element g : children(section, "group")) {
            resources.put(g.getAttribute("id"), group(g));
        }
        return new PacemakerStatus(dc, quorate, nodes, resources);
    }

    private static PacemakerStatus.Resource primitive(Element r) {
        return new PacemakerStatus.Resource(r.getAttribute("id"), false, runningOn(r), attribute(r, "target_role"),
                !"false".equals(r.getAttribute("managed")), bool(r, "failed"));
    }

    private static PacemakerStatus.Resource group(Element g) {
        List<Element> members = children(g, "resource");
        Optional<String> node = Optional.empty();
        boolean all = !members.isEmpty();
        boolean failed = false;
        boolean managed = !"false".equals(g.getAttribute("managed"));
        Optional<String> targetRole = Optional.empty();
        for (Element m : members) {
            Optional<String> on = runningOn(m);
            failed |= bool(m, "failed");
            managed &= !"false".equals(m.getAttribute("managed"));
            if (targetRole.isEmpty()) {
                targetRole = attribute(m, "target_role"); // a group's target-role shows on its members
            }
            if (on.isEmpty() || (node.isPresent() && !node.equals(on))) {
                all = false;
            }
            node = node.or(() -> on);
        }
        if (targetRole.isEmpty() && "true".equals(g.getAttribute("disabled"))) {
            targetRole = Optional.of("Stopped");
        }
        return new PacemakerStatus.Resource(g.getAttribute("id"), true, all ? node : Optional.empty(), targetRole,
                managed, failed);
    }

    private static Optional<String> runningOn(Element r) {
        if (!bool(r, "active") || bool(r, "failed") || !RUNNING_ROLES.contains(r.getAttribute("role"))) {
            return Optional.empty();
        }
        List<Element> on = children(r, "node");
        if (on.size() != 1) {
            return Optional.empty(); // multi-active (e.g. stale history of a node that just rejoined): not one server
        }
        return Optional.of(on.get(0).getAttribute("name")).filter(s -> !s.isEmpty());
    }

    /**
     * The status message and errors of crm_mon's XML report ({@code <status code=.. message=..><errors>}),
     * joined on one line; empty when the text holds none (or is not XML).
     */
    static String errors(String xml) {
        if (xml == null || !xml.stripLeading().startsWith("<")) {
            return "";
        }
        try {
            Element root = root(xml);
            Optional<Element> status = child(root, "status");
            if (status.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            String message = status.get().getAttribute("message");
            if (!message.isEmpty() && !"0".equals(status.get().getAttribute("code"))) {
                parts.add(message);
            }
            for (Element e : children(child(status.get(), "errors").orElse(null), "error")) {
                parts.add(e.getTextContent().strip());
            }
            return String.join(" / ", parts);
        } catch (ClusterManagerException e) {
            return "";
        }
    }

    static Element root(String xml) throws ClusterManagerException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document doc = builder.parse(new InputSource(new StringReader(xml)));
            return doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            String start = xml == null ? "" : xml.strip();
            throw new ClusterManagerException("not well-formed XML (" + e.getMessage() + "): "
                    + (start.length() > 200 ? start.substring(0, 200) + "…" : start), e);
        }
    }

    static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean bool(Element e, String attribute) {
        return "true".equalsIgnoreCase(e.getAttribute(attribute));
    }

    private static Optional<String> attribute(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
