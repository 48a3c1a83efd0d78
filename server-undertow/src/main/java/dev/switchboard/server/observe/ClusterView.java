package dev.switchboard.server.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the probes and the status report say of the cluster ({@code --cluster}): the Redis address
 * and, per hub, this instance's role and whether Redis answered. {@link #NONE} without a cluster,
 * so that nothing in the reports changes then.
 *
 * @param redis the Redis address the instances coordinate through; empty without a cluster
 * @param roles this instance's role in the hub of that name; empty for a hub that is not clustered
 */
public record ClusterView(Optional<String> redis, Function<String, Optional<HubRole>> roles) {

    /** Not clustered. */
    public static final ClusterView NONE = new ClusterView(Optional.empty(), name -> Optional.empty());

    /**
     * This instance's part in one hub.
     *
     * @param role         {@code leader} (holds the origin connection) or {@code follower}
     * @param redisProblem why Redis did not answer at the last coordination tick; empty while it answers
     */
    public record HubRole(String role, Optional<String> redisProblem) {
    }

    /** Whether a cluster is configured. */
    public boolean enabled() {
        return redis.isPresent();
    }

    /** The role of hub {@code name}, as JSON fields ({@code role}, {@code redis}, {@code redisError}); null when not clustered. */
    public Map<String, Object> describe(String name) {
        Optional<HubRole> role = roles.apply(name);
        if (role.isEmpty()) {
            return null;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("role", role.get().role());
        entry.put("redis", redis.orElse(null));
        entry.put("redisReachable", role.get().redisProblem().isEmpty());
        entry.put("redisError", role.get().redisProblem().orElse(null));
        return entry;
    }
}
