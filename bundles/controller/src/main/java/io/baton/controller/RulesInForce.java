package io.baton.controller;

import io.baton.api.model.Rules;
import io.baton.api.spi.DeployedRules;
import io.baton.rules.RuleFileException;
import io.baton.rules.RuleFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** The rule table of the rule file in the store, parsed once per revision. */
final class RulesInForce {
    private static final Logger LOG = LoggerFactory.getLogger(RulesInForce.class);

    private long revision = -1;
    private Rules rules;

    /**
     * The rules of the deployed file, or the previous ones if it does not parse (it was validated
     * before it was stored, so that means a foreign writer: keep what works and say so).
     */
    Optional<Rules> of(Optional<DeployedRules> deployed) {
        if (deployed.isPresent() && deployed.get().revision() != revision) {
            DeployedRules d = deployed.get();
            try {
                rules = RuleFiles.parse(d.source(), d.text());
            } catch (RuleFileException e) {
                LOG.error("Rule file revision {} from {} in the store is invalid; the rules in force stay in force:\n{}",
                        d.revision(), d.source(), e.getMessage());
            }
            revision = d.revision();
        }
        return Optional.ofNullable(rules);
    }

    long revision() {
        return revision;
    }
}
