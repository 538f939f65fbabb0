/**
 * Rule files (SPEC "Rule file"): {@link io.baton.rules.RuleFiles} reads the JSON a user writes into
 * the {@link io.baton.api.model.Rules rule table}, reporting every problem at once with the file,
 * the JSON path and what is wrong ({@link io.baton.rules.RuleFileException}); ready templates
 * ({@link io.baton.rules.Template}) expand a {@code model} into application defaults and can print
 * a starting rule file. {@link io.baton.rules.StrictJson} is the strict JSON reading shared with
 * the simulator's scenarios. {@link io.baton.rules.RulesInForce} is the one test by which the controller and the
 * agents take a newly deployed rule file.
 */
@Export
@Version("1.1.0")
package io.baton.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
