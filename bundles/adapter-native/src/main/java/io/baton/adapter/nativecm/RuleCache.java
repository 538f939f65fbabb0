package io.baton.adapter.nativecm;

import io.baton.api.model.AppRule;
import io.baton.api.model.LaunchSpec;
import io.baton.api.model.Rules;
import io.baton.api.spi.DeployedRules;
import io.baton.api.spi.StoreSnapshot;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** How to launch each app, from the rule file in force; parsed once per deployed revision. */
final class RuleCache {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCache.class);

    private DeployedRules parsedFrom;
    private Optional<Rules> rules = Optional.empty();
    private String problem = "no rule file is deployed";

    synchronized LaunchSpec launchOf(StoreSnapshot snapshot, String app) throws StartFailure {
        refresh(snapshot.rules());
        Rules r = rules.orElseThrow(() -> new StartFailure("cannot start " + app + ": " + problem));
        AppRule rule = r.appsByName().get(app);
        if (rule == null) {
            throw new StartFailure("cannot start " + app + ": it is not in the rule file " + parsedFrom.source()
                    + " (revision " + parsedFrom.revision() + ")");
        }
        return rule.launch().orElseThrow(() -> new StartFailure("cannot start " + app + ": it has no \"command\" in"
                + " the rule file " + parsedFrom.source() + ", which the native cluster manager needs"));
    }

    /**
     * Parses a newly deployed rule file now, on an ordinary pass, so that a takeover (often the first start
     * on a freshly started node) does not pay for reading it.
     */
    synchronized void prepare(StoreSnapshot snapshot) {
        refresh(snapshot.rules());
    }

    private void refresh(Optional<DeployedRules> deployed) {
        if (deployed.isEmpty() || deployed.get().equals(parsedFrom)) {
            return;
        }
        parsedFrom = deployed.get();
        try {
            rules = Optional.of(RuleFiles.parse(parsedFrom.source(), parsedFrom.text()));
        } catch (RuleFileException e) {
            rules = Optional.empty();
            problem = "the deployed rule file " + parsedFrom.source() + " (revision " + parsedFrom.revision()
                    + ") cannot be read: " + e.getMessage();
            LOG.error(problem);
        }
    }
}
