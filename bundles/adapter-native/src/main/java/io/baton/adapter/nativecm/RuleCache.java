package io.baton.adapter.nativecm;

import io.baton.api.model.AppRule;
import io.baton.api.model.LaunchSpec;
import io.baton.api.model.Rules;
import io.baton.api.spi.StoreSnapshot;
import io.baton.rules.RulesInForce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to launch each app, from the rule file in force: the same {@link RulesInForce} test as the controller's, so
 * that the agents launch by the very rules the controller decides by.
 */
final class RuleCache {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCache.class);

    private final RulesInForce inForce = new RulesInForce();

    LaunchSpec launchOf(StoreSnapshot snapshot, String app) throws StartFailure {
        prepare(snapshot);
        Rules r = inForce.rules().orElseThrow(() -> new StartFailure("cannot start " + app + ": " + inForce.problem()));
        AppRule rule = r.appsByName().get(app);
        if (rule == null) {
            throw new StartFailure("cannot start " + app + ": it is not in the rule file " + inForce.source()
                    + " (revision " + inForce.revision() + ")");
        }
        return rule.launch().orElseThrow(() -> new StartFailure("cannot start " + app + ": it has no \"command\" in"
                + " the rule file " + inForce.source() + ", which the native cluster manager needs"));
    }

    /**
     * Reads a newly deployed rule file now, on an ordinary pass, so that a takeover (often the first start
     * on a freshly started node) does not pay for reading it.
     */
    void prepare(StoreSnapshot snapshot) {
        if (inForce.update(snapshot.rules()) == RulesInForce.Change.REFUSED) {
            LOG.error("{}", inForce.problem());
        }
    }
}
