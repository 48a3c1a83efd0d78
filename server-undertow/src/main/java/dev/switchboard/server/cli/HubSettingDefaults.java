package dev.switchboard.server.cli;

import dev.switchboard.api.config.HubSettingKey;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives picocli the default of every hub setting's option from
 * {@link dev.switchboard.api.config.HubSettings#defaults()}, so the command line, {@code --help}
 * and an embedded hub agree without a default written twice. Repeatable settings have none.
 */
public final class HubSettingDefaults implements IDefaultValueProvider {

    /** The setting an option stands for, if it stands for one. */
    static Optional<HubSettingKey> keyOf(OptionSpec option) {
        return Arrays.stream(HubSettingKey.values()).filter(key -> key.flag().equals(option.longestName())).findFirst();
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            return keyOf(option).filter(key -> !key.repeatable()).map(HubSettingKey::defaultText).orElse(null);
        }
        return null;
    }
}
